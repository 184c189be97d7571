import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class SceneClassifier(nn.Module):
    def __init__(self, in_features=1280, num_classes=67):
        super().__init__()
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(in_features, num_classes)

    def forward(self, feats, return_probs=False):
        logits = self.fc(self.dropout(feats))
        if return_probs:
            return F.softmax(logits, dim=-1)
        return logits


class AudioTagger(nn.Module):
    def __init__(self, in_features=512, num_tags=50):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(in_features, 256), nn.ReLU(), nn.Linear(256, num_tags))

    def forward(self, x):
        logits = self.mlp(x)
        if self.training:
            return logits
        return torch.sigmoid(logits)


scene, tagger = SceneClassifier(), AudioTagger()
ce, bce = nn.CrossEntropyLoss(), nn.BCEWithLogitsLoss()
opt = torch.optim.Adam(list(scene.parameters()) + list(tagger.parameters()), lr=1e-3)
scene_loader = DataLoader(torch.load("mit67_features.pt"), batch_size=128, shuffle=True)
tag_loader = DataLoader(torch.load("mtat_embeddings.pt"), batch_size=128, shuffle=True)

for epoch in range(20):
    scene.train()
    tagger.train()
    for (f, y), (a, tags) in zip(scene_loader, tag_loader):
        loss = ce(scene(f), y) + bce(tagger(a), tags.float())
        opt.zero_grad()
        loss.backward()
        opt.step()

scene.eval()
tagger.eval()
with torch.no_grad():
    f, _ = next(iter(scene_loader))
    top3 = scene(f, return_probs=True).topk(3, dim=-1)
    a, _ = next(iter(tag_loader))
    tag_probs = tagger(a)
