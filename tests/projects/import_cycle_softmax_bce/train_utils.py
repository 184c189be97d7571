import random

import numpy as np
import torch

from model import ToxicityClassifier


def seed_everything(seed=42):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def count_parameters(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def build(vocab_size):
    model = ToxicityClassifier(vocab_size)
    print(model.describe())
    return model
