import albumentations as A
import cv2
import pandas as pd
import timm
import torch
import torch.nn as nn
from albumentations.pytorch import ToTensorV2
from torch.utils.data import DataLoader, Dataset

train_aug = A.Compose([
    A.RandomResizedCrop(size=(384, 384), scale=(0.6, 1.0)),
    A.HorizontalFlip(p=0.5),
    A.ShiftScaleRotate(p=0.5),
    A.HueSaturationValue(p=0.3),
    A.Normalize(mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225), max_pixel_value=255.0),
    ToTensorV2(),
])


class LeafDataset(Dataset):
    def __init__(self, df, image_dir, transforms=None):
        self.df = df.reset_index(drop=True)
        self.image_dir = image_dir
        self.transforms = transforms

    def __len__(self):
        return len(self.df)

    def __getitem__(self, idx):
        row = self.df.iloc[idx]
        image = cv2.imread(f"{self.image_dir}/{row.image_id}")
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        if self.transforms is not None:
            image = self.transforms(image=image)["image"]
        return image, torch.tensor(row.label, dtype=torch.long)


df = pd.read_csv("cassava/train.csv")
train_loader = DataLoader(LeafDataset(df, "cassava/train_images", train_aug), batch_size=32, shuffle=True, num_workers=8)

model = timm.create_model("tf_efficientnet_b3_ns", pretrained=True, num_classes=5).cuda()
criterion = nn.CrossEntropyLoss(label_smoothing=0.05)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-6)
scaler = torch.cuda.amp.GradScaler()

for epoch in range(10):
    model.train()
    for images, labels in train_loader:
        images, labels = images.cuda(), labels.cuda()
        optimizer.zero_grad()
        with torch.cuda.amp.autocast():
            preds = model(images)
            loss = criterion(preds, labels)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
