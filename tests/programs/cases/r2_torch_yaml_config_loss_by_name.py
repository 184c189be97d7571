import argparse

import torch
import torch.nn as nn
import yaml
from torch.utils.data import DataLoader, TensorDataset


def build_model(cfg):
    layers = []
    in_dim = cfg["in_features"]
    for width in cfg["hidden"]:
        layers += [nn.Linear(in_dim, width), nn.ReLU(), nn.Dropout(cfg.get("dropout", 0.1))]
        in_dim = width
    layers.append(nn.Linear(in_dim, cfg["out_features"]))
    if cfg.get("output_activation") == "sigmoid":
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def build_criterion(cfg):
    name = cfg["loss"]["name"]
    kwargs = cfg["loss"].get("kwargs", {})
    return getattr(nn, name)(**kwargs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/churn.yaml")
    args = parser.parse_args()
    with open(args.config) as f:
        cfg = yaml.safe_load(f)

    X = torch.load(cfg["data"]["features"])
    y = torch.load(cfg["data"]["targets"]).float()
    loader = DataLoader(TensorDataset(X, y), batch_size=cfg["batch_size"], shuffle=True)

    model = build_model(cfg["model"])
    criterion = build_criterion(cfg)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    for epoch in range(cfg["epochs"]):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb).squeeze(-1), yb)
            loss.backward()
            optimizer.step()
