"""Knowledge distillation: ResNet-50 teacher -> ResNet-18 student (timm), Hinton-style KD."""
import argparse

import timm
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


def kd_loss(student_logits, teacher_logits, labels, T=4.0, alpha=0.9):
    soft = F.kl_div(F.log_softmax(student_logits / T, dim=1),
                    F.softmax(teacher_logits / T, dim=1),
                    reduction="batchmean") * (T * T)
    hard = F.cross_entropy(student_logits, labels)
    return alpha * soft + (1.0 - alpha) * hard


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="imagenette2-320")
    ap.add_argument("--teacher-ckpt", default="teacher.pth")
    ap.add_argument("--epochs", type=int, default=30)
    args = ap.parse_args()

    tfm = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                              transforms.ToTensor(),
                              transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
    loader = DataLoader(datasets.ImageFolder(f"{args.data}/train", tfm), batch_size=64, shuffle=True, num_workers=8)

    teacher = timm.create_model("resnet50", pretrained=False, num_classes=10)
    teacher.load_state_dict(torch.load(args.teacher_ckpt, map_location="cpu"))
    teacher = teacher.cuda().eval()
    student = timm.create_model("resnet18", pretrained=True, num_classes=10).cuda()
    opt = torch.optim.SGD(student.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)

    for epoch in range(args.epochs):
        student.train()
        for x, y in loader:
            x, y = x.cuda(non_blocking=True), y.cuda(non_blocking=True)
            with torch.no_grad():
                t_logits = teacher(x)
            s_logits = student(x)
            loss = kd_loss(s_logits, t_logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(epoch, loss.item())


if __name__ == "__main__":
    main()
