"""The command line: `lossguard check | rules | explain | probe`."""

from lossguard.cli.commands import main

__all__ = ["main"]
