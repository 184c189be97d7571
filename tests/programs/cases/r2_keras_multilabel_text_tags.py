from ast import literal_eval

import pandas as pd
import tensorflow as tf
import keras
from keras import layers
from sklearn.model_selection import train_test_split

arxiv_data = pd.read_csv("arxiv_data.csv")
arxiv_data = arxiv_data[~arxiv_data["titles"].duplicated()]
arxiv_data["terms"] = arxiv_data["terms"].apply(lambda x: literal_eval(x))

train_df, test_df = train_test_split(arxiv_data, test_size=0.1, stratify=arxiv_data["terms"].values)
val_df = test_df.sample(frac=0.5)
test_df.drop(val_df.index, inplace=True)

terms = tf.ragged.constant(train_df["terms"].values)
lookup = layers.StringLookup(output_mode="multi_hot")
lookup.adapt(terms)

max_seqlen = 150
batch_size = 128


def make_dataset(dataframe, is_train=True):
    labels = tf.ragged.constant(dataframe["terms"].values)
    label_binarized = lookup(labels).numpy()
    dataset = tf.data.Dataset.from_tensor_slices((dataframe["summaries"].values, label_binarized))
    dataset = dataset.shuffle(batch_size * 10) if is_train else dataset
    return dataset.batch(batch_size)


train_dataset = make_dataset(train_df, is_train=True)
validation_dataset = make_dataset(val_df, is_train=False)

text_vectorizer = layers.TextVectorization(max_tokens=20000, ngrams=2, output_mode="tf_idf")
with tf.device("/CPU:0"):
    text_vectorizer.adapt(train_dataset.map(lambda text, label: text))
train_dataset = train_dataset.map(lambda text, label: (text_vectorizer(text), label)).prefetch(tf.data.AUTOTUNE)
validation_dataset = validation_dataset.map(lambda text, label: (text_vectorizer(text), label))


def make_model():
    shallow_mlp_model = keras.Sequential(
        [
            layers.Dense(512, activation="relu"),
            layers.Dense(256, activation="relu"),
            layers.Dense(lookup.vocabulary_size(), activation="sigmoid"),
        ]
    )
    return shallow_mlp_model


shallow_mlp_model = make_model()
shallow_mlp_model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["binary_accuracy"])
history = shallow_mlp_model.fit(train_dataset, validation_data=validation_dataset, epochs=20)
