import torch


def fit(model, loader, criterion, optimizer, epochs=10, device="cpu"):
    model.to(device)
    history = []
    for epoch in range(epochs):
        model.train()
        total, n = 0.0, 0
        for inputs, targets in loader:
            inputs, targets = inputs.to(device), targets.to(device)
            outputs = model(inputs)
            loss = criterion(torch.softmax(outputs, dim=1), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(inputs)
            n += len(inputs)
        history.append(total / n)
        print(f"epoch {epoch + 1}/{epochs}: loss {history[-1]:.4f}")
    return history
