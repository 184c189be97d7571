import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import fetch_california_housing
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

X, y = fetch_california_housing(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

x_scaler = StandardScaler().fit(X_train)
y_scaler = MinMaxScaler(feature_range=(-1, 1)).fit(y_train.reshape(-1, 1))
X_train = torch.tensor(x_scaler.transform(X_train), dtype=torch.float32)
X_test = torch.tensor(x_scaler.transform(X_test), dtype=torch.float32)
y_train_s = torch.tensor(y_scaler.transform(y_train.reshape(-1, 1)), dtype=torch.float32)

model = nn.Sequential(
    nn.Linear(8, 64),
    nn.ReLU(),
    nn.Linear(64, 64),
    nn.ReLU(),
    nn.Linear(64, 1),
    nn.Tanh(),
)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(200):
    perm = torch.randperm(X_train.size(0))
    for i in range(0, X_train.size(0), 256):
        idx = perm[i:i + 256]
        optimizer.zero_grad()
        loss = loss_fn(model(X_train[idx]), y_train_s[idx])
        loss.backward()
        optimizer.step()

model.eval()
with torch.no_grad():
    pred_scaled = model(X_test).numpy()
pred = y_scaler.inverse_transform(pred_scaled).ravel()
print("test RMSE (100k$):", float(np.sqrt(np.mean((pred - y_test) ** 2))))
