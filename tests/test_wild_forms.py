"""The forms of code found in real repositories (issue 10): each taught to the analyser as a form (an API,
a data flow), each with a buggy program and a correct trap, in styles other than the ones that
revealed them. Larger whole programs live in tests/programs/cases/ (the `w10_` files)."""

import pytest

from lossguard.testing import check_code

CASES = {
    # ------------------------------------------------------------------ round 4 of real repositories
    "a linear Activation after the softmax is a float32 cast: still probabilities, into from_logits=True (LG104)": ('''
import tensorflow as tf
from tensorflow.keras import layers

inputs = tf.keras.Input(shape=(784,))
hidden = layers.Dense(256, activation="relu")(inputs)
scores = layers.Dense(10)(hidden)
probs = layers.Activation("softmax", name="predictions")(scores)
probs = layers.Activation("linear", dtype="float32")(probs)
model = tf.keras.Model(inputs, probs)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=2)
''', ["LG104"]),
    "the mixed-precision cast after the softmax with a probability loss (silent)": ('''
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(784,))
x = layers.Dense(4096, activation="relu")(inputs)
x = layers.Dense(10)(x)
x = layers.Activation("softmax")(x)
outputs = layers.Activation("linear", dtype="float32")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.RMSprop(), metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=8192, epochs=5)
''', []),
    "a linear Activation on the raw scores keeps them logits (silent with from_logits=True)": ('''
import keras
model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(5),
                          keras.layers.Activation("linear", dtype="float32")])
model.compile("sgd", keras.losses.CategoricalCrossentropy(from_logits=True))
model.fit(features, keras.utils.to_categorical(labels, 5))
''', []),
    "the option that picks the model is tested again where it is called: each path calls its own (LG106)": ('''
import argparse
import torch
import torch.nn as nn
import torch.nn.functional as F

class Recurrent(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.rnn = nn.GRU(32, 64)
        self.out = nn.Linear(64, vocab)
    def forward(self, tokens, state):
        seq, state = self.rnn(tokens, state)
        return self.out(seq), state

class Attention(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.enc = nn.TransformerEncoderLayer(32, 4)
        self.out = nn.Linear(32, vocab)
    def forward(self, tokens):
        return F.log_softmax(self.out(self.enc(tokens)), dim=-1)

parser = argparse.ArgumentParser()
parser.add_argument("--arch", default="gru")
opts = parser.parse_args()
vocab = 1000
if opts.arch == "attention":
    net = Attention(vocab)
else:
    net = Recurrent(vocab)
criterion = nn.NLLLoss()

def train_epoch(batches):
    state = None
    for tokens, targets in batches:
        if opts.arch != "attention":
            scores, state = net(tokens, state)
        else:
            scores = net(tokens)
        criterion(scores.view(-1, vocab), targets.view(-1)).backward()
''', ["LG106"]),
    "the same with both models ending in log_softmax (silent)": ('''
import argparse
import torch.nn as nn
import torch.nn.functional as F

class Recurrent(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.rnn = nn.GRU(32, 64)
        self.out = nn.Linear(64, vocab)
    def forward(self, tokens, state):
        seq, state = self.rnn(tokens, state)
        return F.log_softmax(self.out(seq), dim=-1), state

class Attention(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.enc = nn.TransformerEncoderLayer(32, 4)
        self.out = nn.Linear(32, vocab)
    def forward(self, tokens):
        return F.log_softmax(self.out(self.enc(tokens)), dim=-1)

parser = argparse.ArgumentParser()
parser.add_argument("--recurrent", action="store_true")
opts = parser.parse_args()
net = Recurrent(500) if opts.recurrent else Attention(500)
criterion = nn.NLLLoss()
state = None
for tokens, targets in loader:
    if not opts.recurrent:
        scores = net(tokens)
    else:
        scores, state = net(tokens, state)
    criterion(scores.view(-1, 500), targets.view(-1)).backward()
''', []),
    "a negated retest of the option on the recurrent path reaches the raw scores (LG106)": ('''
import argparse
import torch.nn as nn
import torch.nn.functional as F

class Recurrent(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.rnn = nn.GRU(32, 64)
        self.out = nn.Linear(64, vocab)
    def forward(self, tokens, state):
        seq, state = self.rnn(tokens, state)
        return self.out(seq), state

class Attention(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.enc = nn.TransformerEncoderLayer(32, 4)
        self.out = nn.Linear(32, vocab)
    def forward(self, tokens):
        return F.log_softmax(self.out(self.enc(tokens)), dim=-1)

parser = argparse.ArgumentParser()
parser.add_argument("--recurrent", action="store_true")
opts = parser.parse_args()
net = Recurrent(500) if opts.recurrent else Attention(500)
criterion = nn.NLLLoss()
state = None
for tokens, targets in loader:
    if not opts.recurrent:
        scores = net(tokens)
    else:
        scores, state = net(tokens, state)
    criterion(scores.view(-1, 500), targets.view(-1)).backward()
''', ["LG106"]),
    "a torchvision model picked by name from models.__dict__, built with the default 1000 classes for CIFAR-10 (LG203)": ('''
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

def get_model(name):
    if name in models.__dict__:
        fn = models.__dict__[name]
    else:
        raise RuntimeError(f"unknown model {name}")
    return fn()

train_set = datasets.CIFAR10("data", train=True, download=True, transform=transforms.ToTensor())
train_loader = DataLoader(train_set, batch_size=128, shuffle=True)
model = get_model(config["model"])
criterion = nn.CrossEntropyLoss()
for images, labels in train_loader:
    criterion(model(images), labels).backward()
''', ["LG203"]),
    "the same built with num_classes=10 (silent)": ('''
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

def get_model(name):
    return models.__dict__[name](num_classes=10)

train_set = datasets.CIFAR10("data", train=True, download=True, transform=transforms.ToTensor())
train_loader = DataLoader(train_set, batch_size=128, shuffle=True)
model = get_model(config["model"])
criterion = nn.CrossEntropyLoss()
for images, labels in train_loader:
    criterion(model(images), labels).backward()
''', []),
    "getattr(torchvision.models, arch) with the default head on CIFAR-100 (LG203)": ('''
import sys
import torch
import torchvision

net = getattr(torchvision.models, sys.argv[1])(weights=None)
data = torchvision.datasets.CIFAR100(root="./data", download=True)
loss_fn = torch.nn.CrossEntropyLoss()
for x, y in torch.utils.data.DataLoader(data, batch_size=64):
    loss_fn(net(x), y).backward()
''', ["LG203"]),
    "vars(torchvision.models)[arch] with the head replaced for 100 classes (silent)": ('''
import sys
import torch
import torchvision

net = vars(torchvision.models)[sys.argv[1]](num_classes=100)
data = torchvision.datasets.CIFAR100(root="./data", download=True)
loss_fn = torch.nn.CrossEntropyLoss()
for x, y in torch.utils.data.DataLoader(data, batch_size=64):
    loss_fn(net(x), y).backward()
''', []),
    "softmax outputs of several heads accumulated with torch.cat from torch.tensor([]) stay probabilities (LG104)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F

class MultiHead(nn.Module):
    def __init__(self, n_heads=3):
        super().__init__()
        self.trunk = nn.Linear(32, 64)
        self.heads = nn.ModuleList([nn.Linear(64, 2) for _ in range(n_heads)])

    def forward(self, x):
        h = torch.relu(self.trunk(x))
        scores = torch.tensor([])
        for head in self.heads:
            scores = torch.cat((scores, F.softmax(head(h), dim=1).unsqueeze(-1)), dim=-1)
        return scores

net = MultiHead()
criterion = nn.CrossEntropyLoss()
for x, y in loader:
    criterion(net(x), y).backward()
''', ["LG104"]),
    "the same heads accumulating logits (silent)": ('''
import torch
import torch.nn as nn

class MultiHead(nn.Module):
    def __init__(self, n_heads=3):
        super().__init__()
        self.trunk = nn.Linear(32, 64)
        self.heads = nn.ModuleList([nn.Linear(64, 2) for _ in range(n_heads)])

    def forward(self, x):
        h = torch.relu(self.trunk(x))
        scores = torch.tensor([])
        for head in self.heads:
            scores = torch.cat((scores, head(h).unsqueeze(-1)), dim=-1)
        return scores

net = MultiHead()
criterion = nn.CrossEntropyLoss()
for x, y in loader:
    criterion(net(x), y).backward()
''', []),
    "probabilities joined with raw scores are neither (silent)": ('''
import torch
import torch.nn as nn

class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 4)
        self.b = nn.Linear(8, 4)

    def forward(self, x):
        return torch.cat([torch.softmax(self.a(x), dim=1), self.b(x)], dim=1)

net = Mixed()
for x, y in loader:
    nn.CrossEntropyLoss()(net(x), y).backward()
''', []),
    "a base class's training loop calls the forward and the loss a subclass overrides (LG104)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F

class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(16, 5)
        self.criterion = nn.CrossEntropyLoss()

    def forward(self, obs):
        return self.body(obs)

    def prediction_loss(self, predicted, target):
        return self.criterion(predicted, target)

    def learn(self, memory):
        optimizer = torch.optim.Adam(self.parameters(), lr=1e-3)
        for obs, target in memory:
            loss = self.prediction_loss(self.forward(obs), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

class ProbabilisticAgent(Agent):
    def forward(self, obs):
        return F.softmax(self.body(obs), dim=-1)
''', ["LG104"]),
    "the subclass also overrides the loss to read probabilities correctly (silent)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F

class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(16, 5)
        self.criterion = nn.CrossEntropyLoss()

    def forward(self, obs):
        return self.body(obs)

    def prediction_loss(self, predicted, target):
        return self.criterion(predicted, target)

    def learn(self, memory):
        optimizer = torch.optim.Adam(self.parameters(), lr=1e-3)
        for obs, target in memory:
            loss = self.prediction_loss(self.forward(obs), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

class ProbabilisticAgent(Agent):
    def forward(self, obs):
        return F.softmax(self.body(obs), dim=-1)

    def prediction_loss(self, predicted, target):
        return F.nll_loss(torch.log(predicted + 1e-8), target)
''', []),
    "PyTorch-Ignite: a torchvision model picked by name, trained by an Engine on auto_dataloader batches of CIFAR-10 (LG203)": ('''
import ignite.distributed as idist
import torch.nn as nn
import torch.optim as optim
from ignite.engine import Engine, Events
from torchvision import datasets, models
from torchvision.transforms import ToTensor

def get_model(name):
    fn = models.__dict__[name]
    return fn()

train_ds = datasets.CIFAR10("data", train=True, download=True, transform=ToTensor())
train_loader = idist.auto_dataloader(train_ds, batch_size=256, shuffle=True)
model = idist.auto_model(get_model(config["model"]))
optimizer = idist.auto_optim(optim.SGD(model.parameters(), lr=0.1))
criterion = nn.CrossEntropyLoss().to(idist.device())

def train_step(engine, batch):
    x, y = batch[0].to(idist.device()), batch[1].to(idist.device())
    model.train()
    loss = criterion(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()

trainer = Engine(train_step)

@trainer.on(Events.EPOCH_COMPLETED)
def log(engine):
    print(engine.state.output)

trainer.run(train_loader, max_epochs=10)
''', ["LG203"]),
    "the same Ignite trainer with num_classes=10 (silent)": ('''
import ignite.distributed as idist
import torch.nn as nn
import torch.optim as optim
from ignite.engine import Engine
from torchvision import datasets, models
from torchvision.transforms import ToTensor

train_ds = datasets.CIFAR10("data", train=True, download=True, transform=ToTensor())
train_loader = idist.auto_dataloader(train_ds, batch_size=256, shuffle=True)
model = idist.auto_model(models.__dict__[config["model"]](num_classes=10))
optimizer = idist.auto_optim(optim.SGD(model.parameters(), lr=0.1))
criterion = nn.CrossEntropyLoss()

def train_step(engine, batch):
    x, y = batch
    loss = criterion(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()

Engine(train_step).run(train_loader, max_epochs=10)
''', []),
    "Ignite's create_supervised_trainer computes loss_fn(model(x), y): a softmax model (LG104)": ('''
import torch
from torch import nn
from ignite.engine import create_supervised_trainer

model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1))
optimizer = torch.optim.Adam(model.parameters())
trainer = create_supervised_trainer(model, optimizer, nn.CrossEntropyLoss())
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))), batch_size=16)
trainer.run(loader, max_epochs=3)
''', ["LG104"]),
    "create_supervised_trainer on logits (silent)": ('''
import torch
from torch import nn
from ignite.engine import create_supervised_trainer

model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters())
trainer = create_supervised_trainer(model, optimizer, nn.CrossEntropyLoss())
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))), batch_size=16)
trainer.run(loader, max_epochs=3)
''', []),
    # ------------------------------------------------------------------ round 3 of real repositories
    "an implicit-dim softmax on a Conv1d output is along dim 0, not its single channel (LG104, not LG102)": ('''
import torch
from torch import nn

class Ranker(nn.Module):
    def __init__(self, n_docs):
        super().__init__()
        self.n_docs = n_docs
        self.enc = nn.Linear(16, 16)
        self.temperature = nn.Conv1d(1, 1, kernel_size=1)

    def forward(self, query, docs):
        q = self.enc(query).tanh()
        scores = torch.stack([q.dot(self.enc(d).tanh()) for d in docs])
        return nn.functional.softmax(self.temperature(scores.reshape(self.n_docs, 1, 1)))

ranker = Ranker(4)
loss_fn = nn.CrossEntropyLoss()
pred = ranker(torch.randn(16), [torch.randn(16) for _ in range(4)])
loss_fn(pred.reshape(1, 4), torch.zeros(1, dtype=torch.long)).backward()
''', ["LG104"]),
    "the same ranker returning the scaled scores (silent)": ('''
import torch
from torch import nn

class Ranker(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(16, 16)
        self.temperature = nn.Conv1d(1, 1, kernel_size=1)

    def forward(self, query, docs):
        q = self.enc(query).tanh()
        scores = torch.stack([q.dot(self.enc(d).tanh()) for d in docs])
        return self.temperature(scores.reshape(4, 1, 1))

ranker = Ranker()
pred = ranker(torch.randn(16), [torch.randn(16) for _ in range(4)])
nn.CrossEntropyLoss()(pred.reshape(1, 4), torch.zeros(1, dtype=torch.long)).backward()
''', []),
    "an implicit-dim log_softmax on a batched Conv1d output is along the batch (LG107)": ('''
import torch.nn as nn
import torch.nn.functional as F
class Frames(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(40, 12, 3, padding=1)
    def forward(self, x):
        return F.log_softmax(self.conv(x))
net = Frames()
criterion = nn.NLLLoss()
for x, y in loader:
    loss = criterion(net(x), y)
    loss.backward()
''', ["LG107"]),
    "an implicit-dim softmax on a Conv2d output is along its channels (LG104 only)": ('''
import torch.nn as nn
class Seg(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(32, 5, 1)
        self.act = nn.Softmax()
    def forward(self, x):
        return self.act(self.head(x))
model = Seg()
for images, masks in loader:
    nn.CrossEntropyLoss()(model(images), masks).backward()
''', ["LG104"]),
    "a two-input Keras model fitted on a list: the raw images feed its image input through patches and a merge (LG301)": ('''
import numpy as np
from tensorflow import keras
import tensorflow as tf
(train_x, train_y), _ = keras.datasets.cifar10.load_data()
positions = np.tile(np.arange(64)[None, :, None], (len(train_x), 1, 1))
pixels = keras.Input(shape=(32, 32, 3))
where = keras.Input(shape=(64, 1))
patches = tf.image.extract_patches(images=pixels, sizes=[1, 4, 4, 1], strides=[1, 4, 4, 1],
                                   rates=[1, 1, 1, 1], padding="VALID")
tokens = keras.layers.Dense(32)(keras.layers.Reshape((64, 48))(patches))
tokens = keras.layers.Add()([tokens, keras.layers.Reshape((64, 32))(keras.layers.Embedding(64, 32)(where))])
logits = keras.layers.Dense(10)(keras.layers.GlobalAveragePooling1D()(tokens))
vit = keras.Model(inputs=[pixels, where], outputs=[logits])
vit.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
vit.fit([train_x, positions], train_y, epochs=3)
''', ["LG301"]),
    "the same two-input model fitted on scaled images (silent)": ('''
import numpy as np
from tensorflow import keras
(train_x, train_y), _ = keras.datasets.cifar10.load_data()
positions = np.zeros((len(train_x), 64, 1))
pixels = keras.Input(shape=(32, 32, 3))
where = keras.Input(shape=(64, 1))
tokens = keras.layers.Dense(32)(keras.layers.Reshape((64, 48))(pixels))
tokens = keras.layers.Concatenate()([tokens, keras.layers.Dense(32)(where)])
logits = keras.layers.Dense(10)(keras.layers.Flatten()(tokens))
vit = keras.Model([pixels, where], logits)
vit.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
vit.fit(x=[train_x / 255.0, positions], y=train_y, epochs=3)
''', []),
    "raw images fed to the input that only a Rescaling layer reads, ids to the other (silent)": ('''
from tensorflow import keras
(train_x, train_y), _ = keras.datasets.mnist.load_data()
ids = keras.Input(shape=(1,))
image = keras.Input(shape=(28, 28))
x = keras.layers.Rescaling(1 / 255.0)(image)
x = keras.layers.Concatenate()([keras.layers.Flatten()(x), keras.layers.Dense(4)(ids)])
out = keras.layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs=[ids, image], outputs=out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit([train_y[:, None], train_x], train_y, epochs=1)
''', []),
    "a plotting helper's softmax over predictions made under inference_mode (silent: not on the training path)": ('''
import torch
import torch.nn as nn

class Binary(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
    def forward(self, x):
        return self.net(x)

def decision_map(model, grid, y):
    model.eval()
    with torch.inference_mode():
        logits = model(grid)
    if len(torch.unique(y)) > 2:
        return torch.softmax(logits, dim=1).argmax(dim=1)
    return torch.round(torch.sigmoid(logits)).squeeze()

clf = Binary()
bce = nn.BCEWithLogitsLoss()
opt = torch.optim.SGD(clf.parameters(), lr=0.1)
X = torch.randn(64, 2)
y = (X[:, 1] > 0).float()
for epoch in range(10):
    opt.zero_grad()
    bce(clf(X).squeeze(1), y).backward()
    opt.step()
decision_map(clf, torch.randn(100, 2), y)
''', []),
    "the same one-unit model with a softmax in the training step (LG102)": ('''
import torch
import torch.nn as nn
clf = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(clf.parameters(), lr=0.1)
X = torch.randn(64, 2)
y = (X[:, 1] > 0).float()
with torch.no_grad():
    baseline = torch.softmax(clf(X), dim=1)
for epoch in range(10):
    opt.zero_grad()
    probs = torch.softmax(clf(X), dim=1)
    nn.functional.binary_cross_entropy(probs.squeeze(1), y).backward()
    opt.step()
''', ["LG102"]),
    "a class count incremented in a loop over unknown data is not 'one increment' (LG101, unknown units)": ('''
import numpy as np
from tensorflow import keras

def index_words(lines):
    n_words = 1  # 0 is padding
    index = {}
    for word in {w for line in lines for w in line.split()}:
        index[word] = n_words
        n_words += 1
    return index, n_words

index, vocab_size = index_words(open("corpus.txt").read().splitlines())
model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Embedding(vocab_size, 32),
                          keras.layers.GlobalAveragePooling1D(),
                          keras.layers.Dense(vocab_size, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
''', ["LG101"]),
    "a count incremented over a known list is exact: two one-hot units with softmax and BCE (silent)": ('''
from tensorflow import keras
n = 0
for label in ["cat", "dog"]:
    n += 1
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(n, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
''', []),
    "a while loop doubling a width leaves it unknown (LG101, not LG102)": ('''
import torch
import torch.nn as nn
width = 1
while width < 64:
    width *= 2
net = nn.Sequential(nn.Linear(10, width), nn.Softmax(dim=1))
for x, y in loader:
    nn.BCELoss()(net(x), y).backward()
''', ["LG101"]),
    "one-hot labels built by hand (zeros, then a 1 at each row's label) with sigmoid and BCE (LG108)": ('''
import numpy as np
from tensorflow import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784) / 255.0
targets = np.zeros((len(y), 10))
targets[np.arange(len(y)), y] = 1
clf = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64, activation="relu"),
                        keras.layers.Dense(10, activation="sigmoid")])
clf.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
clf.fit(x, targets, epochs=3)
''', ["LG108"]),
    "a table filled with whole columns, not one 1 per row (silent)": ('''
import numpy as np
from tensorflow import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784) / 255.0
targets = np.zeros((len(y), 10))
targets[:, y] = 1
clf = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="sigmoid")])
clf.compile(optimizer="sgd", loss="binary_crossentropy")
clf.fit(x, targets, epochs=3)
''', []),
    "hand-built one-hot labels with softmax and categorical cross-entropy (silent)": ('''
import numpy as np
from tensorflow import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784) / 255.0
targets = np.zeros((y.shape[0], 10), dtype="float32")
targets[range(y.shape[0]), y] = 1.0
clf = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])
clf.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
clf.fit(x, targets, epochs=3)
''', []),
    "hand-built one-hot labels with a sparse loss (LG201)": ('''
import numpy as np
from tensorflow import keras
(x, y), _ = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784) / 255.0
targets = np.zeros((y.shape[0], 10), dtype="float32")
targets[range(y.shape[0]), y] = 1.0
clf = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")])
clf.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
clf.fit(x, targets, epochs=3)
''', ["LG201"]),
    "flow_from_directory(class_mode='binary') means two classes; a 10-unit head is a leftover (LG203)": ('''
from tensorflow import keras
gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255.0)
train = gen.flow_from_directory("data/cats_vs_dogs/train", target_size=(64, 64), class_mode="binary")
net = keras.Sequential([keras.Input(shape=(64, 64, 3)), keras.layers.Flatten(),
                        keras.layers.Dense(10, activation="softmax")])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
net.fit(train, epochs=5)
''', ["LG203"]),
    "the same binary directory with one sigmoid unit and BCE (silent)": ('''
from tensorflow import keras
gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255.0)
train = gen.flow_from_directory("data/cats_vs_dogs/train", target_size=(64, 64), class_mode="binary")
net = keras.Sequential([keras.Input(shape=(64, 64, 3)), keras.layers.Flatten(),
                        keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
net.fit(train, epochs=5)
''', []),
    "image_dataset_from_directory(label_mode='binary') into a 3-unit head (LG203)": ('''
import tensorflow as tf
ds = tf.keras.utils.image_dataset_from_directory("xray/", label_mode="binary", image_size=(128, 128))
model = tf.keras.Sequential([tf.keras.layers.Rescaling(1.0 / 255), tf.keras.layers.Flatten(),
                             tf.keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(ds, epochs=2)
''', ["LG203"]),
    "hand-built one-hot from a literal vector of class ids, sigmoid + BCE (LG108)": ('''
import numpy as np
from tensorflow import keras
seqs = np.random.rand(6, 5, 1).astype("float32")
ids = np.array([2, 0, 1, 2, 1, 0])
hot = np.zeros((ids.shape[0], 3), dtype=np.float32)
hot[np.arange(ids.shape[0]), ids] = 1.0
m = keras.Sequential([keras.Input(shape=(5, 1)), keras.layers.LSTM(8), keras.layers.Dense(3, activation="sigmoid")])
m.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
m.fit(seqs, hot, epochs=10)
''', ["LG108"]),
    "several tags per row set through a 2-D index: multi-hot, BCE is right (silent)": ('''
import numpy as np
from tensorflow import keras
feats = np.random.rand(100, 20)
tags = np.random.randint(0, 8, size=(100, 3))
multi = np.zeros((100, 8))
multi[np.arange(100)[:, None], tags] = 1
m = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(8, activation="sigmoid")])
m.compile(loss="binary_crossentropy", optimizer="adam")
m.fit(feats, multi, epochs=10)
''', []),
    # ------------------------------------------------------------------ one of several models, picked by an option
    "an option picks one of two model classes; the wide one ends in softmax before CrossEntropyLoss (LG104)": ('''
import argparse
import torch.nn as nn

class Wide(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 6), nn.Softmax(dim=1))
    def forward(self, x):
        return self.body(x)

class Narrow(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 6))
    def forward(self, x):
        return self.body(x)

opts = argparse.ArgumentParser().parse_args()
if opts.arch == "wide":
    model = Wide()
elif opts.arch == "narrow":
    model = Narrow()
else:
    raise SystemExit("unknown arch")
model.train()
loss_fn = nn.CrossEntropyLoss()
for xb, yb in batches:
    loss_fn(model(xb), yb).backward()
''', ["LG104"]),
    "the same option with two logit models (silent)": ('''
import sys
import torch.nn as nn
class Wide(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 6)
    def forward(self, x):
        return self.fc(x)
class Narrow(Wide):
    pass
model = Wide() if sys.argv[1] == "wide" else Narrow()
if len(sys.argv) > 2:
    model = Narrow()
for xb, yb in batches:
    nn.CrossEntropyLoss()(model(xb), yb).backward()
''', []),
    "two ifs on the same option pick a matching model and loss: never paired across (silent)": ('''
import os
import torch.nn as nn
import torch.nn.functional as F
class LogProbs(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)
    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=1)
class Logits(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)
    def forward(self, x):
        return self.fc(x)
LOG_PROBS = os.environ.get("LOG_PROBS") == "1"
if LOG_PROBS:
    net = LogProbs()
else:
    net = Logits()
if LOG_PROBS:
    criterion = nn.NLLLoss()
else:
    criterion = nn.CrossEntropyLoss()
for x, y in loader:
    criterion(net(x), y).backward()
''', []),
    "a factory returns one of several models by name; one applies sigmoid before BCEWithLogitsLoss (LG104)": ('''
import torch
from torch import nn

class Tagger(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.out = nn.Linear(64, n)
    def forward(self, x):
        return torch.sigmoid(self.out(x))

class LinearTagger(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.out = nn.Linear(64, n)
    def forward(self, x):
        return self.out(x)

def make_model(name, n_tags):
    if name == "mlp":
        return Tagger(n_tags)
    if name == "linear":
        return LinearTagger(n_tags)
    raise KeyError(name)

def main(cfg):
    net = make_model(cfg["model"], 12)
    criterion = nn.BCEWithLogitsLoss()
    for x, y in cfg["loader"]:
        criterion(net(x), y).backward()
''', ["LG104"]),
    "a registry picked by a command-line key: the resnet entry ends in softmax before CrossEntropyLoss (LG104)": ('''
import argparse
import torch
import torch.nn as nn

class SmallResNet(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3)
        self.fc = nn.Linear(16, n_classes)
    def forward(self, x):
        x = self.stem(x).mean(dim=(2, 3))
        return torch.softmax(self.fc(x), dim=1)

class Plain(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.fc = nn.Linear(3 * 32 * 32, n_classes)
    def forward(self, x):
        return self.fc(x.flatten(1))

ARCHS = {"resnet": SmallResNet, "plain": Plain}
parser = argparse.ArgumentParser()
parser.add_argument("--arch", choices=list(ARCHS))
args = parser.parse_args()
model = ARCHS[args.arch](10)
criterion = nn.CrossEntropyLoss()
for images, targets in train_loader:
    criterion(model(images), targets).backward()
''', ["LG104"]),
    "a registry of two logit models picked at run time (silent)": ('''
import sys
import torch.nn as nn
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3)
    def forward(self, x):
        return self.fc(x)
class B(A):
    pass
zoo = {"a": A, "b": B}
net = zoo[sys.argv[1]]()
for x, y in batches:
    nn.functional.cross_entropy(net(x), y).backward()
''', []),
    "a dict of Keras builder functions picked by an option, compiled by the caller (LG101 on one path, LG105 on the other)": ('''
import argparse
from tensorflow import keras
def build_cnn(classes):
    return keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten(), keras.layers.Dense(classes)])
def build_mlp(classes):
    model = keras.Sequential()
    model.add(keras.layers.Flatten())
    model.add(keras.layers.Dense(classes, activation="softmax"))
    return model
BUILDERS = {"cnn": build_cnn, "mlp": build_mlp}
args = argparse.ArgumentParser().parse_args()
model = BUILDERS.get(args.model)(5)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y_train)
''', ["LG101", "LG105"]),
    "a dict of Keras builder functions that are all right (silent)": ('''
import argparse
from tensorflow import keras
def build_cnn(classes):
    return keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                             keras.layers.Dense(classes, activation="softmax")])
def build_mlp(classes):
    model = keras.Sequential()
    model.add(keras.layers.Flatten())
    model.add(keras.layers.Dense(classes, activation="softmax"))
    return model
BUILDERS = {"cnn": build_cnn, "mlp": build_mlp}
args = argparse.ArgumentParser().parse_args()
model = BUILDERS[args.model](5)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train)
''', []),
    # ------------------------------------------------------------------ round 2 of real repositories
    "TF 0.x positional (logits, labels): the model output is the logits (LG104)": ('''
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
probs = tf.nn.softmax(tf.matmul(x, W))
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(probs, y))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
''', ["LG104"]),
    "TF 2 positional (labels, logits) with logits from the model (silent)": ('''
import tensorflow as tf
W = tf.Variable(tf.zeros([784, 10]))
def step(x, y):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, W)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(y, logits))
    return tape.gradient(loss, [W])
''', []),
    "a factory that lower-cases the model name picks the softmax model (LG104)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x):
        return F.softmax(self.fc(x), dim=1)
class Linear(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
    def forward(self, x):
        return self.fc(x)
def build(name):
    name = name.strip().lower()
    if name == "mlp":
        return MLP()
    elif name.startswith("lin"):
        return Linear()
    raise ValueError(name)
model = build(" MLP ")
nn.CrossEntropyLoss()(model(torch.randn(2, 8)), torch.tensor([0, 1])).backward()
''', ["LG104"]),
    # ------------------------------------------------------------------ shapes: rank, reshape, broadcasting
    "implicit softmax dim on a 3-D LSTM output (LG107)": ('''
import torch
import torch.nn as nn
import torch.nn.functional as F
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(16, 32, batch_first=True)
        self.proj = nn.Linear(32, 5)
    def forward(self, x):
        h, _ = self.rnn(x)
        return F.log_softmax(self.proj(h))
tokens = torch.randn(4, 12, 16)
tags = torch.randint(0, 5, (4, 12))
out = Tagger()(tokens)
F.nll_loss(out.reshape(-1, 5), tags.reshape(-1)).backward()
''', ["LG107"]),
    "implicit softmax dim on an explicit 3-D view (nn.Softmax(), LG107)": ('''
import torch
from torch import nn
head = nn.Linear(64, 7)
act = nn.Softmax()
feats = torch.rand(8, 64)
seq = head(feats).view(2, 4, 7)
loss = nn.CrossEntropyLoss()(act(seq).view(-1, 7), torch.randint(0, 7, (8,)))
''', ["LG107"]),
    "implicit softmax dim on a 2-D batch: dim 1 (LG104 only)": ('''
import torch
import torch.nn.functional as F
layer = torch.nn.Linear(20, 6)
probs = F.softmax(layer(torch.randn(16, 20)))
loss = F.cross_entropy(probs, torch.randint(0, 6, (16,)))
''', ["LG104"]),
    "implicit softmax dim, rank unknown (LG104 only, no LG107)": ('''
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 6)
    def forward(self, x):
        return F.softmax(self.fc(x))
net = Net()
for xb, yb in loader:
    F.cross_entropy(net(xb), yb).backward()
''', ["LG104"]),
    "log_softmax(dim=0) over a 1-D vector of candidate scores (silent)": ('''
import torch
import torch.nn as nn
scorer = nn.Linear(16, 1)
nll = nn.NLLLoss()
for cands, gold in questions:
    s = scorer(cands).view(-1)
    logp = torch.log_softmax(s, dim=0)
    nll(logp.view(1, -1), gold).backward()
''', []),
    "softmax(dim=0) of a batch of 2-D rows (LG107 still)": ('''
import torch
from torch import nn
m = nn.Linear(10, 3)
out = torch.softmax(m(torch.randn(32, 10)), dim=0)
loss = nn.NLLLoss()(torch.log(out), torch.randint(0, 3, (32,)))
''', ["LG107"]),
    "one-unit scores viewed as one row of candidates, then CE (silent, not LG204)": ('''
import torch
import torch.nn as nn
rank_head = nn.Linear(32, 1)
ce = nn.CrossEntropyLoss()
for feats, answer in batches:
    logits = rank_head(feats).view(1, -1)
    ce(logits, answer).backward()
''', []),
    "resize to an unknown width before a categorical loss (silent, not LG204)": ('''
import torch
from torch import nn
J = compute_width()
fc = nn.Linear(100, 1)
def step(x, y):
    y_pred = fc(x)
    y_pred = y_pred.resize(1, J + 1)
    return nn.functional.cross_entropy(y_pred, y)
step(a, b).backward()
''', []),
    "reshaped to a literal width of one (LG204 kept)": ('''
import torch
from torch import nn
fc = nn.Linear(100, 4)
loss = nn.CrossEntropyLoss()(fc(torch.randn(8, 100)).view(-1, 1), torch.zeros(32, dtype=torch.long))
''', ["LG204"]),
    "one unit without reshape (LG204 kept)": ('''
import torch
from torch import nn
fc = nn.Linear(100, 1)
loss = nn.CrossEntropyLoss()(fc(torch.randn(8, 100)), torch.zeros(8, dtype=torch.long))
''', ["LG204"]),
    "one unit plus a per-class bias of unknown shape, then softmax (silent, not LG102)": ('''
import torch
import torch.nn as nn
class Ordinal(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.score = nn.Linear(64, 1)
        self.cutpoints = nn.Parameter(torch.zeros(num_classes))
    def forward(self, x):
        return torch.softmax(self.score(x) + self.cutpoints, dim=1)
model = Ordinal(5)
probs = model(torch.randn(4, 64))
loss = nn.NLLLoss()(torch.log(probs), torch.randint(0, 5, (4,)))
''', []),
    "one unit times a scalar temperature, then softmax (LG102 kept)": ('''
import torch
import torch.nn as nn
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 1)
    def forward(self, x):
        return torch.softmax(self.fc(x) / 0.5, dim=1)
loss = nn.BCELoss()(M()(torch.randn(4, 64)), torch.ones(4, 1))
''', ["LG102"]),
    "a score per candidate, torch.randn(len(cands)): 1-D, log_softmax(dim=0) is over the candidates (silent)": ("""
import torch
import torch.nn.functional as F
def pick(cands, answer):
    scores = torch.randn(len(cands), requires_grad=True)
    return F.nll_loss(F.log_softmax(scores, dim=0).view(1, -1), answer)
pick(candidates, gold).backward()
""", []),
    "x.shape unpacked: a 3-D view built from it, implicit softmax dim (LG107)": ("""
import torch
from torch import nn
frames = torch.randn(16, 40, 13)
b, t, f = frames.shape
proj = nn.Linear(13, 8)
out = nn.Softmax()(proj(frames.view(b, t, f)))
nn.NLLLoss()(torch.log(out).view(b * t, 8), labels).backward()
""", ["LG107"]),
    # ------------------------------------------------------------------ TF1 layer functions, tf.losses
    "tf.layers.dense with a softmax into softmax_cross_entropy_with_logits_v2 (LG104)": ("""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.float32, [None, 4])
hidden = tf.layers.dense(x, 64, tf.nn.relu)
probs = tf.layers.dense(inputs=hidden, units=4, activation=tf.nn.softmax)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=probs))
step = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
""", ["LG104"]),
    "tf.layers.dense logits into softmax_cross_entropy_with_logits_v2 (silent)": ("""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.float32, [None, 4])
logits = tf.layers.dense(tf.layers.dense(x, 64, tf.nn.relu), 4)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
""", []),
    "model built in a function under variable_scope, tf.compat.v1.layers (LG104)": ("""
import tensorflow as tf
def classifier(inputs, n_classes, reuse=False):
    with tf.compat.v1.variable_scope("clf", reuse=reuse):
        net = tf.compat.v1.layers.dense(inputs, 128, activation=tf.nn.relu)
        with tf.name_scope("out"):
            return tf.compat.v1.layers.dense(net, n_classes, activation=tf.nn.sigmoid)
feats = tf.compat.v1.placeholder(tf.float32, [None, 10])
tags = tf.compat.v1.placeholder(tf.float32, [None, 6])
scores = classifier(feats, 6)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tags, logits=scores))
""", ["LG104"]),
    "slim fully_connected defaults to relu; activation_fn=None is logits (silent)": ("""
import tensorflow as tf
import tensorflow.contrib.slim as slim
images = tf.placeholder(tf.float32, [None, 784])
labels = tf.placeholder(tf.int64, [None])
net = slim.fully_connected(images, 256)
logits = slim.fully_connected(net, 10, activation_fn=None)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
""", []),
    "slim fully_connected with activation_fn=softmax into tf.losses.softmax_cross_entropy (LG104)": ("""
import tensorflow as tf
slim = tf.contrib.slim
images = tf.placeholder(tf.float32, [None, 784])
onehot = tf.placeholder(tf.float32, [None, 10])
probs = slim.fully_connected(slim.fully_connected(images, 256), 10, activation_fn=tf.nn.softmax)
loss = tf.losses.softmax_cross_entropy(onehot, probs)
""", ["LG104"]),
    "contrib fully_connected default relu output into log_loss (LG105)": ("""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 8])
y = tf.placeholder(tf.float32, [None, 1])
p = tf.contrib.layers.fully_connected(x, 1)
loss = tf.compat.v1.losses.log_loss(labels=y, predictions=p)
""", ["LG105"]),
    "inside a slim arg_scope the default activation is not known (silent)": ("""
import tensorflow as tf
slim = tf.contrib.slim
x = tf.placeholder(tf.float32, [None, 8])
y = tf.placeholder(tf.float32, [None, 1])
with slim.arg_scope([slim.fully_connected], activation_fn=tf.nn.sigmoid):
    p = slim.fully_connected(x, 1)
loss = tf.losses.log_loss(y, p)
""", []),
    "log_loss on a sigmoid output (silent)": ("""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 8])
y = tf.placeholder(tf.float32, [None, 1])
p = tf.layers.dense(x, 1, activation=tf.sigmoid)
loss = tf.losses.log_loss(y, p)
""", []),
    "tf.losses.sparse_softmax_cross_entropy on tf.nn.softmax (LG104)": ("""
import tensorflow as tf
W = tf.Variable(tf.zeros([64, 5]))
x = tf.placeholder(tf.float32, [None, 64])
ids = tf.placeholder(tf.int32, [None])
loss = tf.losses.sparse_softmax_cross_entropy(labels=ids, logits=tf.nn.softmax(tf.matmul(x, W)))
""", ["LG104"]),
    "tf.contrib.losses takes the logits first (LG104 on the first argument)": ("""
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 64])
onehot = tf.placeholder(tf.float32, [None, 5])
probs = tf.contrib.layers.fully_connected(x, 5, activation_fn=tf.nn.softmax)
loss = tf.contrib.losses.softmax_cross_entropy(probs, onehot)
""", ["LG104"]),
    "tf.losses.softmax_cross_entropy on integer ids (LG202)": ("""
import numpy as np
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 64])
logits = tf.layers.dense(x, 10)
ids = np.random.randint(0, 10, 256)
loss = tf.losses.softmax_cross_entropy(ids, logits)
""", ["LG202"]),
    "TF2 tf.losses is tf.keras.losses (LG104)": ("""
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss=tf.losses.SparseCategoricalCrossentropy(from_logits=True))
""", ["LG104"]),
    "tf.layers.Dense class form is the Keras layer (LG101)": ("""
import tensorflow as tf
model = tf.keras.Sequential([tf.compat.v1.layers.Dense(12, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
""", ["LG101"]),
    "tf.losses.sparse_softmax_cross_entropy on one-hot labels (LG201)": ("""
import tensorflow as tf
from tensorflow.keras.utils import to_categorical
x = tf.compat.v1.placeholder(tf.float32, [None, 8])
logits = tf.compat.v1.layers.dense(x, 5)
loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(to_categorical(labels, 5), logits)
""", ["LG201"]),
    "two Keras outputs in a list, one loss each, are not one output (silent)": ("""
from tensorflow import keras
inp = keras.Input((16,))
a = keras.layers.Dense(3, activation="softmax", name="a")(inp)
b = keras.layers.Dense(1, name="b")(inp)
model = keras.Model(inp, outputs=[a, b])
model.compile(optimizer="adam", loss=["categorical_crossentropy", "mse"])
""", []),
    # ------------------------------------------------------------------ models copied, forward spelled out
    "federated round on a deepcopy of the global model (LG104)": ("""
from copy import deepcopy
import torch.nn as nn
import torch.nn.functional as F
class Client(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(30, 8)
    def forward(self, x):
        return F.softmax(self.body(x), dim=-1)
server = Client()
def local_train(net, data):
    for xb, yb in data:
        F.cross_entropy(net(xb), yb).backward()
for r in range(10):
    for shard in shards:
        local_train(deepcopy(server), shard)
""", ["LG104"]),
    "EMA copy with copy.deepcopy, logits model (silent)": ("""
import copy
import torch
from torch import nn
student = nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 8))
teacher = copy.deepcopy(student)
crit = nn.CrossEntropyLoss()
for xb, yb in loader:
    crit(student(xb), yb).backward()
    with torch.no_grad():
        soft = torch.softmax(teacher(xb), dim=1)
""", []),
    "a change to the copy does not change the original (silent)": ("""
import copy
from torch import nn
base = nn.Sequential(nn.Linear(30, 8))
probe = copy.deepcopy(base)
probe.append(nn.Softmax(dim=1))
for xb, yb in loader:
    nn.CrossEntropyLoss()(base(xb), yb).backward()
""", []),
    "net.forward(x) and criterion.forward(out, y) spelled out (LG104)": ("""
import torch
net = torch.nn.Sequential(torch.nn.Linear(12, 3), torch.nn.Softmax(dim=1))
criterion = torch.nn.CrossEntropyLoss()
for xb, yb in batches:
    out = net.forward(xb)
    criterion.forward(out, yb).backward()
""", ["LG104"]),
    "user module .forward with a log_softmax and NLLLoss.forward (silent)": ("""
import torch.nn as nn
import torch.nn.functional as F
class Lm(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(50, 100)
    def forward(self, h):
        return F.log_softmax(self.proj(h), dim=1)
lm, nll = Lm(), nn.NLLLoss()
loss = nll.forward(lm.forward(hidden), targets)
loss.backward()
""", []),
    "a library layer's forward on raw logits into BCELoss.forward (LG105)": ("""
import torch.nn as nn
head = nn.Linear(16, 1)
bce = nn.BCELoss()
for feats, y in loader:
    bce.forward(head.forward(feats), y).backward()
""", ["LG105"]),
    # ------------------------------------------------------------------ Keras one-output lists / dicts
    "Model(inputs, outputs=[out]) with a one-entry loss list (LG101)": ("""
from tensorflow import keras
from tensorflow.keras import layers
inp = keras.Input(shape=(20,))
out = layers.Dense(5, activation="softmax")(layers.Dense(32, activation="relu")(inp))
model = keras.Model(inputs=[inp], outputs=[out])
model.compile(optimizer="adam", loss=["binary_crossentropy"])
model.fit([x_train], [y_train], epochs=3)
""", ["LG101"]),
    "Model(inputs, outputs={'y': out}) with a one-entry loss dict (LG105)": ("""
import keras
inp = keras.Input(shape=(8,), name="x")
score = keras.layers.Dense(1, name="y")(keras.layers.Dense(16, activation="relu")(inp))
model = keras.Model(inp, {"y": score})
model.compile("adam", loss={"y": "binary_crossentropy"})
model.fit({"x": x}, {"y": y})
""", ["LG105"]),
    "Model(inputs, outputs=[out]) with sigmoid and BCE (silent)": ("""
from tensorflow import keras
inp = keras.Input(shape=(20,))
out = keras.layers.Dense(1, activation="sigmoid")(inp)
model = keras.Model(inp, outputs=[out])
model.compile(optimizer="adam", loss=["binary_crossentropy"], metrics=["accuracy"])
""", []),
    # ------------------------------------------------------------------ compile kwargs spread, default criteria
    "model.compile(**CFG) with CFG = dict(BASE, loss=...) (LG101)": ("""
from tensorflow import keras
BASE = dict(optimizer="adam", metrics=["accuracy"])
CFG = dict(BASE, loss="binary_crossentropy")
def build(n):
    m = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(n, activation="softmax")])
    m.compile(**CFG)
    return m
build(7).fit(x, y)
""", ["LG101"]),
    "model.compile(**COMPILE_KW) with a {...} literal (LG104)": ("""
import tensorflow as tf
COMPILE_KW = {"optimizer": "adam", "loss": tf.keras.losses.CategoricalCrossentropy(from_logits=True)}
model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="softmax")])
model.compile(**COMPILE_KW)
""", ["LG104"]),
    "model.compile(**COMPILE_KW) with a matching loss (silent)": ("""
import tensorflow as tf
COMPILE_KW = dict(optimizer="adam", loss="categorical_crossentropy")
model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="softmax")])
model.compile(**COMPILE_KW)
""", []),
    "criterion as a keyword-only default of a trainer method (LG104)": ("""
import torch.nn as nn
class Fitter:
    def run(self, model, loader, *, loss_fn=nn.CrossEntropyLoss(label_smoothing=0.1)):
        for xb, yb in loader:
            loss_fn(model(xb), yb).backward()
net = nn.Sequential(nn.Linear(10, 3), nn.Softmax(dim=1))
Fitter().run(net, loader)
""", ["LG104"]),
    "criterion default overridden by the caller (silent)": ("""
import torch.nn as nn
def train(model, loader, loss_fn=nn.CrossEntropyLoss()):
    for xb, yb in loader:
        loss_fn(model(xb), yb).backward()
net = nn.Sequential(nn.Linear(10, 3), nn.LogSoftmax(dim=1))
train(net, loader, loss_fn=nn.NLLLoss())
""", []),
    # ------------------------------------------------------------------ random class ids
    "np.random.randint(0, 10, n) labels with categorical_crossentropy (LG202)": ("""
import numpy as np
from tensorflow import keras
X = np.random.rand(500, 32)
y = np.random.randint(0, 10, 500)
model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, y)
""", ["LG202"]),
    "np.random.randint(10, size=n) then to_categorical (silent)": ("""
import numpy as np
from tensorflow import keras
y = keras.utils.to_categorical(np.random.randint(10, size=(500,)), 10)
model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(500, 32), y)
""", []),
    "np.random.choice(6, n) with a Dense(4) head (LG203)": ("""
import numpy as np
import tensorflow as tf
labels = np.random.choice(6, 200)
model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(np.random.randn(200, 16), labels)
""", ["LG203"]),
    "rng.integers(0, 2, n) are binary labels, fine for BCE (silent)": ("""
import numpy as np
from tensorflow import keras
rng = np.random.default_rng(0)
y = rng.integers(0, 2, 300)
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(rng.random((300, 5)), y)
""", []),
    "randint(0, 2) with categorical_crossentropy on 2 units (LG202)": ("""
import numpy as np
from tensorflow import keras
y = np.random.randint(0, 2, size=1000)
model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(1000, 4), y)
""", ["LG202"]),
    "a random 0/1 matrix is not class ids (silent)": ("""
import numpy as np
from tensorflow import keras
Y = np.random.randint(0, 2, (1000, 6))
model = keras.Sequential([keras.layers.Dense(6, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(1000, 4), Y)
""", []),
    "integer ids 0..4 with BCE (LG302)": ("""
import torch
from torch import nn
target = torch.randint(0, 5, (64, 1)).float()
model = nn.Sequential(nn.Linear(9, 1), nn.Sigmoid())
nn.BCELoss()(model(torch.randn(64, 9)), target).backward()
""", ["LG302"]),
    "tf.random.uniform(..., maxval=10, dtype=tf.int64) ids with categorical loss (LG202)": ("""
import tensorflow as tf
x = tf.random.normal((256, 20))
y = tf.random.uniform((256,), minval=0, maxval=10, dtype=tf.int64)
model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=2)
""", ["LG202"]),
    "tf.random.uniform float targets in [0, 1) (silent)": ("""
import tensorflow as tf
y = tf.random.uniform((256, 1))
model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(tf.random.normal((256, 20)), y)
""", []),
    "ids 1..10 (not from 0) are still integer ids (LG202)": ("""
import numpy as np
from tensorflow import keras
y = np.random.randint(1, 11, size=400)
model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(400, 3), y)
""", ["LG202"]),
    # ------------------------------------------------------------------ masks and class lists
    "mask from cv2.imread(p, cv2.IMREAD_GRAYSCALE) stacked as Keras BCE targets (LG302)": ("""
import cv2
import numpy as np
from tensorflow import keras
masks = np.array([cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in mask_paths])
images = np.array([cv2.imread(p) for p in image_paths]).astype("float32") / 255.0
unet = keras.Sequential([keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")])
unet.compile(optimizer="adam", loss="binary_crossentropy")
unet.fit(images, np.expand_dims(masks, -1), epochs=5)
""", ["LG302"]),
    "mask thresholded before stacking (silent)": ("""
import cv2
import numpy as np
from tensorflow import keras
masks = np.stack([cv2.imread(p, 0) > 127 for p in mask_paths]).astype("float32")
unet = keras.Sequential([keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")])
unet.compile(optimizer="adam", loss="binary_crossentropy")
unet.fit(images, masks[..., None], epochs=5)
""", []),
    "cv2 images stacked, through F.max_pool2d / F.dropout in forward, unscaled (LG301)": ("""
import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
X = torch.from_numpy(np.stack([cv2.imread(p) for p in paths])).permute(0, 3, 1, 2).float()
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(8 * 15 * 15, 2)
    def forward(self, x):
        x = F.dropout(F.max_pool2d(F.relu(self.conv(x)), 2), 0.2, training=self.training)
        return self.fc(x.flatten(1))
for idx in batches:
    F.cross_entropy(Net()(X[idx]), y[idx]).backward()
""", ["LG301"]),
    "the same images divided by 255 first (silent)": ("""
import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
X = torch.from_numpy(np.stack([cv2.imread(p) for p in paths]) / 255.0).permute(0, 3, 1, 2).float()
conv, fc = nn.Conv2d(3, 8, 3), nn.Linear(8 * 15 * 15, 2)
for idx in batches:
    F.cross_entropy(fc(F.adaptive_avg_pool2d(conv(X[idx]), 15).flatten(1)), y[idx]).backward()
""", []),
    "PIL mask .convert('L') to np.array in a Dataset (LG302)": ("""
import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset, DataLoader
class Seg(Dataset):
    def __init__(self, pairs):
        self.pairs = pairs
    def __len__(self):
        return len(self.pairs)
    def __getitem__(self, i):
        img_path, mask_path = self.pairs[i]
        img = np.asarray(Image.open(img_path).convert("RGB"), dtype=np.float32) / 255.0
        mask = np.array(Image.open(mask_path).convert("L"), dtype=np.float32)
        return torch.from_numpy(img).permute(2, 0, 1), torch.from_numpy(mask)[None]
net = torch.nn.Conv2d(3, 1, 3, padding=1)
for img, mask in DataLoader(Seg(pairs), batch_size=8):
    torch.nn.functional.binary_cross_entropy_with_logits(net(img), mask).backward()
""", ["LG302"]),
    "PIL mask .convert('1') is boolean 0/1 (silent)": ("""
import numpy as np
import torch
from PIL import Image
mask = torch.from_numpy(np.array(Image.open("m.png").convert("1"), dtype=np.float32))
net = torch.nn.Conv2d(3, 1, 3, padding=1)
torch.nn.BCEWithLogitsLoss()(net(image), mask[None, None]).backward()
""", []),
    "to_categorical(y, num_classes=len(CLASSES)) with a Dense(4) head (LG203)": ("""
from tensorflow import keras
CLASSES = ["cat", "dog", "horse", "bird", "fish"]
y = keras.utils.to_categorical(labels, num_classes=len(CLASSES))
model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y)
""", ["LG203"]),
    "to_categorical(y, num_classes=len(classes)) matching the head (silent)": ("""
from tensorflow import keras
classes = ("cat", "dog", "horse")
y = keras.utils.to_categorical(labels, num_classes=len(classes))
model = keras.Sequential([keras.layers.Dense(len(classes), activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y)
""", []),
    "a class list filled in a loop has no known length (silent)": ("""
import os
from tensorflow import keras
classes = ["background"]
for name in os.listdir("data"):
    classes.append(name)
y = keras.utils.to_categorical(labels, num_classes=len(classes))
model = keras.Sequential([keras.layers.Dense(12, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y)
""", []),
    # ------------------------------------------------------------------ estimator wrappers
    "skorch NeuralNetClassifier(Module, criterion=nn.CrossEntropyLoss) on a softmax module (LG104)": ("""
import numpy as np
from torch import nn
from skorch import NeuralNetClassifier
class Mlp(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(12, width), nn.ReLU(), nn.Linear(width, 4), nn.Softmax(dim=-1))
    def forward(self, X):
        return self.layers(X)
net = NeuralNetClassifier(Mlp, criterion=nn.CrossEntropyLoss, module__width=32, max_epochs=10)
net.fit(X.astype(np.float32), y.astype(np.int64))
""", ["LG104"]),
    "skorch default NLLLoss takes log of the module's softmax (silent)": ("""
from torch import nn
import torch.nn.functional as F
from skorch.classifier import NeuralNetClassifier
class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(12, 4)
    def forward(self, X, **kwargs):
        return F.softmax(self.out(X), dim=-1)
NeuralNetClassifier(Mlp, max_epochs=10, lr=0.1).fit(X, y)
""", []),
    "skorch NeuralNetClassifier + NLLLoss on a module ending in LogSoftmax: logged twice (LG106)": ("""
from torch import nn
from skorch import NeuralNetClassifier
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)
        self.out = nn.LogSoftmax(dim=-1)
    def forward(self, X):
        return self.out(self.fc(X))
NeuralNetClassifier(M, criterion=nn.NLLLoss, max_epochs=5).fit(X, y)
""", ["LG106"]),
    "skorch's base NeuralNet takes no log: LogSoftmax + NLLLoss is right (silent)": ("""
from torch import nn
from skorch import NeuralNet
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 3)
    def forward(self, X):
        return nn.functional.log_softmax(self.fc(X), dim=-1)
NeuralNet(M, nn.NLLLoss, max_epochs=5).fit(X, y)
""", []),
    "torch.log of a log_softmax into nll_loss: NaN (LG106)": ("""
import torch
import torch.nn.functional as F
fc = torch.nn.Linear(10, 3)
loss = F.nll_loss(torch.log(F.log_softmax(fc(torch.randn(4, 10)), dim=1)), torch.tensor([0, 1, 2, 0]))
""", ["LG106"]),
    "skorch with a module instance and a criterion instance, logits (silent)": ("""
import torch
from skorch import NeuralNetClassifier
module = torch.nn.Sequential(torch.nn.Linear(12, 4))
net = NeuralNetClassifier(module, criterion=torch.nn.CrossEntropyLoss(), max_epochs=3)
net.fit(X, y)
""", []),
    "skorch NeuralNetBinaryClassifier on a sigmoid module: its default is BCEWithLogitsLoss (LG104)": ("""
from torch import nn
import skorch
class Scorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 1)
    def forward(self, X):
        return nn.functional.sigmoid(self.fc(X)).squeeze(-1)
model = skorch.NeuralNetBinaryClassifier(Scorer, max_epochs=5)
model.fit(features, targets)
""", ["LG104"]),
    "skorch's fit trains its criterion even when the file also calls backward() elsewhere (LG104)": ("""
import torch
from torch import nn
from skorch import NeuralNetClassifier
class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(12, 4)
    def forward(self, X):
        return torch.softmax(self.fc(X), dim=-1)
NeuralNetClassifier(Mlp, criterion=nn.CrossEntropyLoss).fit(X, y)
probe = nn.Linear(3, 1)
nn.MSELoss()(probe(a), b).backward()
""", ["LG104"]),
    "KerasClassifier(build_fn=...) in cross_val_score, softmax + binary_crossentropy (LG101)": ("""
from keras.models import Sequential
from keras.layers import Dense
from keras.wrappers.scikit_learn import KerasClassifier
from sklearn.model_selection import KFold, cross_val_score
def create_model(units=16):
    model = Sequential()
    model.add(Dense(units, input_dim=4, activation="relu"))
    model.add(Dense(3, activation="softmax"))
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
clf = KerasClassifier(build_fn=create_model, units=8, epochs=100, batch_size=5, verbose=0)
scores = cross_val_score(clf, X, encoded_y, cv=KFold(n_splits=5))
""", ["LG101"]),
    "KerasClassifier re-encodes integer labels for categorical_crossentropy (silent)": ("""
import numpy as np
from tensorflow import keras
from tensorflow.keras.wrappers.scikit_learn import KerasClassifier
def make():
    m = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
    m.compile(loss="categorical_crossentropy", optimizer="adam")
    return m
KerasClassifier(build_fn=make, epochs=3).fit(X, np.random.randint(0, 10, 100))
""", []),
    "scikeras KerasClassifier(model=..., loss=...) compiles the uncompiled model (LG103)": ("""
from scikeras.wrappers import KerasClassifier
from tensorflow import keras
def get_model(hidden, out_act="softmax"):
    return keras.Sequential([keras.layers.Dense(hidden, activation="relu"),
                             keras.layers.Dense(6, activation=out_act)])
clf = KerasClassifier(model=get_model, model__hidden=64, out_act="sigmoid",
                      loss="sparse_categorical_crossentropy", optimizer="adam")
clf.fit(X, y)
""", ["LG103"]),
    "a parameter searched by GridSearchCV is not known (silent)": ("""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import GridSearchCV
from tensorflow import keras
def get_model(out_act="sigmoid"):
    return keras.Sequential([keras.layers.Dense(6, activation=out_act)])
search = GridSearchCV(KerasClassifier(model=get_model, loss="categorical_crossentropy"),
                      param_grid={"model__out_act": ["softmax", "sigmoid"]})
search.fit(X, y)
""", []),
    # ------------------------------------------------------------------ model zoos
    "torchvision.models.resnet18(num_classes=1) with CrossEntropyLoss (LG204)": ("""
import torchvision
from torch import nn
model = torchvision.models.resnet18(num_classes=1)
for images, target in loader:
    nn.CrossEntropyLoss()(model(images), target).backward()
""", ["LG204"]),
    "torchvision weights=... keeps 1000 classes; BCEWithLogits on 1000 logits (silent)": ("""
from torch import nn
from torchvision.models import resnet50, ResNet50_Weights
model = resnet50(weights=ResNet50_Weights.IMAGENET1K_V2)
for images, multi_hot in loader:
    nn.BCEWithLogitsLoss()(model(images), multi_hot).backward()
""", []),
    "timm.create_model(..., num_classes=1) with CrossEntropyLoss (LG204)": ("""
import timm
import torch
model = timm.create_model("convnext_tiny", pretrained=True, num_classes=1)
for x, y in loader:
    torch.nn.functional.cross_entropy(model(x), y).backward()
""", ["LG204"]),
    "timm logits with a softmax before CrossEntropyLoss (LG104)": ("""
import timm
import torch
net = timm.create_model("resnet18", num_classes=7)
crit = torch.nn.CrossEntropyLoss()
for x, y in loader:
    crit(net(x).softmax(dim=1), y).backward()
""", ["LG104"]),
    "timm num_classes=0 is a feature extractor (silent)": ("""
import timm
import torch
backbone = timm.create_model("resnet18", pretrained=True, num_classes=0)
head = torch.nn.Linear(512, 3)
for x, y in loader:
    torch.nn.functional.cross_entropy(head(backbone(x)), y).backward()
""", []),
    "Keras application classes=1 keeps its softmax (LG102)": ("""
from tensorflow import keras
model = keras.applications.EfficientNetB0(weights=None, classes=1)
model.compile(optimizer="adam", loss="binary_crossentropy")
""", ["LG102"]),
    "Keras application classifier_activation=None + from_logits=True (silent)": ("""
import tensorflow as tf
model = tf.keras.applications.ResNet50(weights=None, classes=12, classifier_activation=None)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
""", []),
    "Keras application default softmax + from_logits=True (LG104)": ("""
import tensorflow as tf
model = tf.keras.applications.MobileNetV2(weights=None, classes=5)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
""", ["LG104"]),
    "Keras application include_top=False with its own head (silent)": ("""
from tensorflow import keras
base = keras.applications.VGG16(include_top=False, weights="imagenet", input_shape=(224, 224, 3))
x = keras.layers.GlobalAveragePooling2D()(base.output)
out = keras.layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(base.input, out)
model.compile(optimizer="adam", loss="binary_crossentropy")
""", []),
    "HF softmax over outputs.logits before CrossEntropyLoss (LG104)": ("""
import torch
from transformers import AutoModelForSequenceClassification
model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=3)
criterion = torch.nn.CrossEntropyLoss()
for batch in loader:
    outputs = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    criterion(torch.softmax(outputs.logits, dim=-1), batch["labels"]).backward()
""", ["LG104"]),
    "HF model(**batch).logits into cross_entropy (silent)": ("""
import torch.nn.functional as F
from transformers import AutoModelForSequenceClassification
model = AutoModelForSequenceClassification.from_pretrained("roberta-base", num_labels=5)
for batch in loader:
    F.cross_entropy(model(**batch).logits, batch["labels"]).backward()
""", []),
    "HF num_labels=1 logits with cross_entropy (LG204)": ("""
import torch
from transformers import DistilBertForSequenceClassification
model = DistilBertForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=1)
for ids, mask, y in loader:
    torch.nn.functional.cross_entropy(model(ids, attention_mask=mask).logits, y).backward()
""", ["LG204"]),
    "HF outputs[0] is the logits without labels= and the loss with them (silent)": ("""
import torch
from transformers import AutoModelForSequenceClassification
model = AutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=4)
for ids, mask, y in loader:
    logits = model(ids, attention_mask=mask)[0]
    torch.nn.CrossEntropyLoss()(logits, y).backward()
    out = model(ids, attention_mask=mask, labels=y)
    out[0].backward()
""", []),
    "HF sigmoid over outputs[0] into BCEWithLogitsLoss (LG104)": ("""
import torch
from transformers import BertForSequenceClassification
model = BertForSequenceClassification.from_pretrained("bert-base-cased", num_labels=6)
for ids, y in loader:
    probs = torch.sigmoid(model(ids)[0])
    torch.nn.BCEWithLogitsLoss()(probs, y).backward()
""", ["LG104"]),
    "HF token classification logits softmaxed, flattened to (N*T, C), then cross_entropy (LG104)": ("""
import torch
from transformers import AutoModelForTokenClassification
ner = AutoModelForTokenClassification.from_pretrained("bert-base-cased", num_labels=9)
for batch in loader:
    probs = torch.softmax(ner(batch["input_ids"]).logits, dim=-1)
    torch.nn.functional.cross_entropy(probs.view(-1, 9), batch["labels"].view(-1)).backward()
""", ["LG104"]),
    "HF TF model outputs logits: SparseCategoricalCrossentropy() without from_logits (LG105)": ("""
import tensorflow as tf
from transformers import TFAutoModelForSequenceClassification
model = TFAutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=2)
model.compile(optimizer=tf.keras.optimizers.Adam(3e-5), loss=tf.keras.losses.SparseCategoricalCrossentropy())
model.fit(train_set, epochs=2)
""", ["LG105"]),
    "HF TF model with from_logits=True (silent)": ("""
import tensorflow as tf
from transformers import TFAutoModelForSequenceClassification
model = TFAutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=2)
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
""", []),
}


@pytest.mark.parametrize("name", list(CASES))
def test_wild_form(name):
    code, expected = CASES[name]
    assert sorted(f.rule for f in check_code(code)) == sorted(expected)


def test_a_fix_found_along_one_branch_path_is_never_safe():
    """The loss is shared by every model an option may pick: changing it for one may break the others."""
    code = """
import sys
import torch.nn as nn
class Probs(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.sm = nn.Softmax(dim=1)
    def forward(self, x):
        return self.sm(self.fc(x))
class Raw(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        return self.fc(x)
net = Probs() if sys.argv[1] == "p" else Raw()
crit = nn.NLLLoss()
for x, y in loader:
    crit(net(x), y).backward()
"""
    findings = check_code(code)
    assert sorted((f.rule, f.line) for f in findings) == [("LG106", 10), ("LG106", 14)]
    raw = next(f for f in findings if f.line == 14)
    assert raw.fix is not None and raw.fix.applicability == "unsafe"  # CrossEntropyLoss would be wrong for Probs
    # one model only: the same fix is safe
    single = check_code(code.replace('Probs() if sys.argv[1] == "p" else Raw()', "Raw()"))
    assert [(f.rule, f.fix.applicability) for f in single] == [("LG106", "safe")]

