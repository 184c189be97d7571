import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from engine.builders import build_model


def run(cfg, train_set):
    model = build_model(cfg["size"], cfg["in_dim"], cfg["num_classes"])
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=0.9)
    loader = DataLoader(train_set, batch_size=cfg["batch_size"], shuffle=True)
    for epoch in range(cfg["epochs"]):
        for features, labels in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), labels)
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch} loss {loss.item():.3f}")
    return model
