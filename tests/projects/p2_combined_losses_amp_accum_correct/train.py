import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from losses import identity_loss, make_attribute_loss
from models import MultiTaskNet

ACCUM_STEPS = 8
AUX_WEIGHT = 0.1
device = torch.device("cuda")

tf = transforms.Compose([transforms.CenterCrop(178), transforms.Resize(128), transforms.ToTensor()])
train_set = datasets.CelebA("data", split="train", target_type=["identity", "attr"], transform=tf)
val_set = datasets.CelebA("data", split="valid", target_type=["identity", "attr"], transform=tf)
train_loader = DataLoader(train_set, batch_size=32, shuffle=True, num_workers=8)
val_loader = DataLoader(val_set, batch_size=256, num_workers=8)

model = MultiTaskNet(num_identities=10_177).to(device)
attr_loss = make_attribute_loss(train_set.attr.float().mean(0)).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)
scaler = torch.cuda.amp.GradScaler()

for epoch in range(20):
    model.train()
    for step, (images, (identity, attrs)) in enumerate(train_loader):
        images = images.to(device, non_blocking=True)
        identity = (identity - 1).to(device)
        attrs = attrs.float().to(device)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            id_logits, attr_logits = model(images)
            ce = identity_loss(id_logits, identity)
            aux = attr_loss(attr_logits, attrs)
            loss = (ce + AUX_WEIGHT * aux) / ACCUM_STEPS
        scaler.scale(loss).backward()
        if (step + 1) % ACCUM_STEPS == 0:
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)

    model.eval()
    top1 = attr_acc = n = 0
    with torch.no_grad():
        for images, (identity, attrs) in val_loader:
            id_logits, attr_logits = model(images.to(device))
            id_probs = id_logits.softmax(dim=1)
            attr_probs = torch.sigmoid(attr_logits)
            top1 += (id_probs.argmax(1).cpu() == identity - 1).sum().item()
            attr_acc += ((attr_probs.cpu() > 0.5) == attrs.bool()).float().mean(1).sum().item()
            n += images.size(0)
    print(f"epoch {epoch}: id top1 {top1 / n:.3f}, attr acc {attr_acc / n:.3f}")
