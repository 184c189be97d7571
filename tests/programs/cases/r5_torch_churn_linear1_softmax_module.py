import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("telco_churn.csv")
df = pd.get_dummies(df.drop(columns=["customerID"]), drop_first=True)
y = df.pop("Churn_Yes").values.astype(np.float32)
X = StandardScaler().fit_transform(df.values.astype(np.float32))
X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=0)

X_tr = torch.tensor(X_tr, dtype=torch.float32)
y_tr = torch.tensor(y_tr).unsqueeze(1)
X_va = torch.tensor(X_va, dtype=torch.float32)
y_va = torch.tensor(y_va).unsqueeze(1)

model = nn.Sequential(
    nn.Linear(X_tr.shape[1], 64),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(64, 1),
    nn.Softmax(dim=1),
)
loss_fn = nn.BCELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

for epoch in range(100):
    model.train()
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(X_tr), 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(X_tr[idx]), y_tr[idx])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = ((model(X_va) > 0.5).float() == y_va).float().mean().item()
    if epoch % 10 == 0:
        print(epoch, loss.item(), acc)
