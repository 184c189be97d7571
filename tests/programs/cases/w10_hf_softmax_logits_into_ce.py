import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

CHECKPOINT = "distilbert-base-uncased"
tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=3)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
loss_fct = torch.nn.CrossEntropyLoss()


def train_epoch(loader):
    model.train()
    for batch in loader:
        outputs = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        probs = torch.nn.functional.softmax(outputs.logits, dim=-1)
        loss = loss_fct(probs, batch["labels"])
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


for epoch in range(3):
    train_epoch(DataLoader(train_ds, batch_size=16, shuffle=True))
