import glob

import cv2
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class NucleiDataset(Dataset):
    def __init__(self, folder):
        self.imgs = sorted(glob.glob(f"{folder}/images/*.png"))
        self.masks = sorted(glob.glob(f"{folder}/masks/*.png"))

    def __len__(self):
        return len(self.imgs)

    def __getitem__(self, i):
        img = cv2.resize(cv2.imread(self.imgs[i]), (128, 128)).astype(np.float32) / 255.0
        mask = cv2.resize(cv2.imread(self.masks[i], cv2.IMREAD_GRAYSCALE), (128, 128))
        mask = (mask > 127).astype(np.float32)
        return torch.from_numpy(img).permute(2, 0, 1), torch.from_numpy(mask)[None]


def block(i, o):
    return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.ReLU(), nn.Conv2d(o, o, 3, padding=1), nn.ReLU())


class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1, self.enc2 = block(3, 16), block(16, 32)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.dec1 = block(48, 16)
        self.final = nn.Conv2d(16, 1, kernel_size=1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        d1 = self.dec1(torch.cat([self.up(e2), e1], dim=1))
        return torch.sigmoid(self.final(d1))


model = TinyUNet()
loader = DataLoader(NucleiDataset("stage1_train"), batch_size=16, shuffle=True)
bce = nn.BCELoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)


def dice_loss(pred, target, eps=1.0):
    inter = (pred * target).sum(dim=(1, 2, 3))
    return 1 - ((2 * inter + eps) / (pred.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + eps)).mean()


for epoch in range(25):
    for img, mask in loader:
        pred = model(img)
        loss = bce(pred, mask) + dice_loss(pred, mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())
