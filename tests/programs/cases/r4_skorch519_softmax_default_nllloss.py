"""skorch NeuralNetClassifier, as its maintainers answer: with the default NLLLoss criterion the
module should end in a softmax -- skorch applies the log before NLLLoss, so NLLLoss does receive
log-probabilities. (Looks like softmax + NLLLoss, but it is the documented skorch usage.)"""
import numpy as np
import torch
from torch import nn
from sklearn.datasets import make_classification
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
        self.output = nn.Softmax(dim=-1)

    def forward(self, X, **kwargs):
        X = self.nonlin(self.dense0(X))
        return self.output(self.dense1(X))


net = NeuralNetClassifier(ClassifierModule, max_epochs=20, lr=0.1, iterator_train__shuffle=True)
net.fit(X, y)
print(net.predict_proba(X[:5]))
