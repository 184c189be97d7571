"""Configuration: `[tool.lossguard]` in pyproject.toml and the settings of a run."""
