def get_config(name):
    if name == "cifar10":
        from . import cifar10 as cfg
    elif name == "cifar100":
        from . import cifar100 as cfg
    else:
        raise ValueError(f"no config named {name}")
    return cfg
