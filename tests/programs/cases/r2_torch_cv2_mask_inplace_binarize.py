import glob
import os

import cv2
import numpy as np
import segmentation_models_pytorch as smp
import torch
from torch.utils.data import DataLoader, Dataset


class BuildingsDataset(Dataset):
    def __init__(self, root):
        self.images = sorted(glob.glob(os.path.join(root, "images", "*.tif")))
        self.masks = sorted(glob.glob(os.path.join(root, "masks", "*.tif")))

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        image = cv2.cvtColor(cv2.imread(self.images[i]), cv2.COLOR_BGR2RGB)
        image = image.astype(np.float32) / 255.0
        mask = cv2.imread(self.masks[i], cv2.IMREAD_GRAYSCALE).astype(np.float32)
        mask[mask == 255.0] = 1.0
        return torch.from_numpy(image).permute(2, 0, 1), torch.from_numpy(mask).unsqueeze(0)


model = smp.Unet(encoder_name="resnet34", encoder_weights="imagenet", in_channels=3, classes=1)
model = model.cuda()
loader = DataLoader(BuildingsDataset("massachusetts_buildings/train"), batch_size=8, shuffle=True, num_workers=4)
loss_fn = torch.nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)

for epoch in range(40):
    model.train()
    for image, mask in loader:
        image, mask = image.cuda(), mask.cuda()
        logits = model(image)
        loss = loss_fn(logits, mask)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        iou = ((torch.sigmoid(logits) > 0.5) & (mask > 0.5)).sum() / (((torch.sigmoid(logits) > 0.5) | (mask > 0.5)).sum() + 1e-6)
    print(f"epoch {epoch}: loss {loss.item():.4f} batch IoU {iou.item():.3f}")
