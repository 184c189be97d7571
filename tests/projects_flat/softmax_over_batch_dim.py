import torch.nn.functional as F
from torch import nn
import torch
from torch.utils.data import DataLoader, TensorDataset


class ClassifierHead(nn.Module):
    def __init__(self, in_features, num_classes):
        super().__init__()
        self.norm = nn.LayerNorm(in_features)
        self.fc = nn.Linear(in_features, num_classes)

    def forward(self, x):
        x = self.norm(x)
        return F.log_softmax(self.fc(x), dim=0)


class MLPEncoder(nn.Module):
    def __init__(self, in_features, hidden=512, depth=3):
        super().__init__()
        layers = []
        for i in range(depth):
            layers += [nn.Linear(in_features if i == 0 else hidden, hidden), nn.GELU()]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


X = torch.load("data/embeddings.pt")
y = torch.load("data/labels.pt")
loader = DataLoader(TensorDataset(X, y), batch_size=512, shuffle=True)

model = nn.Sequential(MLPEncoder(X.shape[1]), ClassifierHead(512, 20))
criterion = nn.NLLLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)

for epoch in range(30):
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
