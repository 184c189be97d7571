import numpy as np
import torch
from sklearn.datasets import make_classification
from skorch import NeuralNetClassifier

X, y = make_classification(1000, 20, n_informative=10, n_classes=3, random_state=0)
X, y = X.astype(np.float32), y.astype(np.int64)


class ClassifierModule(torch.nn.Module):
    def __init__(self, num_units=10, dropout=0.5):
        super().__init__()
        self.dense0 = torch.nn.Linear(20, num_units)
        self.dropout = torch.nn.Dropout(dropout)
        self.output = torch.nn.Linear(num_units, 3)

    def forward(self, X, **kwargs):
        X = torch.relu(self.dense0(X))
        X = self.dropout(X)
        return torch.softmax(self.output(X), dim=-1)


net = NeuralNetClassifier(
    ClassifierModule,
    module__num_units=64,
    criterion=torch.nn.CrossEntropyLoss,
    optimizer=torch.optim.Adam,
    max_epochs=20,
    lr=0.01,
)
net.fit(X, y)
print(net.predict_proba(X[:5]))
