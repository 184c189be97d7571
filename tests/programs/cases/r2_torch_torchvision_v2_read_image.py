from pathlib import Path

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset
from torchvision.io import read_image
from torchvision.models import mobilenet_v3_small, MobileNet_V3_Small_Weights
from torchvision.transforms import v2


class PlantDataset(Dataset):
    def __init__(self, root, classes, transform):
        self.samples = [(p, i) for i, c in enumerate(classes) for p in sorted(Path(root, c).glob("*.png"))]
        self.transform = transform

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, idx):
        path, label = self.samples[idx]
        img = read_image(str(path))
        return self.transform(img), label


CLASSES = ["healthy", "rust", "scab", "multiple"]
transform = v2.Compose([
    v2.RandomResizedCrop(224, antialias=True),
    v2.RandomHorizontalFlip(),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])
loader = DataLoader(PlantDataset("plants/train", CLASSES, transform), batch_size=64, shuffle=True)

model = mobilenet_v3_small(weights=MobileNet_V3_Small_Weights.DEFAULT)
model.classifier[3] = nn.Linear(model.classifier[3].in_features, len(CLASSES))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)

for epoch in range(15):
    model.train()
    for imgs, labels in loader:
        logits = model(imgs)
        loss = criterion(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

model.eval()
scripted = torch.jit.script(nn.Sequential(model, nn.Softmax(dim=-1)))
scripted.save("plant_classifier_probs.pt")
