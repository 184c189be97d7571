"""Shared helpers for the test-suite: run the real CLI in-process or as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from lossguard.cli.commands import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed_autoencoder.py"

BAD_KERAS = '''\
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
'''
GOOD_KERAS = '''\
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
'''


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def cli(*args: str, input: bytes | str | None = None, cwd: str | os.PathLike | None = None) -> Run:
    """The CLI in-process (fast)."""
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)


def cli_subprocess(*args: str, input: bytes | None = None, cwd: str | os.PathLike | None = None,
                   env: dict | None = None) -> Run:
    """The CLI as users run it: a fresh interpreter."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "lossguard", *args], input=input, cwd=cwd, env=full_env,
                          capture_output=True, timeout=300)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
