"""Unit tests for the facts the extractors produce (what rules read), independent of any rule."""

import libcst as cst

from lossguard.facts import extract_facts


def links(code):
    return extract_facts(cst.parse_module(code)).links


def only(code):
    found = links(code)
    assert len({(id(l.at), l.loss.name) for l in found}) >= 1, found
    return found[0]


def test_torch_module_layers_forward_and_criterion_object():
    link = only('''
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, n_classes=7):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(32, 64), nn.ReLU())
        self.head = nn.Linear(64, n_classes)
    def forward(self, x):
        h = self.body(x)
        logits = self.head(h)
        return logits
net = Net()
criterion = nn.CrossEntropyLoss()
loss = criterion(net(x), y)
''')
    assert (link.head.activation, link.head.units, link.head.framework) == ("linear", 7, "torch")
    assert (link.loss.name, link.loss.family, link.loss.expects) == ("nn.CrossEntropyLoss", "categorical", "logits")
    assert link.via == "call"


def test_softmax_forms_in_forward():
    for expr, dim in [("F.softmax(z, dim=1)", 1), ("torch.softmax(z, -1)", -1), ("z.softmax(dim=1)", 1),
                      ("self.sm(z)", 1), ("F.log_softmax(z, 1)", 1)]:
        link = only(f'''
import torch
import torch.nn as nn
import torch.nn.functional as F
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3)
        self.sm = nn.Softmax(dim=1)
    def forward(self, x):
        z = self.fc(x)
        return {expr}
loss = nn.NLLLoss()(M()(x), y)
''')
        assert link.head.activation in ("softmax", "log_softmax"), expr
        assert link.head.units == 3 and link.head.dim == dim, expr


def test_training_path_only():
    code = '''
import torch.nn as nn
import torch.nn.functional as F
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3)
    def forward(self, x):
        z = self.fc(x)
        if not self.training:
            z = F.softmax(z, dim=1)
        return z
m = M()
loss = nn.CrossEntropyLoss()(m(x), y)
'''
    assert only(code).head.activation == "linear"
    no_grad = '''
import torch
import torch.nn as nn
m = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1))
with torch.no_grad():
    val = nn.CrossEntropyLoss()(m(x), y)
'''
    assert links(no_grad) == []


def test_criterion_and_model_passed_as_arguments():
    link = only('''
import torch.nn as nn
def fit(model, loss_fn, batches):
    for xb, yb in batches:
        loss_fn(model(xb), yb).backward()
fit(nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()), nn.BCEWithLogitsLoss(), data)
''')
    assert (link.head.activation, link.loss.expects) == ("sigmoid", "logits")


def test_keras_compile_fit_labels_and_inputs():
    found = links('''
from tensorflow import keras
(x, y), _ = keras.datasets.cifar10.load_data()
y = keras.utils.to_categorical(y, 10)
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y)
''')
    [link] = found
    assert link.via == "fit"
    assert (link.head.activation, link.head.units) == ("softmax", 10)
    assert (link.loss.family, link.loss.expects, link.loss.callable_kind) == ("categorical", "probabilities", "string")
    assert (link.labels.encoding, link.labels.n_classes) == ("one_hot", 10)
    assert link.raw_pixels_from is not None  # 0..255 images reach the model
    assert [m.name for m in link.metrics] == ["accuracy"]


def test_last_compile_wins_and_functional_model():
    [link] = links('''
import tensorflow as tf
inp = tf.keras.Input((4,))
out = tf.keras.layers.Dense(3)(tf.keras.layers.Dense(8, activation="relu")(inp))
model = tf.keras.Model(inp, out)
model.compile(loss="categorical_crossentropy")
model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
''')
    assert (link.loss.expects, link.via, link.head.activation) == ("logits", "compile", "linear")


def test_unknowns_stay_unknown():
    [link] = links('''
import sys
from tensorflow import keras
units = int(sys.argv[1])
model = keras.Sequential([keras.layers.Dense(units, activation=sys.argv[2])])
model.compile(loss="binary_crossentropy")
''')
    assert link.head.units is None and link.head.activation == "unknown"
    assert links('''
import sys
import torch.nn as nn
loss_fn = nn.BCELoss() if sys.argv[1] == "probs" else nn.BCEWithLogitsLoss()
loss = loss_fn(nn.Linear(3, 1)(x), y)
''') == []


def test_raw_tensorflow_losses():
    [link] = links('''
import tensorflow as tf
def loss_fn(x, y):
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=tf.sigmoid(x))
''')
    assert (link.head.activation, link.loss.expects, link.loss.framework) == ("sigmoid", "logits", "tf")


def test_torch_data_facts_from_loaders_and_datasets():
    [link] = links('''
import torch
from torchvision import datasets, transforms
ds = datasets.MNIST("d", download=True, transform=transforms.PILToTensor())
loader = torch.utils.data.DataLoader(ds, batch_size=8)
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))
for images, labels in loader:
    torch.nn.functional.cross_entropy(model(images.float()), labels)
''')
    assert (link.labels.encoding, link.labels.n_classes) == ("integer", 10)
    assert link.raw_pixels_from is not None


def test_string_literals_evaluate_like_python():
    from lossguard.analysis.interpreter import _e_string

    for src in ['"abc"', "'x'", '"""tri\nple"""', "'''t'''", 'r"a\\b"', '"a\\nb"', 'b"bytes"', 'u"uni"', '""',
                "R'\\d+'", "'it\\'s'", '"sigmoid"', "rb'\\x00'"]:
        node = cst.parse_expression(src)
        assert _e_string(None, node, None).value == node.evaluated_value, src
