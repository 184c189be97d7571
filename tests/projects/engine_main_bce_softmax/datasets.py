import json
import os

import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms


class TaggedImages(Dataset):
    def __init__(self, root, split, tags):
        with open(os.path.join(root, f"{split}.json")) as f:
            self.items = json.load(f)
        self.root = root
        self.tags = tags
        self.transform = transforms.Compose([
            transforms.Resize((224, 224)),
            transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ])

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        item = self.items[i]
        image = Image.open(os.path.join(self.root, item["file"])).convert("RGB")
        target = torch.zeros(len(self.tags))
        for t in item["tags"]:
            target[self.tags.index(t)] = 1.0
        return self.transform(image), target
