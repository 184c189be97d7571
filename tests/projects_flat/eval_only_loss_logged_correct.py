import torch.nn as nn
import torch
import torch.nn.functional as F


def make_model(in_features=20, num_classes=4):
    return nn.Sequential(
        nn.Linear(in_features, 64),
        nn.ReLU(),
        nn.Linear(64, 64),
        nn.ReLU(),
        nn.Linear(64, num_classes),
    )


def calibration_report(model, x, y):
    """Logged only: the loss of the calibrated probabilities, never trained on."""
    probs = torch.softmax(model(x), dim=1)
    nll = F.cross_entropy(probs, y)
    conf, pred = probs.max(dim=1)
    return {"prob_ce": nll.item(), "acc": (pred == y).float().mean().item(), "conf": conf.mean().item()}


data = torch.load("data/sensors.pt")
x_train, y_train, x_val, y_val = data["x_train"], data["y_train"], data["x_val"], data["y_val"]

model = make_model()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(100):
    perm = torch.randperm(len(x_train))
    for i in range(0, len(x_train), 128):
        idx = perm[i:i + 128]
        loss = criterion(model(x_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(epoch, calibration_report(model, x_val, y_val))
