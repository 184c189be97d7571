MODEL_REGISTRY = {}


def register_model(name):
    def wrap(cls):
        if name in MODEL_REGISTRY:
            raise ValueError(f"duplicate model name {name}")
        MODEL_REGISTRY[name] = cls
        return cls
    return wrap


def build_model(name, **kwargs):
    return MODEL_REGISTRY[name](**kwargs)
