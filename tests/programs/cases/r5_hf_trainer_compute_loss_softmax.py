"""Fine-tune DistilBERT on a 3-class sentiment CSV with class-weighted loss."""
import numpy as np
import pandas as pd
import torch
from datasets import Dataset
from sklearn.model_selection import train_test_split
from sklearn.utils.class_weight import compute_class_weight
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer,
                          TrainingArguments)

MODEL_NAME = "distilbert-base-uncased"
LABELS = ["negative", "neutral", "positive"]

df = pd.read_csv("tweets.csv")
df["label"] = df["sentiment"].map({name: i for i, name in enumerate(LABELS)})
train_df, val_df = train_test_split(df, test_size=0.1, stratify=df["label"], random_state=1)

tokenizer = AutoTokenizer.from_pretrained(MODEL_NAME)


def tokenize(batch):
    return tokenizer(batch["text"], truncation=True, padding="max_length", max_length=128)


train_ds = Dataset.from_pandas(train_df[["text", "label"]]).map(tokenize, batched=True)
val_ds = Dataset.from_pandas(val_df[["text", "label"]]).map(tokenize, batched=True)

weights = compute_class_weight("balanced", classes=np.arange(3), y=train_df["label"].values)
class_weights = torch.tensor(weights, dtype=torch.float)


class WeightedTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.get("logits")
        probs = torch.softmax(logits, dim=-1)
        loss_fct = torch.nn.CrossEntropyLoss(weight=class_weights.to(logits.device))
        loss = loss_fct(probs.view(-1, 3), labels.view(-1))
        return (loss, outputs) if return_outputs else loss


def compute_metrics(eval_pred):
    logits, labels = eval_pred
    return {"accuracy": float((np.argmax(logits, axis=-1) == labels).mean())}


model = AutoModelForSequenceClassification.from_pretrained(MODEL_NAME, num_labels=3)
args = TrainingArguments(
    output_dir="out",
    per_device_train_batch_size=32,
    per_device_eval_batch_size=64,
    num_train_epochs=3,
    learning_rate=2e-5,
    eval_strategy="epoch",
    logging_steps=50,
)
trainer = WeightedTrainer(model=model, args=args, train_dataset=train_ds, eval_dataset=val_ds,
                          compute_metrics=compute_metrics)
trainer.train()
