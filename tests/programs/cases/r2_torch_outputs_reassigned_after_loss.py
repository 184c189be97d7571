import torch
import torch.nn as nn
from sklearn.metrics import f1_score
from torch.utils.data import DataLoader
from torchvision import models

NUM_LABELS = 17  # Planet: Understanding the Amazon from Space (multi-label)

model = models.resnet34(weights="IMAGENET1K_V1")
model.fc = nn.Linear(model.fc.in_features, NUM_LABELS)
model = model.cuda()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
train_loader = DataLoader(torch.load("planet_train.pt"), batch_size=64, shuffle=True)
val_loader = DataLoader(torch.load("planet_val.pt"), batch_size=128)

for epoch in range(10):
    model.train()
    for inputs, labels in train_loader:
        inputs, labels = inputs.cuda(), labels.float().cuda()
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        outputs = torch.sigmoid(outputs)
        preds = (outputs > 0.2).float()
        batch_f2 = f1_score(labels.cpu().numpy(), preds.cpu().numpy(), average="samples", zero_division=0)

    model.eval()
    val_loss = 0.0
    with torch.no_grad():
        for inputs, labels in val_loader:
            outputs = model(inputs.cuda())
            val_loss += criterion(outputs, labels.float().cuda()).item()
    print(f"epoch {epoch}: val loss {val_loss / len(val_loader):.4f}, last train F1 {batch_f2:.3f}")
