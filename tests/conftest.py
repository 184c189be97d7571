import os

# Internal errors must fail tests instead of being swallowed as "unknown".
os.environ.setdefault("LOSSGUARD_DEBUG", "1")
