import math

import torch
import torch.nn as nn
import torch.nn.functional as F

PAD_IDX = 0


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=5000):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[: x.size(0)]


class TransformerLM(nn.Module):
    def __init__(self, ntoken, d_model=256, nhead=4, nlayers=4, dropout=0.1):
        super().__init__()
        self.embedding = nn.Embedding(ntoken, d_model, padding_idx=PAD_IDX)
        self.pos_encoder = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead, 4 * d_model, dropout)
        self.encoder = nn.TransformerEncoder(layer, nlayers)
        self.lm_head = nn.Linear(d_model, ntoken)
        self.d_model = d_model

    def forward(self, src, src_mask):
        x = self.pos_encoder(self.embedding(src) * math.sqrt(self.d_model))
        return self.lm_head(self.encoder(x, src_mask))


ntokens = 33278
model = TransformerLM(ntokens).cuda()
criterion = nn.CrossEntropyLoss(ignore_index=PAD_IDX)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
train_data = torch.load("wikitext2_train_batched.pt")
bptt = 35

for epoch in range(10):
    model.train()
    for i in range(0, train_data.size(0) - 1, bptt):
        seq_len = min(bptt, len(train_data) - 1 - i)
        data, targets = train_data[i:i + seq_len].cuda(), train_data[i + 1:i + 1 + seq_len].reshape(-1).cuda()
        mask = nn.Transformer.generate_square_subsequent_mask(seq_len).cuda()
        output = model(data, mask)
        loss = criterion(output.view(-1, ntokens), targets)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
    print(f"epoch {epoch}: ppl {math.exp(loss.item()):.2f}")


@torch.no_grad()
def generate(model, prompt, steps=50, temperature=0.8):
    model.eval()
    tokens = prompt.clone()
    for _ in range(steps):
        mask = nn.Transformer.generate_square_subsequent_mask(tokens.size(0)).cuda()
        logits = model(tokens, mask)[-1, 0] / temperature
        probs = F.softmax(logits, dim=-1)
        next_token = torch.multinomial(probs, num_samples=1)
        tokens = torch.cat([tokens, next_token.view(1, 1)], dim=0)
    return tokens
