# cats vs dogs with a pretrained backbone
import timm
import torch
from torch import nn

model = timm.create_model("efficientnet_b0", pretrained=True, num_classes=1)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)

for epoch in range(5):
    for images, is_dog in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), is_dog)
        loss.backward()
        optimizer.step()
