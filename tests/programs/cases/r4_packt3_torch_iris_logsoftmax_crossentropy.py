"""Multi-class iris classifier from the same course: the network ends in nn.LogSoftmax and is trained
with nn.CrossEntropyLoss. Strange-looking, but harmless: log_softmax is idempotent, so the loss sees
the same log-probabilities it would compute from logits."""
import torch
import torch.nn as nn
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset

iris = load_iris()
X = torch.tensor(StandardScaler().fit_transform(iris.data), dtype=torch.float32)
y = torch.tensor(iris.target, dtype=torch.long)
train_loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)


class MultiClassNet(nn.Module):
    def __init__(self, num_features, num_classes, hidden_features):
        super().__init__()
        self.lin1 = nn.Linear(num_features, hidden_features)
        self.lin2 = nn.Linear(hidden_features, num_classes)
        self.log_softmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        x = torch.sigmoid(self.lin1(x))
        x = self.lin2(x)
        return self.log_softmax(x)


model = MultiClassNet(num_features=4, num_classes=3, hidden_features=6)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(100):
    for x_b, y_b in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x_b), y_b)
        loss.backward()
        optimizer.step()
