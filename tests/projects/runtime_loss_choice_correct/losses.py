from torch import nn

LOSSES = {
    "bce": nn.BCELoss,
    "bce_logits": nn.BCEWithLogitsLoss,
    "mse": nn.MSELoss,
}


def get_loss(name, **kwargs):
    return LOSSES[name](**kwargs)
