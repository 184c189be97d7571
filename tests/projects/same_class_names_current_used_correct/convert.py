"""Export v1 checkpoints to ONNX (inference only)."""
import torch

from legacy.net import Net

net = Net()
net.load_state_dict(torch.load("checkpoints/v1.pt", map_location="cpu"))
net.eval()
torch.onnx.export(net, torch.randn(1, 3, 32, 32), "v1.onnx")
