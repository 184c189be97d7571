import glob
import os

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset


class LesionDataset(Dataset):
    def __init__(self, root, size=192):
        self.images = sorted(glob.glob(os.path.join(root, "images", "*.png")))
        self.masks = sorted(glob.glob(os.path.join(root, "masks", "*.png")))
        self.size = size

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        image = cv2.imread(self.images[i], cv2.IMREAD_GRAYSCALE)
        mask = cv2.imread(self.masks[i], cv2.IMREAD_GRAYSCALE)
        image = cv2.resize(image, (self.size, self.size)).astype(np.float32) / 255.0
        mask = cv2.resize(mask, (self.size, self.size), interpolation=cv2.INTER_NEAREST)
        mask = (mask > 127).astype(np.float32)
        return torch.from_numpy(image)[None], torch.from_numpy(mask)[None]
