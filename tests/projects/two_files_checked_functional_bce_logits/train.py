import pandas as pd
import torch
import torch.nn.functional as F

from model import AnomalyScorer

df = pd.read_parquet("data/sensor_windows.parquet")
x = torch.tensor(df.drop(columns=["is_anomaly"]).values, dtype=torch.float32)
y = torch.tensor(df["is_anomaly"].values, dtype=torch.float32)

model = AnomalyScorer(x.shape[1])
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(2000):
    idx = torch.randint(0, len(x), (256,))
    scores = model(x[idx]).squeeze(1)
    loss = F.binary_cross_entropy(scores, y[idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 200 == 0:
        print(step, loss.item())
