import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

import config as cfg
from models import build_model

transform = transforms.Compose([
    transforms.Resize((cfg.IMAGE_SIZE, cfg.IMAGE_SIZE)),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
train_set = datasets.ImageFolder(f"{cfg.DATA_ROOT}/train", transform=transform)
loader = DataLoader(train_set, batch_size=cfg.BATCH_SIZE, shuffle=True, num_workers=4)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = build_model("resnet18", num_classes=cfg.NUM_CLASSES, image_size=cfg.IMAGE_SIZE).to(device)
criterion = nn.BCELoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.LR, weight_decay=1e-4)

for epoch in range(cfg.EPOCHS):
    model.train()
    running = 0.0
    for images, labels in loader:
        images, labels = images.to(device), labels.float().to(device)
        probs = model(images).squeeze(1)
        loss = criterion(probs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item() * images.size(0)
    print(f"epoch {epoch + 1}: loss {running / len(train_set):.4f}")

torch.save(model.state_dict(), "resnet18_catsdogs.pt")
