import json

import numpy as np
from sklearn.preprocessing import MultiLabelBinarizer
from tensorflow import keras


def load_questions(path, vocab_size, seq_len):
    with open(path) as f:
        rows = [json.loads(line) for line in f]
    vectorizer = keras.layers.TextVectorization(max_tokens=vocab_size, output_sequence_length=seq_len)
    texts = [r["title"] + " " + r["body"] for r in rows]
    vectorizer.adapt(texts)
    x = vectorizer(np.array(texts)).numpy()
    binarizer = MultiLabelBinarizer()
    y = binarizer.fit_transform([r["tags"] for r in rows]).astype("float32")
    return x, y, list(binarizer.classes_)
