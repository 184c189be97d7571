"""Train the spam filter: python -m spamfilter.train"""
import torch
from torch import nn

from .data import make_loader
from .model import TextClassifier


def run(epochs=5, lr=0.5):
    loader, vocab = make_loader("data/sms.csv")
    model = TextClassifier(len(vocab))
    criterion = nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch in range(epochs):
        total = 0.0
        for labels, tokens, offsets in loader:
            optimizer.zero_grad()
            loss = criterion(model(tokens, offsets), labels.float())
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch}: {total / len(loader):.4f}")
    torch.save(model.state_dict(), "spamfilter.pt")


if __name__ == "__main__":
    run()
