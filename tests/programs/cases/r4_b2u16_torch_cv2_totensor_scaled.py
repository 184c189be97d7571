"""Denoising dataset read with cv2.imread: transforms.ToTensor() turns the uint8 HxWxC array into a
float tensor in [0, 1], so the inputs are already scaled (dividing by 255 again would be the bug)."""
import glob

import cv2
import torch
import torch.nn as nn
import torchvision.transforms as transforms
from torch.utils.data import DataLoader, Dataset


class NoisyPatches(Dataset):
    def __init__(self, folder, sigma=25.0):
        self.files = sorted(glob.glob(folder + "/*.png"))
        self.to_tensor = transforms.Compose([transforms.ToTensor()])
        self.sigma = sigma / 255.0

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        im = cv2.imread(self.files[i])
        im = cv2.cvtColor(im, cv2.COLOR_BGR2RGB)
        clean = self.to_tensor(im)
        noisy = clean + self.sigma * torch.randn_like(clean)
        return noisy, clean


denoiser = nn.Sequential(
    nn.Conv2d(3, 48, 3, padding=1), nn.LeakyReLU(0.1),
    nn.Conv2d(48, 48, 3, padding=1), nn.LeakyReLU(0.1),
    nn.Conv2d(48, 3, 3, padding=1),
)
loader = DataLoader(NoisyPatches("data/train"), batch_size=16, shuffle=True)
opt = torch.optim.Adam(denoiser.parameters(), lr=3e-4)
mse = nn.MSELoss()

for epoch in range(100):
    for noisy, clean in loader:
        opt.zero_grad()
        loss = mse(denoiser(noisy), clean)
        loss.backward()
        opt.step()
