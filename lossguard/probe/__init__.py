"""The runtime probe: prove a finding's fix on a tiny reference model, measured side by side.

For a finding, the probe trains a tiny model on real bundled data (scikit-learn's handwritten digits or
diabetes sets, never the user's code or data) twice, *as written* and *with the fix*, from the same
initial weights, with the same data, batch order and number of steps, and reports what it measured.

Layout (frameworks, numpy, scikit-learn and matplotlib are imported lazily, inside functions only):

- `spec`: the vocabulary of one training configuration (`RunConfig`) and `mirror`, facts -> as written;
- `scenarios`: one small declarative entry per rule (what is broken, what the fix changes);
- `data`: the bundled data sets, encoded and scaled as each configuration needs;
- `torch_backend`, `keras_backend`: the building blocks (model, loss, training loop) per framework;
- `experiment`: builds both runs of a finding, runs them, measures; `verdict`: text from the numbers;
- `report`, `plot`, `progress`: output; `api` and `command`: the Python and command-line entry points.
"""
