"""Many files: parallel output identical to serial, the result cache, the prefilter, positions, imports."""

import shutil

import libcst as cst

from lossguard.analysis.imports import canonical, import_bindings
from lossguard.findings.positions import compute_ranges
from lossguard.checker.program import might_involve_ml
from helpers import ROOT, cli


def corpus_copy(tmp_path, copies=3):
    src = ROOT / "tests" / "corpus" / "cases"
    for i in range(copies):
        shutil.copytree(src, tmp_path / f"copy{i}")
    return tmp_path


def test_parallel_output_is_identical_to_serial(tmp_path):
    root = corpus_copy(tmp_path)
    serial = cli("check", "--no-cache", "--jobs", "1", ".", cwd=root)
    parallel = cli("check", "--no-cache", "--jobs", "2", ".", cwd=root)
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out and serial.out.count("LG") > 60
    js = cli("check", "--no-cache", "--jobs", "1", "--format", "json", ".", cwd=root).out
    jp = cli("check", "--no-cache", "--jobs", "2", "--format", "json", ".", cwd=root).out
    assert js == jp


def test_cache_hits_and_invalidation(tmp_path):
    root = corpus_copy(tmp_path, copies=1)
    cold = cli("check", "--format", "json", ".", cwd=root)
    cache_dir = root / ".lossguard_cache"
    assert (cache_dir / ".gitignore").read_text().strip().endswith("*")
    assert (cache_dir / "CACHEDIR.TAG").exists()
    warm = cli("check", "--format", "json", ".", cwd=root)
    assert warm.out == cold.out
    # change one file: only its results change
    target = root / "copy0" / "keras_seed_autoencoder.py"
    target.write_text(target.read_text().replace("activation='softmax'", "activation='sigmoid'"))
    changed = cli("check", "--format", "json", ".", cwd=root)
    assert changed.out != cold.out
    assert changed.out == cli("check", "--no-cache", "--format", "json", ".", cwd=root).out
    # a different configuration does not reuse results
    ignored = cli("check", "--format", "json", "--ignore", "LG3", ".", cwd=root)
    assert '"LG302"' not in ignored.out and '"LG301"' not in ignored.out


def test_prefilter():
    assert might_involve_ml("import torch\n")
    assert might_involve_ml("from tensorflow import keras\n")
    assert not might_involve_ml("import os\nprint('hello')\n")


def test_non_ml_files_are_not_parsed(tmp_path):
    (tmp_path / "plain.py").write_text("def f(:\n")  # broken, but nothing ML in it
    assert cli("check", "--no-cache", str(tmp_path)).code == 0


def test_positions_only_for_requested_nodes():
    module = cst.parse_module("import torch\n\ndef f():\n    y = g(1,\n          2)\n    return y\n")
    call = module.body[1].body.body[0].body[0].value
    ranges = compute_ranges(module, [call])
    [(key, where)] = ranges.items()
    assert key == id(call) and (where.start.line, where.start.column, where.end.line) == (4, 8, 5)


def test_import_alias_resolution():
    def bindings(code):
        return import_bindings(cst.parse_statement(code).body[0])

    assert bindings("import tensorflow as tf") == [("tf", "tensorflow")]
    assert bindings("from tensorflow.keras import layers as L") == [("L", "tensorflow.keras.layers")]
    assert bindings("import torch.nn.functional as F") == [("F", "torch.nn.functional")]
    assert bindings("import torch.nn") == [("torch", "torch")]
    assert bindings("from . import models") == [("models", None)]
    assert bindings("from keras.layers import *") == [("*", "keras.layers")]
    assert canonical("tensorflow.keras.layers.Dense") == "keras.layers.Dense"
    assert canonical("tf_keras.layers.core.Dense") == "keras.layers.Dense"
    assert canonical("keras.src.losses.losses.BinaryCrossentropy") == "keras.losses.BinaryCrossentropy"
    assert canonical("torch.nn.modules.loss.BCELoss") == "torch.nn.BCELoss"
    assert canonical("pytorch_lightning.LightningModule") == "lightning.pytorch.LightningModule"
