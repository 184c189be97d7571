import pandas as pd
import tensorflow as tf
import keras
from keras import layers

dataframe = pd.read_csv("heart.csv")
val_dataframe = dataframe.sample(frac=0.2, random_state=1337)
train_dataframe = dataframe.drop(val_dataframe.index)


def dataframe_to_dataset(df):
    df = df.copy()
    labels = df.pop("target")
    ds = tf.data.Dataset.from_tensor_slices((dict(df), labels))
    return ds.shuffle(buffer_size=len(df))


train_ds = dataframe_to_dataset(train_dataframe).batch(32)
val_ds = dataframe_to_dataset(val_dataframe).batch(32)


def encode_numerical_feature(feature, name, dataset):
    normalizer = layers.Normalization()
    feature_ds = dataset.map(lambda x, y: x[name]).map(lambda x: tf.expand_dims(x, -1))
    normalizer.adapt(feature_ds)
    return normalizer(feature)


def encode_categorical_feature(feature, name, dataset, is_string):
    lookup_class = layers.StringLookup if is_string else layers.IntegerLookup
    lookup = lookup_class(output_mode="binary")
    feature_ds = dataset.map(lambda x, y: x[name]).map(lambda x: tf.expand_dims(x, -1))
    lookup.adapt(feature_ds)
    return lookup(feature)


sex = keras.Input(shape=(1,), name="sex", dtype="int64")
cp = keras.Input(shape=(1,), name="cp", dtype="int64")
thal = keras.Input(shape=(1,), name="thal", dtype="string")
age = keras.Input(shape=(1,), name="age")
trestbps = keras.Input(shape=(1,), name="trestbps")
chol = keras.Input(shape=(1,), name="chol")
thalach = keras.Input(shape=(1,), name="thalach")
all_inputs = [sex, cp, thal, age, trestbps, chol, thalach]

all_features = layers.concatenate([
    encode_categorical_feature(sex, "sex", train_ds, False),
    encode_categorical_feature(cp, "cp", train_ds, False),
    encode_categorical_feature(thal, "thal", train_ds, True),
    encode_numerical_feature(age, "age", train_ds),
    encode_numerical_feature(trestbps, "trestbps", train_ds),
    encode_numerical_feature(chol, "chol", train_ds),
    encode_numerical_feature(thalach, "thalach", train_ds),
])
x = layers.Dense(32, activation="relu")(all_features)
x = layers.Dropout(0.5)(x)
output = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(all_inputs, output)
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=50, validation_data=val_ds)

sample = {"sex": 1, "cp": 1, "thal": "fixed", "age": 60, "trestbps": 145, "chol": 233, "thalach": 150}
input_dict = {name: tf.convert_to_tensor([value]) for name, value in sample.items()}
predictions = model.predict(input_dict)
print(f"This particular patient had a {100 * predictions[0][0]:.1f} percent probability of having a heart disease.")
