import argparse

import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

from models import TextCNN
from trainers import ClassificationTrainer

VOCAB_SIZE = 30_000
NUM_CLASSES = 4  # AG News: world, sports, business, sci/tech
SEQ_LEN = 64


def load_tokens(path):
    blob = torch.load(path)
    return TensorDataset(blob["tokens"][:, :SEQ_LEN], blob["labels"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/ag_news_tokens.pt")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()

    dataset = load_tokens(args.data)
    n_val = len(dataset) // 10
    train_set, val_set = random_split(dataset, [len(dataset) - n_val, n_val])
    train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=256)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = TextCNN(VOCAB_SIZE, NUM_CLASSES)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    trainer = ClassificationTrainer(model, optimizer, device=device)
    trainer.fit(train_loader, val_loader, epochs=args.epochs)


if __name__ == "__main__":
    main()
