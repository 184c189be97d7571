import torch
from torch.utils.data import DataLoader

from data import AGNews
from losses import criterion
from net import CharCNN

loader = DataLoader(AGNews("data/ag_news/train.csv"), batch_size=128, shuffle=True)
model = CharCNN()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for epoch in range(10):
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
