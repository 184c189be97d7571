import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim


class ModelWithTemperature(nn.Module):
    """Wraps a trained classifier that outputs logits (Guo et al., On Calibration of Modern Neural Networks)."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.temperature = nn.Parameter(torch.ones(1) * 1.5)

    def forward(self, x):
        return self.temperature_scale(self.model(x))

    def temperature_scale(self, logits):
        temperature = self.temperature.unsqueeze(1).expand(logits.size(0), logits.size(1))
        return logits / temperature

    def set_temperature(self, valid_loader):
        self.cuda()
        nll_criterion = nn.CrossEntropyLoss().cuda()
        ece_criterion = _ECELoss().cuda()
        logits_list, labels_list = [], []
        with torch.no_grad():
            for x, label in valid_loader:
                logits_list.append(self.model(x.cuda()))
                labels_list.append(label)
            logits = torch.cat(logits_list).cuda()
            labels = torch.cat(labels_list).cuda()
        before_nll = nll_criterion(logits, labels).item()
        before_ece = ece_criterion(logits, labels).item()
        print(f"Before temperature - NLL: {before_nll:.3f}, ECE: {before_ece:.3f}")

        optimizer = optim.LBFGS([self.temperature], lr=0.01, max_iter=50)

        def closure():
            optimizer.zero_grad()
            loss = nll_criterion(self.temperature_scale(logits), labels)
            loss.backward()
            return loss

        optimizer.step(closure)
        after_ece = ece_criterion(self.temperature_scale(logits), labels).item()
        print(f"Optimal temperature: {self.temperature.item():.3f}, ECE after: {after_ece:.3f}")
        return self


class _ECELoss(nn.Module):
    def __init__(self, n_bins=15):
        super().__init__()
        bin_boundaries = torch.linspace(0, 1, n_bins + 1)
        self.bin_lowers = bin_boundaries[:-1]
        self.bin_uppers = bin_boundaries[1:]

    def forward(self, logits, labels):
        softmaxes = F.softmax(logits, dim=1)
        confidences, predictions = torch.max(softmaxes, 1)
        accuracies = predictions.eq(labels)
        ece = torch.zeros(1, device=logits.device)
        for bin_lower, bin_upper in zip(self.bin_lowers, self.bin_uppers):
            in_bin = confidences.gt(bin_lower.item()) * confidences.le(bin_upper.item())
            prop_in_bin = in_bin.float().mean()
            if prop_in_bin.item() > 0:
                accuracy_in_bin = accuracies[in_bin].float().mean()
                avg_confidence_in_bin = confidences[in_bin].mean()
                ece += torch.abs(avg_confidence_in_bin - accuracy_in_bin) * prop_in_bin
        return ece


if __name__ == "__main__":
    from torchvision.models import densenet121

    net = densenet121(num_classes=100)
    net.load_state_dict(torch.load("densenet_cifar100.pth"))
    valid_loader = torch.load("valid_loader.pt")
    scaled_model = ModelWithTemperature(net).set_temperature(valid_loader)
