import glob

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.transforms.functional as TF
from PIL import Image
from torch.utils.data import DataLoader, Dataset

NUM_CLASSES = 4


class SceneDataset(Dataset):
    def __init__(self, root):
        self.images = sorted(glob.glob(f"{root}/images/*.jpg"))
        self.masks = sorted(glob.glob(f"{root}/masks/*.png"))

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        image = TF.to_tensor(Image.open(self.images[i]).convert("RGB"))
        mask = torch.from_numpy(np.array(Image.open(self.masks[i]))).long()  # class ids 0..3
        return image, mask


def dice_loss(probs, target, eps=1e-6):
    one_hot = F.one_hot(target, NUM_CLASSES).permute(0, 3, 1, 2).float()
    inter = (probs * one_hot).sum(dim=(2, 3))
    union = probs.sum(dim=(2, 3)) + one_hot.sum(dim=(2, 3))
    return 1 - ((2 * inter + eps) / (union + eps)).mean()


model = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Conv2d(32, NUM_CLASSES, 1),
)
loader = DataLoader(SceneDataset("scenes/train"), batch_size=4, shuffle=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

for epoch in range(40):
    for images, masks in loader:
        logits = model(images)
        loss = F.cross_entropy(logits, masks) + dice_loss(F.softmax(logits, dim=1), masks)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
