from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from transformers import AutoModel, AutoTokenizer


@dataclass
class MultiLabelOutput:
    logits: torch.Tensor
    hidden_states: Optional[torch.Tensor] = None


class ArxivTagger(nn.Module):
    def __init__(self, encoder_name="allenai/scibert_scivocab_uncased", num_labels=20):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(encoder_name)
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(self.encoder.config.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        pooled = self.dropout(hidden[:, 0])
        return MultiLabelOutput(logits=self.classifier(pooled), hidden_states=hidden)


tokenizer = AutoTokenizer.from_pretrained("allenai/scibert_scivocab_uncased")
model = ArxivTagger().cuda()
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
train_loader = torch.load("arxiv_multilabel_loader.pt")

for epoch in range(3):
    model.train()
    for batch in train_loader:
        out = model(batch["input_ids"].cuda(), batch["attention_mask"].cuda())
        loss = F.binary_cross_entropy(out.logits, batch["labels"].float().cuda())
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
