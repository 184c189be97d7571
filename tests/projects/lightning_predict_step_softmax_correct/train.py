import pytorch_lightning as pl
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from petclf.module import PetClassifier

tfm = transforms.Compose([
    transforms.Resize((224, 224)),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
train_ds = datasets.OxfordIIITPet("data", split="trainval", download=True, transform=tfm)
test_ds = datasets.OxfordIIITPet("data", split="test", download=True, transform=tfm)

model = PetClassifier()
trainer = pl.Trainer(max_epochs=5, precision="16-mixed")
trainer.fit(model, DataLoader(train_ds, batch_size=64, shuffle=True, num_workers=8))
probs = trainer.predict(model, DataLoader(test_ds, batch_size=64))
