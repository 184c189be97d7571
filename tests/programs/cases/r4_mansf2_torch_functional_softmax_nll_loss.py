# Stock movement prediction (rise / fall / neutral) from tweets and prices. Train loop.
import torch
import torch.nn as nn
import torch.nn.functional as F


class StockNet(nn.Module):
    def __init__(self, n_feat=64, n_hidden=64, n_class=3, dropout=0.3):
        super().__init__()
        self.text_gru = nn.GRU(768, n_feat, batch_first=True)
        self.price_gru = nn.GRU(3, n_feat, batch_first=True)
        self.fc1 = nn.Linear(2 * n_feat, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_class)
        self.dropout = dropout

    def forward(self, text, price):
        _, t = self.text_gru(text)
        _, p = self.price_gru(price)
        h = torch.cat([t[-1], p[-1]], dim=1)
        h = F.dropout(F.elu(self.fc1(h)), self.dropout, training=self.training)
        return F.softmax(self.fc2(h), dim=1)


model = StockNet()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4, weight_decay=5e-4)


def train(epoch, text, price, labels):
    model.train()
    optimizer.zero_grad()
    output = model(text, price)
    loss_train = F.nll_loss(output, labels)
    acc_train = (output.argmax(1) == labels).float().mean()
    loss_train.backward()
    optimizer.step()
    print(f"epoch {epoch:03d} loss {loss_train.item():.4f} acc {acc_train.item():.3f}")


batch = torch.load("stocknet_batch.pt")
for epoch in range(200):
    train(epoch, batch["text"], batch["price"], batch["y"])
