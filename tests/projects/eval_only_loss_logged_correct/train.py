import torch
import torch.nn as nn

from metrics import calibration_report
from model import make_model

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
