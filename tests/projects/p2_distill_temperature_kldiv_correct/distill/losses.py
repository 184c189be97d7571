import torch.nn.functional as F
from torch import nn


class DistillationLoss(nn.Module):
    """Hinton et al. (2015): KL between softened distributions plus hard-label CE."""

    def __init__(self, temperature=4.0, alpha=0.7, label_smoothing=0.1):
        super().__init__()
        self.temperature = temperature
        self.alpha = alpha
        self.ce = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
        self.kl = nn.KLDivLoss(reduction="batchmean")

    def forward(self, student_logits, teacher_logits, targets):
        t = self.temperature
        soft_student = F.log_softmax(student_logits / t, dim=1)
        soft_teacher = F.softmax(teacher_logits / t, dim=1)
        distill = self.kl(soft_student, soft_teacher) * (t * t)
        hard = self.ce(student_logits, targets)
        return self.alpha * distill + (1.0 - self.alpha) * hard
