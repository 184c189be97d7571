import lightning.pytorch as pl
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms

from lit_module import LitClassifier

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
full = datasets.CIFAR10("data", train=True, download=True, transform=tf)
train_set, val_set = random_split(full, [45000, 5000])

trainer = pl.Trainer(max_epochs=20, accelerator="auto")
trainer.fit(LitClassifier(num_classes=10), DataLoader(train_set, batch_size=128, shuffle=True, num_workers=4),
            DataLoader(val_set, batch_size=256, num_workers=4))
