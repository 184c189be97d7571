"""LossGuardCallback in Lightning's and Hugging Face's trainers (real trainers, tiny models, CPU).

Each test skips cleanly when its package is not installed (they are in the dev extras).
"""

from __future__ import annotations

import warnings

import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from lossguard.runtime import LossGuardWarning  # noqa: E402

ORIGINAL_CE = F.cross_entropy


def _lightning_fit(module, loader, callback, epochs=1):
    L = pytest.importorskip("lightning")
    trainer = L.Trainer(max_epochs=epochs, callbacks=[callback], logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, accelerator="cpu",
                        num_sanity_val_steps=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer.fit(module, loader)
    return [w for w in caught if issubclass(w.category, LossGuardWarning)]


def _lightning_module(head, loss):
    L = pytest.importorskip("lightning")

    class Classifier(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.net = head

        def training_step(self, batch, batch_idx):
            x, y = batch
            # a submodule, not self(x), and a loss function bound before the watch: both still seen
            return loss(self.net(x), y)

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    return Classifier()


def _loader(x, y, batch_size=8):
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch_size)


def test_lightning_callback_reports_then_unhooks():
    pytest.importorskip("lightning")
    from lossguard.runtime.lightning import LossGuardCallback

    torch.manual_seed(0)
    module = _lightning_module(nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1)), F.cross_entropy)
    callback = LossGuardCallback(batches=2)
    caught = _lightning_fit(module, _loader(torch.randn(48, 8), torch.randint(0, 4, (48,))), callback, epochs=2)
    assert callback.report.codes() == ["LG104"] and len(caught) == 1
    assert callback.report.batches == 2 and len(callback.report.checked) == 4  # 2 batches: layer + loss
    assert not callback.report.active and F.cross_entropy is ORIGINAL_CE
    assert not any(m._forward_pre_hooks for m in module.modules())


def test_lightning_callback_sees_raw_images_in_the_batch_and_stays_silent_on_correct_code():
    pytest.importorskip("lightning")
    from lossguard.runtime.lightning import LossGuardCallback

    torch.manual_seed(0)
    raw = torch.randint(0, 256, (16, 1, 28, 28)).float()
    y = torch.randint(0, 10, (16,))
    module = _lightning_module(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), nn.CrossEntropyLoss())
    callback = LossGuardCallback()
    _lightning_fit(module, _loader(raw, y), callback)
    assert callback.report.codes() == ["LG301"]

    module = _lightning_module(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), nn.CrossEntropyLoss())
    callback = LossGuardCallback()
    caught = _lightning_fit(module, _loader(raw / 255, y), callback)
    assert callback.report.ok and not caught and callback.report.checked


class _Items(torch.utils.data.Dataset):
    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def _hf_train(model, items, callback, steps=2, tmp_path=None):
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    args = transformers.TrainingArguments(output_dir=str(tmp_path), max_steps=steps, per_device_train_batch_size=8,
                                          report_to=[], save_strategy="no", logging_strategy="no", use_cpu=True,
                                          disable_tqdm=True)
    trainer = transformers.Trainer(model=model, args=args, train_dataset=_Items(items), callbacks=[callback])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer.train()
    return [w for w in caught if issubclass(w.category, LossGuardWarning)]


def test_transformers_callback_catches_labels_beyond_num_labels(tmp_path):
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")  # the Trainer needs it
    from lossguard.runtime.transformers import LossGuardCallback

    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=32, num_labels=3)  # the data set has 5 classes
    model = transformers.BertForSequenceClassification(config)
    items = [{"input_ids": torch.randint(0, 50, (12,)), "labels": torch.tensor(i % 5)} for i in range(16)]
    callback = LossGuardCallback()
    with pytest.raises(IndexError):  # torch's "Target 3 is out of bounds" follows the warning (on CUDA: an assert)
        _hf_train(model, items, callback, tmp_path=tmp_path)
    assert callback.report.codes() == ["LG203"]
    assert callback.report.findings[0].message.startswith("the output layer has 3 units but the labels include "
                                                          "class id ")
    assert F.cross_entropy is ORIGINAL_CE  # torch's error ended the watch


def test_transformers_callback_is_silent_on_a_causal_lm_with_ignored_padding(tmp_path):
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")  # the Trainer needs it
    from lossguard.runtime.transformers import LossGuardCallback

    torch.manual_seed(0)
    config = transformers.GPT2Config(vocab_size=50, n_embd=16, n_layer=1, n_head=2, n_positions=16,
                                     bos_token_id=0, eos_token_id=0)
    model = transformers.GPT2LMHeadModel(config)
    items = []
    for _ in range(16):
        ids = torch.randint(0, 50, (12,))
        labels = ids.clone()
        labels[8:] = -100
        items.append({"input_ids": ids, "labels": labels})
    callback = LossGuardCallback(batches=2)
    caught = _hf_train(model, items, callback, tmp_path=tmp_path)
    assert callback.report.ok and not caught
    assert callback.report.batches == 2
    assert [line for line in callback.report.checked if "cross_entropy" in line] == [
        "batch 1: F.cross_entropy input (96, 50) float32, target (96,) int",  # labels shifted, -100 padded
        "batch 2: F.cross_entropy input (96, 50) float32, target (96,) int"]
    assert not callback.report.active and F.cross_entropy is ORIGINAL_CE
