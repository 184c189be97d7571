import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from dataset import SpeechCommands
from model import KeywordSpotter

train_loader = DataLoader(SpeechCommands("data/speech_commands", "train"), batch_size=128, shuffle=True)
val_loader = DataLoader(SpeechCommands("data/speech_commands", "val"), batch_size=256)

model = KeywordSpotter()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

for epoch in range(30):
    model.train()
    for mels, target in train_loader:
        loss = criterion(model(mels), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = sum((model(m).argmax(-1) == t).sum().item() for m, t in val_loader) / len(val_loader.dataset)
    print(f"epoch {epoch}: val acc {acc:.3f}")
