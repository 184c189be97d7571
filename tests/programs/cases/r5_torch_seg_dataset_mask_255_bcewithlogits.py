import glob
import os

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class LesionDataset(Dataset):
    def __init__(self, root):
        self.images = sorted(glob.glob(os.path.join(root, "images", "*.jpg")))
        self.masks = sorted(glob.glob(os.path.join(root, "masks", "*.png")))

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        image = np.array(Image.open(self.images[idx]).convert("RGB").resize((192, 192)), dtype=np.float32) / 255.0
        mask = np.array(Image.open(self.masks[idx]).convert("L").resize((192, 192)))
        image = torch.from_numpy(image).permute(2, 0, 1)
        mask = torch.from_numpy(mask).float().unsqueeze(0)
        return image, mask


def double_conv(c_in, c_out):
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True),
        nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.d1, self.d2, self.d3 = double_conv(3, 32), double_conv(32, 64), double_conv(64, 128)
        self.pool = nn.MaxPool2d(2)
        self.up2 = nn.ConvTranspose2d(128, 64, 2, stride=2)
        self.u2 = double_conv(128, 64)
        self.up1 = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.u1 = double_conv(64, 32)
        self.out = nn.Conv2d(32, 1, 1)

    def forward(self, x):
        x1 = self.d1(x)
        x2 = self.d2(self.pool(x1))
        x3 = self.d3(self.pool(x2))
        y = self.u2(torch.cat([self.up2(x3), x2], 1))
        y = self.u1(torch.cat([self.up1(y), x1], 1))
        return self.out(y)


loader = DataLoader(LesionDataset("isic2018/train"), batch_size=8, shuffle=True, num_workers=2)
model = UNet().cuda()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

for epoch in range(30):
    model.train()
    for images, masks in loader:
        images, masks = images.cuda(), masks.cuda()
        logits = model(images)
        loss = criterion(logits, masks)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: {loss.item():.4f}")
