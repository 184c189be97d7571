import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class TinyTransformerClassifier(nn.Module):
    def __init__(self, vocab_size, num_classes, d_model=128, nhead=4, num_layers=2, max_len=256):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Parameter(torch.zeros(1, max_len, d_model))
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=4 * d_model, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers)
        self.classifier = nn.Linear(d_model, num_classes)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, ids):
        h = self.tok(ids) + self.pos[:, : ids.size(1)]
        h = self.encoder(h).mean(dim=1)
        return self.softmax(self.classifier(h))


class Trainer:
    def __init__(self, model, train_loader, lr=5e-4, epochs=5, device=None):
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model = model.to(self.device)
        self.train_loader = train_loader
        self.epochs = epochs
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=lr)

    def training_step(self, batch):
        ids, labels = (t.to(self.device) for t in batch)
        logits = self.model(ids)
        return self.criterion(logits, labels)

    def train(self):
        for epoch in range(self.epochs):
            self.model.train()
            for batch in self.train_loader:
                loss = self.training_step(batch)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
            print(f"epoch {epoch}: {loss.item():.4f}")


data = torch.load("data/news_ids.pt")
loader = DataLoader(TensorDataset(data["ids"], data["labels"]), batch_size=32, shuffle=True)
model = TinyTransformerClassifier(vocab_size=30522, num_classes=4)
Trainer(model, loader, epochs=3).train()
