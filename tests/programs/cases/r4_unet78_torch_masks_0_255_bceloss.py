"""Binary segmentation (carvana-style) with BCELoss: the loss goes hugely negative. The images are
scaled to [0, 1] in the dataset, the masks are left as 0/255."""
import os

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class CarDataset(Dataset):
    def __init__(self, img_dir, mask_dir):
        self.img_dir, self.mask_dir = img_dir, mask_dir
        self.ids = sorted(os.listdir(img_dir))

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        name = self.ids[i]
        img = np.array(Image.open(os.path.join(self.img_dir, name)).convert("RGB"), dtype=np.float32)
        img = img.transpose(2, 0, 1) / 255.0
        mask = np.array(Image.open(os.path.join(self.mask_dir, name.replace(".jpg", "_mask.gif"))).convert("L"),
                        dtype=np.float32)
        return torch.from_numpy(img), torch.from_numpy(mask).unsqueeze(0)


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.down1 = double_conv(3, 32)
        self.down2 = double_conv(32, 64)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec = double_conv(64, 32)
        self.outc = nn.Conv2d(32, 1, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool(d1))
        u = self.dec(torch.cat([self.up(d2), d1], dim=1))
        return torch.sigmoid(self.outc(u))


net = TinyUNet()
loader = DataLoader(CarDataset("data/imgs", "data/masks"), batch_size=4, shuffle=True)
criterion = nn.BCELoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)

for epoch in range(10):
    epoch_loss = 0
    for imgs, true_masks in loader:
        masks_pred = net(imgs)
        loss = criterion(masks_pred, true_masks)
        epoch_loss += loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: loss {epoch_loss / len(loader):.6f}")
