"""Training uses F.cross_entropy on logits. For a dashboard the loop also logs a 'one-vs-rest BCE'
computed on softmax probabilities under torch.no_grad(); that number is never differentiated, so the
softmax on this logging path does not affect training."""
import torch
import torch.nn.functional as F
from torch import nn
from sklearn.datasets import load_digits

digits = load_digits()
X = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)

clf = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(clf.parameters(), lr=1e-3)
history = {"ce": [], "ovr_bce": []}

for epoch in range(40):
    for i in range(0, len(X), 64):
        xb, yb = X[i:i + 64], y[i:i + 64]
        logits = clf(xb)
        loss = F.cross_entropy(logits, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            probs = torch.softmax(logits, dim=1)
            ovr = F.binary_cross_entropy(probs, F.one_hot(yb, 10).float())
        history["ce"].append(loss.item())
        history["ovr_bce"].append(ovr.item())
print(history["ce"][-1], history["ovr_bce"][-1])
