import torch


def train_one_epoch(model, loader, criterion, optimizer, device, log_every=50):
    model.train()
    running = 0.0
    for step, (images, targets) in enumerate(loader):
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True).float()
        outputs = model(images)
        loss = criterion(outputs, targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        running += loss.item()
        if step % log_every == 0:
            print(f"step {step}: loss {running / (step + 1):.4f}")
    return running / max(len(loader), 1)


@torch.no_grad()
def evaluate(model, loader, device, threshold=0.5):
    model.eval()
    tp = fp = fn = 0
    for images, targets in loader:
        preds = (model(images.to(device)) > threshold).float().cpu()
        tp += (preds * targets).sum().item()
        fp += (preds * (1 - targets)).sum().item()
        fn += ((1 - preds) * targets).sum().item()
    return 2 * tp / max(2 * tp + fp + fn, 1)
