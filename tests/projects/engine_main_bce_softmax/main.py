import argparse

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from datasets import TaggedImages
from engine import evaluate, train_one_epoch
from models import ImageTagger

TAGS = ["sky", "tree", "water", "building", "person", "car", "animal", "road"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/tagged")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=1e-4)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(TaggedImages(args.data, "train", TAGS), batch_size=32, shuffle=True, num_workers=4)
    val_loader = DataLoader(TaggedImages(args.data, "val", TAGS), batch_size=64, num_workers=4)

    model = ImageTagger(num_tags=len(TAGS)).to(device)
    criterion = nn.BCELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        loss = train_one_epoch(model, train_loader, criterion, optimizer, device)
        f1 = evaluate(model, val_loader, device)
        print(f"epoch {epoch}: train loss {loss:.4f}, val F1 {f1:.3f}")


if __name__ == "__main__":
    main()
