"""Binary U-Net in the style of milesial/Pytorch-UNet: the network outputs raw logits (they look
negative in the debugger -- that is expected), training uses BCEWithLogitsLoss, and the sigmoid is
applied only in the predict script."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class UNetSmall(nn.Module):
    def __init__(self, n_channels=1, n_classes=1):
        super().__init__()
        self.n_classes = n_classes
        self.inc = nn.Sequential(nn.Conv2d(n_channels, 32, 3, padding=1), nn.ReLU(inplace=True))
        self.down = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(inplace=True))
        self.up = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.outc = nn.Conv2d(64, n_classes, 1)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down(x1)
        x = torch.cat([self.up(x2), x1], dim=1)
        return self.outc(x)


def train_net(net, loader, epochs=5, lr=1e-3):
    optimizer = torch.optim.RMSprop(net.parameters(), lr=lr, weight_decay=1e-8, momentum=0.9)
    if net.n_classes > 1:
        criterion = nn.CrossEntropyLoss()
    else:
        criterion = nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        net.train()
        for imgs, true_masks in loader:        # images in [0, 1], masks 0/1
            masks_pred = net(imgs)
            loss = criterion(masks_pred, true_masks)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def predict_img(net, img, out_threshold=0.5):
    net.eval()
    with torch.no_grad():
        output = net(img.unsqueeze(0))
        probs = torch.sigmoid(output) if net.n_classes == 1 else F.softmax(output, dim=1)
    return (probs > out_threshold).squeeze(0)


if __name__ == "__main__":
    from lesion_data import make_loader

    unet = UNetSmall(n_channels=1, n_classes=1)
    train_net(unet, make_loader("data/train", batch_size=8))
