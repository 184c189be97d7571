"""## What it does
Reports `metrics=["accuracy"]` on a model with a single linear output trained with a regression
loss (mse, mae, huber, msle, ...). Targets known to be 0/1 class labels (a two-class dataset, a
binary label column) are not a regression: the accuracy of that linear probability model means
something, and the rule stays silent.

## Why is this bad?
Keras resolves "accuracy" from the loss and the output shape. For a single-unit output it picks
binary accuracy: the share of predictions that round to the target. On continuous targets that is
nearly always 0 (or, for small targets, a meaningless number), so the metric users watch says
nothing about the model. Several units with one-hot targets get categorical accuracy and are not
reported.

## Fix safety
No automatic fix: replacing `"accuracy"` by a regression metric would break code that reads
`history.history["accuracy"]`, a callback's `monitor="accuracy"` or the logs by that name. Pick the
regression metric you care about (`"mae"`, `keras.metrics.RootMeanSquaredError()`) and update
what reads it.
"""

from __future__ import annotations

from typing import Iterator

from lossguard.facts import ProgramFacts
from lossguard.rules.base import WARNING, Example, Rule, Violation
from lossguard.rules.kit import loss_text


class AccuracyMetricWithRegressionLoss(Rule):
    code = "LG401"
    name = "accuracy-metric-with-regression-loss"
    severity = WARNING
    summary = "accuracy metric on a regression model"
    hint = 'report a regression metric such as "mae" or "mse" instead of "accuracy"'
    frameworks = ("keras",)

    def check(self, facts: ProgramFacts) -> Iterator[Violation]:
        for link in facts.links:
            head, loss = link.head, link.loss
            if loss.family != "regression" or head is None or head.units != 1 or head.activation != "linear":
                continue
            labels = link.labels
            if labels is not None and (labels.encoding == "binary" or (labels.encoding == "integer"
                                                                      and labels.n_classes == 2)):
                continue  # 0/1 class labels: binary accuracy of a linear probability model means something
            for metric in link.metrics:
                if metric.name not in ("accuracy", "acc"):
                    continue
                yield Violation(
                    metric.at,
                    f'"{metric.name}" on a single linear output trained with {loss_text(loss)} is binary accuracy '
                    f"of a regression, which is meaningless",
                    related=tuple(item for item in ((loss.at, "the regression loss"),
                                                    (head.layer_at, "the single linear output unit"))
                                  if item[0] is not None),
                    facts=link.summary(),
                )

    invalid = [
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])  # <- LG401
model.fit(x_train, y_train, epochs=100)
'''),
    ]
    valid = [
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.boston_housing.load_data()
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100)
'''),
        Example('''\
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
''', "several units: categorical accuracy"),
        Example('''\
from tensorflow import keras

(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
x_train = keras.utils.pad_sequences(x_train, maxlen=200)
model = keras.Sequential([keras.layers.Embedding(10000, 16), keras.layers.GlobalAveragePooling1D(),
                          keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10)
''', "0/1 labels: a linear probability model, its accuracy means something"),
    ]
