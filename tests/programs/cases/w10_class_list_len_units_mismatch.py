import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from tensorflow.keras.utils import to_categorical

CLASS_NAMES = ["glioma", "meningioma", "pituitary", "no_tumor", "other", "artifact"]

# In[2]:
x = np.load("scans.npy") / 255.0
y = to_categorical(np.load("labels.npy"), num_classes=len(CLASS_NAMES))

# In[3]:
model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(150, 150, 1)))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(64, activation="relu"))
model.add(Dense(5, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

# In[4]:
history = model.fit(x, y, epochs=15, validation_split=0.2)
