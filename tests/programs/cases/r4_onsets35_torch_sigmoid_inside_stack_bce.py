"""Piano transcription model in the style of onsets-and-frames: it looks like the BCE loss gets raw
outputs, but each head's nn.Sequential ends in nn.Sigmoid, so F.binary_cross_entropy is right."""
import torch
import torch.nn.functional as F
from torch import nn


class ConvStack(nn.Module):
    def __init__(self, input_features, output_features):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 16, (3, 3), padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.MaxPool2d((1, 2)),
        )
        self.fc = nn.Linear(16 * (input_features // 2), output_features)

    def forward(self, mel):
        x = self.cnn(mel.unsqueeze(1))
        x = x.transpose(1, 2).flatten(-2)
        return self.fc(x)


class OnsetsAndFrames(nn.Module):
    def __init__(self, input_features=229, output_features=88, model_size=256):
        super().__init__()
        self.onset_stack = nn.Sequential(
            ConvStack(input_features, model_size),
            nn.Linear(model_size, output_features),
            nn.Sigmoid(),
        )
        self.frame_stack = nn.Sequential(
            ConvStack(input_features, model_size),
            nn.Linear(model_size, output_features),
            nn.Sigmoid(),
        )

    def forward(self, mel):
        return self.onset_stack(mel), self.frame_stack(mel)

    def run_on_batch(self, batch):
        onset_pred, frame_pred = self(batch["mel"])
        losses = {
            "loss/onset": F.binary_cross_entropy(onset_pred, batch["onset"]),
            "loss/frame": F.binary_cross_entropy(frame_pred, batch["frame"]),
        }
        return (onset_pred, frame_pred), losses


model = OnsetsAndFrames()
optimizer = torch.optim.Adam(model.parameters(), lr=6e-4)
for i in range(1000):
    batch = torch.load(f"batches/{i % 50}.pt")   # mel (B, T, 229) and 0/1 piano rolls (B, T, 88)
    _, losses = model.run_on_batch(batch)
    loss = sum(losses.values())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def evaluate(model, batch):
    with torch.no_grad():
        (onset_pred, frame_pred), _ = model.run_on_batch(batch)
    return onset_pred.squeeze(0).relu_(), frame_pred.squeeze(0).relu_()
