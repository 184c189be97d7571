import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from distill import DistillationLoss
from models import StudentCNN, build_teacher

MEAN, STD = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
train_tf = transforms.Compose([
    transforms.RandomCrop(32, padding=4),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize(MEAN, STD),
])
test_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])

train_set = datasets.CIFAR10("data", train=True, download=True, transform=train_tf)
test_set = datasets.CIFAR10("data", train=False, download=True, transform=test_tf)
train_loader = DataLoader(train_set, batch_size=128, shuffle=True, num_workers=4)
test_loader = DataLoader(test_set, batch_size=512)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
teacher = build_teacher(num_classes=10, weights_path="checkpoints/resnet50_cifar10.pt").to(device).eval()
student = StudentCNN(num_classes=10).to(device)
criterion = DistillationLoss(temperature=4.0, alpha=0.9)
optimizer = torch.optim.SGD(student.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)

for epoch in range(60):
    student.train()
    for images, targets in train_loader:
        images, targets = images.to(device), targets.to(device)
        with torch.no_grad():
            teacher_logits = teacher(images)
        student_logits = student(images)
        loss = criterion(student_logits, teacher_logits, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    student.eval()
    correct = 0
    with torch.no_grad():
        for images, targets in test_loader:
            probs = torch.softmax(student(images.to(device)), dim=1)
            correct += (probs.argmax(1).cpu() == targets).sum().item()
    print(f"epoch {epoch}: student acc {correct / len(test_set):.4f}")
