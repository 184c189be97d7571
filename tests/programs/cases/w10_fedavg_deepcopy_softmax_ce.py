import copy

import torch
import torch.nn as nn
import torch.nn.functional as F


class CNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5)
        self.conv2 = nn.Conv2d(16, 32, 5)
        self.fc1 = nn.Linear(32 * 4 * 4, 128)
        self.fc2 = nn.Linear(128, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        return F.softmax(self.fc2(x), dim=1)


class LocalUpdate:
    def __init__(self, loader, epochs=1, lr=0.01):
        self.loader = loader
        self.epochs = epochs
        self.lr = lr
        self.loss_func = nn.CrossEntropyLoss()

    def train(self, net):
        net.train()
        opt = torch.optim.SGD(net.parameters(), lr=self.lr, momentum=0.5)
        for _ in range(self.epochs):
            for images, labels in self.loader:
                opt.zero_grad()
                loss = self.loss_func(net(images), labels)
                loss.backward()
                opt.step()
        return net.state_dict()


def average(weights):
    avg = copy.deepcopy(weights[0])
    for key in avg:
        for w in weights[1:]:
            avg[key] += w[key]
        avg[key] = avg[key] / len(weights)
    return avg


global_net = CNN()
for rnd in range(50):
    local_weights = []
    for client_loader in client_loaders:
        local = LocalUpdate(client_loader)
        local_weights.append(local.train(copy.deepcopy(global_net)))
    global_net.load_state_dict(average(local_weights))
