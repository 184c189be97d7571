# The two commands of the README. Both create .venv on first use; later runs reuse it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo needs only the linter and the probe's Keras path: TensorFlow (CPU, with Keras 3),
# scikit-learn, matplotlib (the `demo` extra); the tests need everything (`dev`).
$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[demo]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.demo-installed

# The main job on the bundled example: the static check, then the measured proof (with a plot).
# scripts/demo.sh runs both and explains the check's exit status 1 (findings) instead of failing on it.
demo: $(VENV)/.demo-installed
	@sh scripts/demo.sh $(BIN)

# The whole test suite.
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q
