import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def load_digit_splits(test_size=0.2, seed=42):
    digits = load_digits()
    features = digits.data.astype(np.float32) / 16.0
    labels = digits.target.astype(np.int64)
    return train_test_split(features, labels, test_size=test_size, random_state=seed, stratify=labels)
