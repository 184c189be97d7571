from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class CarvanaDataset(Dataset):
    def __init__(self, images_dir, masks_dir, scale=0.5):
        self.images = sorted(Path(images_dir).glob("*.jpg"))
        self.masks_dir = Path(masks_dir)
        self.scale = scale

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        img_path = self.images[idx]
        image = np.array(Image.open(img_path).convert("RGB"), dtype=np.float32) / 255.0
        mask = np.array(Image.open(self.masks_dir / f"{img_path.stem}_mask.gif").convert("L"), dtype=np.float32)
        mask = (mask > 127).astype(np.float32)
        image = torch.from_numpy(image.transpose(2, 0, 1))
        return image, torch.from_numpy(mask)[None]


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


class TinyUNet(nn.Module):
    def __init__(self, n_classes=1):
        super().__init__()
        self.down1, self.down2 = double_conv(3, 32), double_conv(32, 64)
        self.up = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec = double_conv(64, 32)
        self.outc = nn.Conv2d(32, n_classes, kernel_size=1)

    def forward(self, x):
        x1 = self.down1(x)
        x2 = self.down2(F.max_pool2d(x1, 2))
        x = self.dec(torch.cat([self.up(x2), x1], dim=1))
        return self.outc(x)


def dice_coeff(logits, target, eps=1e-6):
    probs = torch.sigmoid(logits)
    inter = (probs * target).sum(dim=(2, 3))
    union = probs.sum(dim=(2, 3)) + target.sum(dim=(2, 3))
    return ((2 * inter + eps) / (union + eps)).mean()


model = TinyUNet().cuda()
loader = DataLoader(CarvanaDataset("data/imgs", "data/masks"), batch_size=8, shuffle=True)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-5, weight_decay=1e-8, momentum=0.999)
for epoch in range(5):
    model.train()
    for images, true_masks in loader:
        images, true_masks = images.cuda(), true_masks.cuda()
        masks_pred = model(images)
        loss = criterion(masks_pred, true_masks) + (1 - dice_coeff(masks_pred, true_masks))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
