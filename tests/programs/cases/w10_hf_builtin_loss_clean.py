import torch
from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=2)
optim = torch.optim.AdamW(model.parameters(), lr=5e-5)

for epoch in range(2):
    model.train()
    for batch in train_loader:
        outputs = model(**batch)
        outputs.loss.backward()
        optim.step()
        optim.zero_grad()
    model.eval()
    with torch.no_grad():
        for batch in eval_loader:
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            probs = torch.softmax(logits, dim=-1)
            predictions = probs.argmax(dim=-1)

manual = AutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=4)
for input_ids, attention_mask, labels in train_loader:
    logits = manual(input_ids, attention_mask=attention_mask)[0]
    torch.nn.functional.cross_entropy(logits, labels).backward()
