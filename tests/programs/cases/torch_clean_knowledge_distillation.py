import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision import transforms

T = 4.0
ALPHA = 0.7

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.4914, 0.4822, 0.4465), (0.247, 0.243, 0.261))])
train_loader = torch.utils.data.DataLoader(
    torchvision.datasets.CIFAR10("data", train=True, download=True, transform=transform), batch_size=128, shuffle=True)

teacher = torchvision.models.resnet50(num_classes=10)
teacher.load_state_dict(torch.load("teacher_cifar10.pth"))
teacher.eval()

student = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10),
)
optimizer = torch.optim.Adam(student.parameters(), lr=1e-3)


def distillation_loss(student_logits, teacher_logits, labels):
    soft_targets = F.softmax(teacher_logits / T, dim=1)
    soft_student = F.log_softmax(student_logits / T, dim=1)
    kd = F.kl_div(soft_student, soft_targets, reduction="batchmean") * (T * T)
    ce = F.cross_entropy(student_logits, labels)
    return ALPHA * kd + (1 - ALPHA) * ce


for epoch in range(30):
    student.train()
    for images, labels in train_loader:
        with torch.no_grad():
            teacher_logits = teacher(images)
        loss = distillation_loss(student(images), teacher_logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
