"""## What it does
Reports a sigmoid, softmax or tanh output trained with a regression loss (mse, mae, huber, ...) on
targets known to lie outside the activation's range, such as `boston_housing` prices (5..50),
scikit-learn's California housing values or diabetes scores.

## Why is this bad?
A sigmoid cannot output more than 1 (tanh: more than 1 or less than -1). When every target is
larger, the model saturates at the bound, the gradient vanishes, and the error stays at roughly the
mean target forever. The loss curve looks flat but the code "runs".

## Fix safety
No automatic fix: use a linear output for regression, or scale the targets into the output range
(e.g. `MinMaxScaler`) and invert the scaling for predictions.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import WARNING, Example, Rule, Violation
from lossguard.rules.kit import loss_text

_RANGES = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "tanh": (-1.0, 1.0)}


class BoundedOutputForUnboundedTarget(Rule):
    code = "LG303"
    name = "bounded-output-for-unbounded-target"
    severity = WARNING
    summary = "bounded output activation for regression targets outside its range"
    hint = "use a linear output (no activation) for regression, or scale the targets into the output range"

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss, labels = link.head, link.loss, link.labels
            if head is None or head.activation not in _RANGES or head.location is None:
                continue
            if loss.family != "regression" or labels is None or labels.target_range is None:
                continue
            low, high = _RANGES[head.activation]
            t_low, t_high = labels.target_range
            if t_low >= low and t_high <= high:
                continue
            yield Violation(
                head.location,
                f"a {head.activation} output (range {low:g}..{high:g}) is trained with {loss_text(loss)} on "
                f"{labels.target_name or 'targets'}, which lie outside that range",
                related=((labels.origin or labels.classes_at, "the targets come from here"),)
                if (labels.origin or labels.classes_at) else (),
                facts=link.summary(),
            )

    invalid = [
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mean) / std
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(13,)),
    keras.layers.Dense(1, activation="sigmoid"),  # <- LG303
])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16)
'''),
        Example('''\
import torch
from torch import nn
from sklearn.datasets import load_diabetes

X, y = load_diabetes(return_X_y=True)
X, y = torch.tensor(X).float(), torch.tensor(y).float()
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Tanh())  # <- LG303
loss = nn.MSELoss()(model(X).squeeze(1), y)
'''),
    ]
    valid = [
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100)
'''),
        Example('''\
from sklearn.datasets import fetch_california_housing
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras

X, y = fetch_california_housing(return_X_y=True)
y = MinMaxScaler().fit_transform(y.reshape(-1, 1))
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y)
''', "targets scaled into [0, 1]"),
    ]
