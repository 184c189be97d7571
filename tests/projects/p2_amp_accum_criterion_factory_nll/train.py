import torch
from torch.utils.data import DataLoader

from losses import get_criterion
from model import KeywordNet

EPOCHS = 30
BATCH_SIZE = 64
ACCUM_STEPS = 4
LR = 1e-3


def main():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    use_amp = device.type == "cuda"
    train_set = torch.load("data/speech_commands_train.pt")
    train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True, drop_last=True)

    model = KeywordNet(num_classes=35).to(device)
    criterion = get_criterion("nll")
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR)
    scaler = torch.cuda.amp.GradScaler(enabled=use_amp)

    for epoch in range(EPOCHS):
        model.train()
        optimizer.zero_grad(set_to_none=True)
        for step, (features, labels) in enumerate(train_loader):
            features, labels = features.to(device), labels.to(device)
            with torch.autocast(device_type=device.type, dtype=torch.float16, enabled=use_amp):
                logits = model(features)
                loss = criterion(logits, labels) / ACCUM_STEPS
            scaler.scale(loss).backward()
            if (step + 1) % ACCUM_STEPS == 0:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad(set_to_none=True)
        print(f"epoch {epoch}: last loss {loss.item() * ACCUM_STEPS:.4f}")


if __name__ == "__main__":
    main()
