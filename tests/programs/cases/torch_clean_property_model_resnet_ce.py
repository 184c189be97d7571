import cv2
import numpy as np
import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader, Dataset

NUM_CLASSES = 7
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class SkinLesionDataset(Dataset):
    def __init__(self, records):
        self.records = records

    def __len__(self):
        return len(self.records)

    def __getitem__(self, idx):
        path, label = self.records[idx]
        img = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)
        img = cv2.resize(img, (224, 224)).astype(np.float32) / 255.0
        img = (img - MEAN) / STD
        return torch.from_numpy(img.transpose(2, 0, 1)), label


class Trainer:
    def __init__(self, records, lr=1e-4, device="cuda"):
        self.device = device
        self.loader = DataLoader(SkinLesionDataset(records), batch_size=32, shuffle=True)
        self._model = None
        self.criterion = nn.CrossEntropyLoss(weight=torch.ones(NUM_CLASSES))
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)

    @property
    def model(self):
        if self._model is None:
            net = torchvision.models.resnet18(weights="IMAGENET1K_V1")
            net.fc = nn.Linear(net.fc.in_features, NUM_CLASSES)
            self._model = net.to(self.device)
        return self._model

    def train_epoch(self):
        self.model.train()
        for images, labels in self.loader:
            images, labels = images.to(self.device), labels.to(self.device)
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(images), labels)
            loss.backward()
            self.optimizer.step()


records = [line.strip().split(",") for line in open("ham10000.csv")]
trainer = Trainer([(p, int(c)) for p, c in records])
for _ in range(15):
    trainer.train_epoch()
