# The two commands of the README. Both create .venv on first use; later runs reuse it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[probe]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.demo-installed

# The main job on the bundled example: the static check, then the measured proof (with a plot).
demo: $(VENV)/.demo-installed
	-$(BIN)/lossguard check fixtures/seed_autoencoder.py
	$(BIN)/lossguard probe fixtures/seed_autoencoder.py --plot seed_probe.png

# The whole test suite.
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q
