import torch
from torch.utils.data import DataLoader, TensorDataset

from losses import make_loss
from model import SentimentRNN

data = torch.load("data/tweets_tokenized.pt")
loader = DataLoader(TensorDataset(data["tokens"], data["labels"]), batch_size=64, shuffle=True)

model = SentimentRNN(vocab_size=data["vocab_size"], num_classes=3)
criterion = make_loss(class_weights=[1.0, 2.5, 1.2])
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(8):
    for tokens, labels in loader:
        optimizer.zero_grad()
        probs = model(tokens)
        loss = criterion(probs, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    print(epoch, loss.item())
