import glob
import os

import cv2
import numpy as np


def load_pairs(root, size=128):
    """Images and their binary masks (saved as 0/255 PNGs by the labelling tool)."""
    images, masks = [], []
    for path in sorted(glob.glob(os.path.join(root, "images", "*.png"))):
        img = cv2.imread(path)
        img = cv2.resize(img, (size, size))
        mask = cv2.imread(path.replace("images", "masks"), cv2.IMREAD_GRAYSCALE)
        mask = cv2.resize(mask, (size, size), interpolation=cv2.INTER_NEAREST)
        images.append(img)
        masks.append(mask)
    return np.array(images), np.expand_dims(np.array(masks), -1)
