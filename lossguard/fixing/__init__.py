"""Fixing: applying the rules' fixes with libcst and the `--fix` / `--diff` runs."""
