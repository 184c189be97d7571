"""skorch NeuralNetClassifier with a LogSoftmax output: the training loss is nan. With its default
criterion (NLLLoss) NeuralNetClassifier expects *probabilities* from the module and takes the log
itself, so the log-probabilities are logged a second time."""
import numpy as np
import torch
from torch import nn
from sklearn.datasets import make_classification
from sklearn.model_selection import cross_val_score
from skorch import NeuralNetClassifier

X, y = make_classification(2000, 20, n_informative=10, n_classes=4, random_state=0)
X = X.astype(np.float32)
y = y.astype(np.int64)


class ClassifierModule(nn.Module):
    def __init__(self, num_units=50, n_classes=4):
        super().__init__()
        self.dense0 = nn.Linear(20, num_units)
        self.nonlin = nn.ReLU()
        self.dense1 = nn.Linear(num_units, n_classes)
        self.output = nn.LogSoftmax(dim=-1)

    def forward(self, X, **kwargs):
        X = self.nonlin(self.dense0(X))
        return self.output(self.dense1(X))


net = NeuralNetClassifier(ClassifierModule, criterion=nn.NLLLoss, max_epochs=20, lr=0.1,
                          iterator_train__shuffle=True)
print(cross_val_score(net, X, y, cv=3, scoring="accuracy"))
