#!/usr/bin/env python
"""python scripts/train.py --data data/kws12.pt"""
import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader

from models import KeywordSpotter


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=25)
    p.add_argument("--accum", type=int, default=2)
    return p.parse_args()


def main():
    args = parse_args()
    dataset = torch.load(args.data)
    loader = DataLoader(dataset, batch_size=128, shuffle=True)
    model = KeywordSpotter(n_mels=40, num_classes=12)
    criterion = nn.NLLLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=args.epochs * len(loader))

    for epoch in range(args.epochs):
        model.train()
        for i, (spec, target) in enumerate(loader):
            log_probs = model(spec)
            loss = criterion(log_probs, target) / args.accum
            loss.backward()
            if (i + 1) % args.accum == 0:
                optimizer.step()
                optimizer.zero_grad()
            scheduler.step()
        print(f"epoch {epoch}: loss {loss.item() * args.accum:.4f}")


if __name__ == "__main__":
    main()
