import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision import transforms


class TwoCropTransform:
    def __init__(self, base):
        self.base = base

    def __call__(self, x):
        return [self.base(x), self.base(x)]


contrast_tf = transforms.Compose([
    transforms.RandomResizedCrop(32, scale=(0.2, 1.0)),
    transforms.RandomHorizontalFlip(),
    transforms.RandomApply([transforms.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
    transforms.RandomGrayscale(p=0.2),
    transforms.ToTensor(),
])
dataset = torchvision.datasets.CIFAR10("data", train=True, download=True, transform=TwoCropTransform(contrast_tf))
loader = torch.utils.data.DataLoader(dataset, batch_size=512, shuffle=True, drop_last=True, num_workers=8)


class SimCLR(nn.Module):
    def __init__(self, feat_dim=128):
        super().__init__()
        backbone = torchvision.models.resnet18()
        backbone.fc = nn.Identity()
        self.encoder = backbone
        self.projector = nn.Sequential(nn.Linear(512, 512), nn.ReLU(inplace=True), nn.Linear(512, feat_dim))

    def forward(self, x):
        return F.normalize(self.projector(self.encoder(x)), dim=1)


def info_nce_loss(features, batch_size, temperature=0.5):
    labels = torch.cat([torch.arange(batch_size) for _ in range(2)], dim=0)
    labels = (labels.unsqueeze(0) == labels.unsqueeze(1)).float().to(features.device)
    similarity_matrix = torch.matmul(features, features.T)
    mask = torch.eye(labels.shape[0], dtype=torch.bool, device=features.device)
    labels = labels[~mask].view(labels.shape[0], -1)
    similarity_matrix = similarity_matrix[~mask].view(similarity_matrix.shape[0], -1)
    positives = similarity_matrix[labels.bool()].view(labels.shape[0], -1)
    negatives = similarity_matrix[~labels.bool()].view(similarity_matrix.shape[0], -1)
    logits = torch.cat([positives, negatives], dim=1) / temperature
    targets = torch.zeros(logits.shape[0], dtype=torch.long, device=features.device)
    return logits, targets


model = SimCLR().cuda()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)
criterion = nn.CrossEntropyLoss()
scaler = torch.cuda.amp.GradScaler()
for epoch in range(100):
    for (view1, view2), _ in loader:
        images = torch.cat([view1, view2], dim=0).cuda(non_blocking=True)
        with torch.cuda.amp.autocast():
            features = model(images)
            logits, targets = info_nce_loss(features, batch_size=view1.shape[0])
            loss = criterion(logits, targets)
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        top1 = (logits.argmax(dim=1) == targets).float().mean()
