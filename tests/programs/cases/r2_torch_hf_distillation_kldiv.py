import torch
import torch.nn as nn
import torch.nn.functional as F
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

teacher = AutoModelForSequenceClassification.from_pretrained("textattack/bert-base-uncased-SST-2").cuda().eval()
student = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2).cuda()
tokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased")
train_loader = torch.load("sst2_train_loader.pt")

kl = nn.KLDivLoss(reduction="batchmean")
ce = nn.CrossEntropyLoss()
temperature, alpha = 2.0, 0.5
optimizer = torch.optim.AdamW(student.parameters(), lr=5e-5)
scheduler = get_linear_schedule_with_warmup(optimizer, 500, 3 * len(train_loader))

for epoch in range(3):
    student.train()
    for batch in train_loader:
        batch = {k: v.cuda() for k, v in batch.items()}
        labels = batch.pop("labels")
        with torch.no_grad():
            teacher_logits = teacher(**batch).logits
        student_out = student(**batch)
        loss_ce = ce(student_out.logits, labels)
        loss_kd = kl(
            F.log_softmax(student_out.logits / temperature, dim=-1),
            F.softmax(teacher_logits / temperature, dim=-1),
        ) * temperature ** 2
        loss = alpha * loss_ce + (1 - alpha) * loss_kd
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()

student.eval()
enc = tokenizer(["a gorgeous, witty, seductive movie."], return_tensors="pt").to("cuda")
with torch.no_grad():
    probs = student(**enc).logits.softmax(dim=-1)
print(probs)
