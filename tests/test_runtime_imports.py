"""lossguard.runtime imports no framework by itself, each adapter only its own, and it is packaged."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("torch", "keras", "tensorflow", "lightning", "pytorch_lightning", "transformers", "jax", "libcst")


def _imported_after(statement: str) -> set[str]:
    code = (f"import sys\n{statement}\n"
            f"print(' '.join(m for m in {FRAMEWORKS!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


def test_importing_the_runtime_imports_no_framework():
    assert _imported_after("import lossguard.runtime; from lossguard.runtime import Report, LossGuardError") == set()


def test_the_torch_adapter_imports_torch_only():
    pytest.importorskip("torch")
    assert _imported_after("import lossguard.runtime.torch") == {"torch"}


def test_the_static_check_never_imports_the_runtime():
    code = ("import sys\nfrom lossguard.testing import check_code\n"
            "check_code('import torch\\nfrom torch import nn\\nm = nn.Sequential(nn.Linear(2, 1), nn.Softmax(1))\\n')\n"
            "print([m for m in sys.modules if m.startswith('lossguard.runtime')])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_the_runtime_is_packaged():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "lossguard.runtime" in project["tool"]["setuptools"]["packages"]
