# Vanilla GAN on MNIST with a logit-output discriminator (BCEWithLogitsLoss applies the sigmoid).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

latent_dim = 64
device = "cuda" if torch.cuda.is_available() else "cpu"
tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])])
loader = DataLoader(datasets.MNIST("data", download=True, transform=tfm), batch_size=128, shuffle=True)


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(latent_dim, 256), nn.LeakyReLU(0.2),
            nn.Linear(256, 512), nn.LeakyReLU(0.2),
            nn.Linear(512, 784), nn.Tanh(),
        )

    def forward(self, z):
        return self.net(z).view(-1, 1, 28, 28)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 512), nn.LeakyReLU(0.2),
            nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1),
        )

    def forward(self, img):
        return self.net(img)

    @torch.no_grad()
    def prob_real(self, img):
        return torch.sigmoid(self.net(img))


G, D = Generator().to(device), Discriminator().to(device)
adv_loss = nn.BCEWithLogitsLoss()
opt_G = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_D = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))

for epoch in range(50):
    for real, _ in loader:
        real = real.to(device)
        valid = torch.ones(real.size(0), 1, device=device)
        fake_lbl = torch.zeros(real.size(0), 1, device=device)

        opt_G.zero_grad()
        gen = G(torch.randn(real.size(0), latent_dim, device=device))
        g_loss = adv_loss(D(gen), valid)
        g_loss.backward()
        opt_G.step()

        opt_D.zero_grad()
        d_loss = (adv_loss(D(real), valid) + adv_loss(D(gen.detach()), fake_lbl)) / 2
        d_loss.backward()
        opt_D.step()
    print(epoch, d_loss.item(), g_loss.item(), D.prob_real(real[:8]).mean().item())
