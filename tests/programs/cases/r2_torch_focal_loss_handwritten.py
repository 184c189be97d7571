import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class BinaryFocalLoss(nn.Module):
    """Focal loss (Lin et al. 2017) on raw logits, as in torchvision.ops.sigmoid_focal_loss."""

    def __init__(self, alpha=0.25, gamma=2.0):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma

    def forward(self, logits, targets):
        p = torch.sigmoid(logits)
        ce_loss = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p_t = p * targets + (1 - p) * (1 - targets)
        loss = ce_loss * ((1 - p_t) ** self.gamma)
        alpha_t = self.alpha * targets + (1 - self.alpha) * (1 - targets)
        return (alpha_t * loss).mean()


class MultiClassFocalLoss(nn.Module):
    def __init__(self, gamma=2.0, weight=None):
        super().__init__()
        self.gamma = gamma
        self.weight = weight

    def forward(self, logits, target):
        log_prob = F.log_softmax(logits, dim=-1)
        prob = torch.exp(log_prob)
        return F.nll_loss(((1 - prob) ** self.gamma) * log_prob, target, weight=self.weight)


class DefectNet(nn.Module):
    def __init__(self, n_features=64, n_types=6):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(n_features, 128), nn.GELU(), nn.Dropout(0.2), nn.Linear(128, 128), nn.GELU())
        self.is_defect = nn.Linear(128, 1)
        self.defect_type = nn.Linear(128, n_types)

    def forward(self, x):
        h = self.trunk(x)
        return self.is_defect(h).squeeze(-1), self.defect_type(h)


features = torch.load("sensor_features.pt")
is_defect = torch.load("is_defect.pt").float()
defect_type = torch.load("defect_type.pt").long()
loader = DataLoader(TensorDataset(features, is_defect, defect_type), batch_size=256, shuffle=True)

model = DefectNet()
binary_loss = BinaryFocalLoss(alpha=0.75)
type_loss = MultiClassFocalLoss(gamma=1.5)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for epoch in range(30):
    for x, y_bin, y_type in loader:
        bin_logits, type_logits = model(x)
        loss = binary_loss(bin_logits, y_bin) + 0.5 * type_loss(type_logits, y_type)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
