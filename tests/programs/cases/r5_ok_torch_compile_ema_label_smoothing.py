"""timm ConvNeXt fine-tune with torch.compile, gradient accumulation, AMP and an EMA copy."""
import copy

import timm
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

NUM_CLASSES = 102
ACCUM = 4

tfm = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor(),
                          transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
train_loader = DataLoader(datasets.Flowers102("data", split="train", download=True, transform=tfm),
                          batch_size=16, shuffle=True, num_workers=4)
val_loader = DataLoader(datasets.Flowers102("data", split="val", download=True, transform=tfm), batch_size=64)

model = timm.create_model("convnext_tiny", pretrained=True, num_classes=NUM_CLASSES).cuda()
ema = copy.deepcopy(model).eval()
for p in ema.parameters():
    p.requires_grad_(False)


@torch.no_grad()
def update_ema(decay=0.999):
    for e, m in zip(ema.parameters(), model.parameters()):
        e.mul_(decay).add_(m.detach(), alpha=1 - decay)


compiled = torch.compile(model)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.05)
scaler = torch.amp.GradScaler("cuda")

for epoch in range(20):
    compiled.train()
    for step, (x, y) in enumerate(train_loader):
        x, y = x.cuda(), y.cuda()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = criterion(compiled(x), y) / ACCUM
        scaler.scale(loss).backward()
        if (step + 1) % ACCUM == 0:
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            update_ema()
    correct = total = 0
    with torch.no_grad():
        for x, y in val_loader:
            probs = ema(x.cuda()).softmax(dim=-1)
            correct += (probs.argmax(-1).cpu() == y).sum().item()
            total += y.numel()
    print(f"epoch {epoch}: EMA val acc {correct / total:.3f}")
