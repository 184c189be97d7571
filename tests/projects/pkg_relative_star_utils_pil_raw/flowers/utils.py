import torch
from torchvision import datasets, transforms

IMG_SIZE = 96
NUM_CLASSES = 5

train_transform = transforms.Compose([
    transforms.Resize((IMG_SIZE, IMG_SIZE)),
    transforms.RandomHorizontalFlip(),
    transforms.PILToTensor(),
])


def make_loader(root, batch_size=32):
    ds = datasets.ImageFolder(root, transform=train_transform)
    return torch.utils.data.DataLoader(ds, batch_size=batch_size, shuffle=True, num_workers=4)
