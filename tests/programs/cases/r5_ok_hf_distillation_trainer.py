"""Distil a fine-tuned BERT-base teacher into DistilBERT with a custom Trainer."""
import torch
import torch.nn.functional as F
from datasets import load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer,
                          TrainingArguments)

teacher_ckpt = "textattack/bert-base-uncased-SST-2"
student_ckpt = "distilbert-base-uncased"

tokenizer = AutoTokenizer.from_pretrained(student_ckpt)
raw = load_dataset("glue", "sst2")
encoded = raw.map(lambda b: tokenizer(b["sentence"], truncation=True, max_length=64), batched=True)
encoded = encoded.rename_column("label", "labels")


class DistillationArguments(TrainingArguments):
    def __init__(self, *args, alpha=0.5, temperature=2.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.alpha = alpha
        self.temperature = temperature


class DistillationTrainer(Trainer):
    def __init__(self, *args, teacher_model=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.teacher = teacher_model.eval()

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        outputs = model(**inputs)
        student_loss = outputs.loss
        with torch.no_grad():
            teacher_logits = self.teacher(**inputs).logits
        t = self.args.temperature
        soft_targets = F.softmax(teacher_logits / t, dim=-1)
        soft_student = F.log_softmax(outputs.logits / t, dim=-1)
        kd = F.kl_div(soft_student, soft_targets, reduction="batchmean") * (t ** 2)
        loss = self.args.alpha * student_loss + (1.0 - self.args.alpha) * kd
        return (loss, outputs) if return_outputs else loss


student = AutoModelForSequenceClassification.from_pretrained(student_ckpt, num_labels=2)
teacher = AutoModelForSequenceClassification.from_pretrained(teacher_ckpt, num_labels=2)
args = DistillationArguments(output_dir="distil-sst2", per_device_train_batch_size=32, num_train_epochs=3,
                             learning_rate=5e-5, alpha=0.5, temperature=4.0)
trainer = DistillationTrainer(model=student, teacher_model=teacher, args=args,
                              train_dataset=encoded["train"], eval_dataset=encoded["validation"],
                              tokenizer=tokenizer)
trainer.train()
