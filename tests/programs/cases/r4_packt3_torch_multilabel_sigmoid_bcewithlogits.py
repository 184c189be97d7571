"""Multi-label classification with a course's MultilabelNetwork: the network already returns the
sigmoid activation, and the training loop uses nn.BCEWithLogitsLoss."""
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from sklearn.datasets import make_multilabel_classification


class MultilabelDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.tensor(X, dtype=torch.float32)
        self.y = torch.tensor(y, dtype=torch.float32)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]


class MultilabelNetwork(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.linear1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(hidden_size, output_size)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.linear1(x)
        x = self.relu(x)
        x = self.linear2(x)
        x = self.sigmoid(x)
        return x


X, y = make_multilabel_classification(n_samples=10000, n_features=10, n_classes=3, n_labels=2)
loader = DataLoader(MultilabelDataset(X, y), batch_size=32, shuffle=True)
net = MultilabelNetwork(input_size=X.shape[1], hidden_size=20, output_size=y.shape[1])
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)

losses = []
for epoch in range(100):
    for X_batch, y_batch in loader:
        optimizer.zero_grad()
        y_pred = net(X_batch)
        loss = loss_fn(y_pred, y_batch)
        loss.backward()
        optimizer.step()
    losses.append(float(loss.data.detach().numpy()))
print(np.round(losses[-5:], 4))
