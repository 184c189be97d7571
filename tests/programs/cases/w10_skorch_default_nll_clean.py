import numpy as np
from torch import nn
import torch.nn.functional as F
from skorch import NeuralNetClassifier, NeuralNetRegressor


class Net(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.fc1 = nn.Linear(8, hidden)
        self.fc2 = nn.Linear(hidden, 4)

    def forward(self, X):
        return F.softmax(self.fc2(F.relu(self.fc1(X))), dim=-1)


class Reg(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 1)

    def forward(self, X):
        return self.fc(X)


clf = NeuralNetClassifier(Net, module__hidden=64, max_epochs=10, lr=0.1)
clf.fit(X_train.astype(np.float32), y_train.astype(np.int64))
reg = NeuralNetRegressor(Reg, max_epochs=10)
reg.fit(X_train.astype(np.float32), y_target.astype(np.float32))
