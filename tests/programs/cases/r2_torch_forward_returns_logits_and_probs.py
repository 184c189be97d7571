import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class NewsClassifier(nn.Module):
    def __init__(self, vocab_size, num_classes=4, dim=64):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, dim, sparse=False)
        self.fc = nn.Linear(dim, num_classes)

    def forward(self, text, offsets):
        logits = self.fc(self.embedding(text, offsets))
        return logits, F.softmax(logits, dim=1)


model = NewsClassifier(vocab_size=95811)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5.0)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
train_loader = DataLoader(torch.load("ag_news_train.pt"), batch_size=64, shuffle=True)

for epoch in range(10):
    model.train()
    total_acc, total_count = 0, 0
    for label, text, offsets in train_loader:
        optimizer.zero_grad()
        logits, probs = model(text, offsets)
        loss = criterion(logits, label)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
        optimizer.step()
        total_acc += (probs.argmax(1) == label).sum().item()
        total_count += label.size(0)
    scheduler.step()
    print(f"epoch {epoch}: accuracy {total_acc / total_count:.3f}")
