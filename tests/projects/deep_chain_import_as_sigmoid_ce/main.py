import torch
from torch.utils.data import TensorDataset

import engine.runner as runner

CFG = {"size": "small", "in_dim": 40, "num_classes": 5, "lr": 0.05, "batch_size": 64, "epochs": 20}

if __name__ == "__main__":
    data = torch.load("data/activity.pt")
    train_set = TensorDataset(data["x"], data["y"])
    model = runner.run(CFG, train_set)
    torch.save(model.state_dict(), "activity.pt")
