"""Transfer learning, cats vs dogs: the model predicts only one class."""
from tensorflow.keras.applications import VGG16
from tensorflow.keras.applications.vgg16 import preprocess_input
from tensorflow.keras.layers import Dense, GlobalAveragePooling2D
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.preprocessing.image import ImageDataGenerator

base_model = VGG16(weights="imagenet", include_top=False)  # drop the 1000-way classifier
x = base_model.output
x = GlobalAveragePooling2D()(x)
x = Dense(1024, activation="relu")(x)
x = Dense(1024, activation="relu")(x)
x = Dense(512, activation="relu")(x)
preds = Dense(1, activation="softmax")(x)  # final layer
vgg = Model(inputs=base_model.input, outputs=preds)

for layer in base_model.layers:
    layer.trainable = False

gen = ImageDataGenerator(preprocessing_function=preprocess_input)
train_flow = gen.flow_from_directory("data/train", target_size=(224, 224), batch_size=32,
                                     class_mode="binary", shuffle=True)

vgg.compile(optimizer=Adam(learning_rate=1e-4), loss="binary_crossentropy", metrics=["accuracy"])
vgg.fit(train_flow, steps_per_epoch=train_flow.n // train_flow.batch_size, epochs=5)
