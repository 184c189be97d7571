from torch import nn

criterion = nn.NLLLoss()
