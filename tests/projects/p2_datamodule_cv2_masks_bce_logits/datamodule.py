from pathlib import Path

import cv2
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class RoadSegmentation(Dataset):
    """images/*.jpg with masks/*.png (road = 255, background = 0)."""

    def __init__(self, root, size=256):
        self.root = Path(root)
        self.images = sorted((self.root / "images").glob("*.jpg"))
        self.size = size

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        img_path = self.images[idx]
        mask_path = self.root / "masks" / (img_path.stem + ".png")
        image = cv2.cvtColor(cv2.imread(str(img_path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        image = cv2.resize(image, (self.size, self.size)).astype(np.float32) / 255.0
        mask = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
        mask = cv2.resize(mask, (self.size, self.size), interpolation=cv2.INTER_NEAREST)
        image = torch.from_numpy(image).permute(2, 0, 1)
        mask = torch.from_numpy(mask).unsqueeze(0).float()
        return image, mask


def make_loaders(root, batch_size=8, num_workers=4):
    train = RoadSegmentation(f"{root}/train")
    val = RoadSegmentation(f"{root}/val")
    return (
        DataLoader(train, batch_size=batch_size, shuffle=True, num_workers=num_workers),
        DataLoader(val, batch_size=batch_size, num_workers=num_workers),
    )
