"""Keras models with several outputs: Keras pairs the compile losses with the outputs (one loss for
all of them, a list in output order, a dict by output layer name) and the fit targets likewise; each
output is then judged as a single output would be."""

from __future__ import annotations

import pytest

from lossguard.testing import check_code, codes_and_lines

HEADS = '''\
import numpy as np
from tensorflow import keras

inputs = keras.Input((16,))
h = keras.layers.Dense(32, activation="relu")(inputs)
age = keras.layers.Dense(1, name="age")(h)
race = keras.layers.Dense(5, activation="softmax", name="race")(h)
gender = keras.layers.Dense(1, activation="sigmoid", name="gender")(h)
model = keras.Model(inputs, {outputs})
'''


def rules(code: str) -> list[tuple[int, str]]:
    return codes_and_lines(check_code(code))


@pytest.mark.parametrize("compile_loss, expected", [
    ('"binary_crossentropy"', [(6, "LG105"), (7, "LG101")]),  # one loss applied to every output
    ('["mse", "categorical_crossentropy", "binary_crossentropy"]', []),
    ('["mse", "binary_crossentropy", "binary_crossentropy"]', [(7, "LG101")]),
    ('{"age": "mse", "race": "sparse_categorical_crossentropy", "gender": "binary_crossentropy"}', []),
    ('{"age": "mse", "race": "binary_crossentropy", "gender": "binary_crossentropy"}', [(7, "LG101")]),
    ('{"race": keras.losses.SparseCategoricalCrossentropy(from_logits=True)}', [(7, "LG104")]),  # others untrained
    ('["mse", "categorical_crossentropy"]', []),  # lengths differ: Keras refuses it, nothing to judge
])
def test_losses_are_paired_with_outputs_like_keras_does(compile_loss, expected):
    code = HEADS.format(outputs="[age, race, gender]") + f"model.compile(optimizer='adam', loss={compile_loss})\n"
    assert rules(code) == expected


def test_dict_outputs_pair_by_key_and_targets_follow():
    code = HEADS.format(outputs='{"age": age, "race": race, "gender": gender}') + '''\
model.compile(optimizer="adam", loss={"age": "mse", "race": "categorical_crossentropy", "gender": "binary_crossentropy"})
x = np.random.rand(64, 16)
model.fit(x, {"age": np.random.rand(64), "race": np.random.randint(0, 5, 64), "gender": np.random.randint(0, 2, 64)})
'''
    assert rules(code) == [(10, "LG202")]  # integer race ids into categorical cross-entropy (at the loss)


def test_list_targets_follow_the_output_order():
    code = HEADS.format(outputs="[age, race, gender]") + '''\
model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy", "binary_crossentropy"])
x = np.random.rand(64, 16)
model.fit(x, [np.random.rand(64), keras.utils.to_categorical(np.random.randint(0, 5, 64), 5), np.random.randint(0, 2, 64)])
'''
    assert rules(code) == [(10, "LG201")]  # one-hot race labels into the sparse loss (at the loss)
