"""Class-weighted loss with the Hugging Face Trainer (transformers#7024: subclass Trainer and override
compute_loss; take the logits from the model and compute the loss yourself). The softmax appears only
in compute_metrics, on numpy predictions after training."""
import numpy as np
import torch
from datasets import load_dataset
from torch import nn
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer,
                          TrainingArguments)

model_name = "distilbert-base-uncased"
tokenizer = AutoTokenizer.from_pretrained(model_name)
ds = load_dataset("csv", data_files={"train": "train.csv", "test": "test.csv"})
ds = ds.map(lambda b: tokenizer(b["text"], truncation=True, padding="max_length"), batched=True)
model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=3)


class WeightedTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.logits
        loss_fct = nn.CrossEntropyLoss(weight=torch.tensor([0.8, 1.2, 0.97], device=logits.device))
        loss = loss_fct(logits.view(-1, self.model.config.num_labels), labels.view(-1))
        return (loss, outputs) if return_outputs else loss


def compute_metrics(eval_pred):
    logits, labels = eval_pred
    probs = torch.softmax(torch.from_numpy(logits), dim=-1).numpy()
    return {"accuracy": float(np.mean(probs.argmax(-1) == labels))}


trainer = WeightedTrainer(model=model, args=TrainingArguments("out", num_train_epochs=3),
                          train_dataset=ds["train"], eval_dataset=ds["test"],
                          compute_metrics=compute_metrics)
trainer.train()
