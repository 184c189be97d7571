import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class KeywordSpotter(nn.Module):
    def __init__(self, n_mels=40, n_keywords=12):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(n_mels, 64, 3, padding=1), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 64, 3, padding=1), nn.BatchNorm1d(64), nn.ReLU(),
            nn.AdaptiveAvgPool1d(1), nn.Flatten(),
        )
        self.head = nn.Linear(64, n_keywords)

    def forward(self, mel):
        return self.head(self.features(mel))


train_loader = DataLoader(torch.load("speech_commands_mels.pt"), batch_size=128, shuffle=True)

model = KeywordSpotter().cuda()
compiled = torch.compile(model)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

for epoch in range(40):
    compiled.train()
    for mel, label in train_loader:
        mel, label = mel.cuda(), label.cuda()
        loss = criterion(compiled(mel), label)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

# Export for the on-device runtime: it wants probabilities, so append a softmax to the trained network.
export_model = nn.Sequential(model, nn.Softmax(dim=1)).cpu().eval()
dummy = torch.randn(1, 40, 101)
torch.onnx.export(
    export_model,
    dummy,
    "keyword_spotter.onnx",
    input_names=["mel"],
    output_names=["probabilities"],
    dynamic_axes={"mel": {0: "batch", 2: "frames"}, "probabilities": {0: "batch"}},
    opset_version=17,
)
