"""The PyTorch building blocks: an MLP with the configured output head, torch's own losses, and the
update rules of torch.optim's SGD (with momentum), Adam and RMSprop.

torch is imported inside functions only. Runs are deterministic (seeded, deterministic algorithms).
"""

from __future__ import annotations

import time
from typing import Any, Optional

from lossguard.probe.plan import ProgressFn, RawRun, RunPlan, run_steps
from lossguard.probe.spec import RunConfig

NAME = "torch"
PACKAGE = "torch"


def available() -> Optional[str]:
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        return "torch is not installed"
    return None


def version() -> str:
    import torch

    return f"torch {torch.__version__.split('+')[0]}"


def unsupported(config: RunConfig) -> Optional[str]:
    """Why torch cannot express this configuration (None when it can)."""
    if config.loss in ("cce", "sparse_cce") and not config.from_logits:
        return "torch has no categorical cross-entropy on probabilities (CrossEntropyLoss takes logits)"
    if config.loss == "cce" and config.labels == "integer":
        return "torch's CrossEntropyLoss accepts class ids: categorical loss on integer labels cannot go wrong there"
    if config.loss == "sparse_cce" and config.labels not in ("integer",):
        return "torch's CrossEntropyLoss accepts one-hot rows: sparse loss on one-hot labels cannot go wrong there"
    if config.loss == "nll" and config.labels != "integer":
        return "NLLLoss takes class ids"
    if config.reported_metric:
        return f"metrics=[{config.reported_metric!r}] is a Keras compile() option"
    return None


def loss_text(config: RunConfig) -> str:
    if config.loss == "bce":
        return "nn.BCEWithLogitsLoss()" if config.from_logits else "nn.BCELoss()"
    if config.loss in ("cce", "sparse_cce"):
        return "nn.CrossEntropyLoss()"
    return {"nll": "nn.NLLLoss()", "mse": "nn.MSELoss()", "mae": "nn.L1Loss()", "huber": "nn.HuberLoss()"}[config.loss]


def head_text(config: RunConfig, fan_in: int) -> str:
    layer = f"Linear({fan_in}, {config.units})"
    dim = 0 if config.act_axis == "batch" else 1
    act = {"linear": "", "softmax": f"Softmax(dim={dim})", "log_softmax": f"LogSoftmax(dim={dim})",
           "sigmoid": "Sigmoid()", "tanh": "Tanh()", "relu": "ReLU()", "elu": "ELU()"}[config.activation]
    return f"{layer} + {act}" if act else layer


def _activation(config: RunConfig) -> Any:
    from torch import nn

    dim = 0 if config.act_axis == "batch" else 1
    return {"linear": nn.Identity(), "softmax": nn.Softmax(dim=dim), "log_softmax": nn.LogSoftmax(dim=dim),
            "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "relu": nn.ReLU(), "elu": nn.ELU()}[config.activation]


def _criterion(config: RunConfig) -> Any:
    from torch import nn

    if config.loss == "bce":
        return nn.BCEWithLogitsLoss() if config.from_logits else nn.BCELoss()
    if config.loss in ("cce", "sparse_cce"):
        return nn.CrossEntropyLoss()
    return {"nll": nn.NLLLoss, "mse": nn.MSELoss, "mae": nn.L1Loss, "huber": nn.HuberLoss}[config.loss]()


def _seed(seed: int) -> None:
    import torch

    torch.manual_seed(seed)
    # torch.use_deterministic_algorithms(True) also sets an inductor flag, and importing the inductor
    # config costs 3 s (torch._dynamo); the probe runs eagerly, so only the switch below matters.
    switch = getattr(torch._C, "_set_deterministic_algorithms", None)
    if switch is not None:
        switch(True)
    else:  # pragma: no cover - other torch versions
        torch.use_deterministic_algorithms(True)
    if torch.get_num_threads() != 1:
        # a 64-32-10 MLP gains nothing from threads, and a spinning thread pool is slow on a busy machine
        torch.set_num_threads(1)


class Adam:
    """torch.optim.Adam's update (single-tensor path, no weight decay, no amsgrad), written out.

    Constructing any `torch.optim` optimizer imports `torch._dynamo` (3 s on two cores, more than the
    whole training of a reference model); `tests/test_probe_torch.py` checks that this class and
    `torch.optim.Adam` produce the same parameters.
    """

    def __init__(self, params: Any, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8):
        import torch

        self.params = [p for p in params]
        self.lr, self.betas, self.eps = lr, betas, eps
        self.exp_avg = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sq = [torch.zeros_like(p) for p in self.params]
        self.step_count = 0

    def zero_grad(self) -> None:
        for param in self.params:
            param.grad = None

    def step(self) -> None:
        import torch

        beta1, beta2 = self.betas
        self.step_count += 1
        bias_correction1 = 1 - beta1 ** self.step_count
        bias_correction2_sqrt = (1 - beta2 ** self.step_count) ** 0.5
        step_size = self.lr / bias_correction1
        with torch.no_grad():
            for param, exp_avg, exp_avg_sq in zip(self.params, self.exp_avg, self.exp_avg_sq):
                if param.grad is None:
                    continue
                grad = param.grad
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(self.eps)
                param.addcdiv_(exp_avg, denom, value=-step_size)


class SGD:
    """torch.optim.SGD's update (momentum without dampening, no nesterov, no weight decay), written out
    for the same reason as Adam; tests/test_probe_torch.py checks it against torch.optim.SGD."""

    def __init__(self, params: Any, lr: float, momentum: float = 0.0):
        self.params = [p for p in params]
        self.lr, self.momentum = lr, momentum
        self.buffers: list[Any] = [None] * len(self.params)

    def zero_grad(self) -> None:
        for param in self.params:
            param.grad = None

    def step(self) -> None:
        import torch

        with torch.no_grad():
            for index, param in enumerate(self.params):
                if param.grad is None:
                    continue
                grad = param.grad
                if self.momentum:
                    buf = self.buffers[index]
                    if buf is None:
                        buf = self.buffers[index] = torch.clone(grad).detach()
                    else:
                        buf.mul_(self.momentum).add_(grad)
                    grad = buf
                param.add_(grad, alpha=-self.lr)


class RMSprop:
    """torch.optim.RMSprop's update (alpha 0.99, eps 1e-8, not centered, optional momentum), written out."""

    def __init__(self, params: Any, lr: float, momentum: float = 0.0, alpha: float = 0.99, eps: float = 1e-8):
        import torch

        self.params = [p for p in params]
        self.lr, self.momentum, self.alpha, self.eps = lr, momentum, alpha, eps
        self.square_avg = [torch.zeros_like(p) for p in self.params]
        self.buffers = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self) -> None:
        for param in self.params:
            param.grad = None

    def step(self) -> None:
        import torch

        with torch.no_grad():
            for param, square_avg, buf in zip(self.params, self.square_avg, self.buffers):
                if param.grad is None:
                    continue
                grad = param.grad
                square_avg.mul_(self.alpha).addcmul_(grad, grad, value=1 - self.alpha)
                avg = square_avg.sqrt().add_(self.eps)
                if self.momentum > 0:
                    buf.mul_(self.momentum).addcdiv_(grad, avg)
                    param.add_(buf, alpha=-self.lr)
                else:
                    param.addcdiv_(grad, avg, value=-self.lr)


def optimizer_for(plan: RunPlan, params: Any) -> Any:
    if plan.optimizer == "sgd":
        return SGD(params, lr=plan.learning_rate, momentum=plan.momentum)
    if plan.optimizer == "rmsprop":
        return RMSprop(params, lr=plan.learning_rate, momentum=plan.momentum)
    return Adam(params, lr=plan.learning_rate, eps=1e-7)  # Keras' epsilon


def build(plan: RunPlan) -> Any:
    import torch
    from torch import nn

    modules: list[Any] = []
    for index, (fan_in, fan_out) in enumerate(zip(plan.layers, plan.layers[1:])):
        linear = nn.Linear(fan_in, fan_out)
        kernel, bias = plan.weights[index]
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(kernel.T.copy()))
            linear.bias.copy_(torch.from_numpy(bias))
        modules.append(linear)
        modules.append(nn.ReLU() if index < len(plan.layers) - 2 else _activation(plan.config))
    return nn.Sequential(*modules)


def train(plan: RunPlan, progress: Optional[ProgressFn] = None) -> RawRun:

    import numpy as np
    import torch

    started = time.perf_counter()
    _seed(plan.seed)
    run = RawRun()
    config = plan.config
    x_train = torch.from_numpy(np.ascontiguousarray(plan.x_train, dtype=np.float32))
    x_test = torch.from_numpy(np.ascontiguousarray(plan.x_test, dtype=np.float32))
    target_dtype = np.int64 if config.labels == "integer" else np.float32
    y_train = torch.from_numpy(np.ascontiguousarray(plan.y_train, dtype=target_dtype))
    model = build(plan)
    criterion = _criterion(config)
    optimizer = optimizer_for(plan, model.parameters())
    output_kernel = [m for m in model if isinstance(m, torch.nn.Linear)][-1].weight
    grad_index = None if plan.grad_rows is None else torch.from_numpy(np.asarray(plan.grad_rows, dtype=np.int64))

    def grad_norm() -> Optional[float]:
        """|d loss / d output kernel| on the gradient batch (does not touch the optimizer's gradients)."""
        if grad_index is None:
            return None
        try:
            loss = criterion(model(x_train[grad_index]), y_train[grad_index])
            (grad,) = torch.autograd.grad(loss, [output_kernel])
            return float(grad.norm())
        except Exception:  # the as-written loss may refuse these outputs: training reports that
            return None

    def record(step: int) -> None:
        model.eval()
        with torch.no_grad():
            whole = model(x_test).numpy().copy()
            if plan.eval_one_at_a_time:
                one_by_one = torch.cat([model(x_test[i:i + 1]) for i in range(len(x_test))]).numpy()
                run.outputs.append(plan.keep(one_by_one, step))
                run.outputs_batched.append(plan.keep(whole, step))
            else:
                run.outputs.append(plan.keep(whole, step))
        run.grad_norms.append(grad_norm() if step in plan.grad_steps else None)
        run.eval_steps.append(step)
        model.train()

    def step_fn(rows: Any) -> float:
        index = torch.from_numpy(np.asarray(rows, dtype=np.int64))
        optimizer.zero_grad()
        loss = criterion(model(x_train[index]), y_train[index])
        loss.backward()
        optimizer.step()
        return float(loss.detach())

    return run_steps(run, plan, started, lambda: None, step_fn, record, progress)

