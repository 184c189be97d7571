import torch.nn as nn
import torch.nn.functional as F


class SentimentRNN(nn.Module):
    def __init__(self, vocab_size, embed_dim=128, hidden_dim=256, num_classes=3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.fc1 = nn.Linear(2 * hidden_dim, hidden_dim)
        self.fc2 = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens):
        emb = self.embedding(tokens)
        _, (h, _) = self.lstm(emb)
        h = h.transpose(0, 1).reshape(tokens.size(0), -1)
        x = F.relu(self.fc1(h))
        return F.softmax(self.fc2(x), dim=1)
