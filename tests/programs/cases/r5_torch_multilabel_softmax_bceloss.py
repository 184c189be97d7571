"""Multi-label photo tagging (20 tags) on a folder of images listed in a CSV.

Usage: python train_tags.py --csv data/tags.csv --images data/img --epochs 8
"""
import argparse
import os

import pandas as pd
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

NUM_TAGS = 20


class TagDataset(Dataset):
    def __init__(self, frame, root, tfm):
        self.frame = frame.reset_index(drop=True)
        self.root = root
        self.tfm = tfm

    def __len__(self):
        return len(self.frame)

    def __getitem__(self, i):
        row = self.frame.iloc[i]
        img = Image.open(os.path.join(self.root, row["file"])).convert("RGB")
        target = torch.zeros(NUM_TAGS)
        for t in str(row["tags"]).split():
            target[int(t)] = 1.0
        return self.tfm(img), target


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        )
        self.fc1 = nn.Linear(128, 256)
        self.fc = nn.Linear(256, NUM_TAGS)

    def forward(self, x):
        x = self.features(x).flatten(1)
        x = torch.relu(self.fc1(x))
        return torch.softmax(self.fc(x), dim=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="data/tags.csv")
    p.add_argument("--images", default="data/img")
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--lr", type=float, default=1e-3)
    args = p.parse_args()

    tfm = transforms.Compose([
        transforms.Resize((128, 128)),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    frame = pd.read_csv(args.csv)
    loader = DataLoader(TagDataset(frame, args.images, tfm), batch_size=32, shuffle=True)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = Tagger().to(device)
    criterion = nn.BCELoss()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for images, targets in loader:
            images, targets = images.to(device), targets.to(device)
            opt.zero_grad()
            loss = criterion(model(images), targets)
            loss.backward()
            opt.step()
            total += loss.item()
        print(f"epoch {epoch}: loss {total / len(loader):.4f}")
    torch.save(model.state_dict(), "tagger.pt")


if __name__ == "__main__":
    main()
