"""The runtime probe: prove a finding's fix on a tiny reference model, measured side by side.

For a finding, the probe trains a tiny model on real bundled data (scikit-learn's handwritten digits or
diabetes sets, never the user's code or data) twice, *as written* and *with the fix*, from the same
initial weights, with the same data, batch order and number of steps, and reports what it measured.

Layout (frameworks, numpy, scikit-learn and matplotlib are imported lazily, inside functions only):

- `spec`: the vocabulary of one training configuration (`RunConfig`, shared `Training`) and `mirror`,
  facts -> as written (head, loss, labels, class count; optimizer, learning rate, batch size);
- `scenarios`: one small declarative entry per rule (what is broken, what the fix changes), and the
  reference model's budget per task and class count;
- `data`: the bundled data sets (and the synthetic many-class task), encoded and scaled as needed;
- `torch_backend`, `keras_backend`: the building blocks (model, loss, optimizer, training loop,
  output-layer gradient) per framework;
- `experiment`: builds both runs of a finding, runs them, measures; `metrics`: task metric, NLL, ECE;
  `bounds`: closed-form loss floors; `verdict`: text from the numbers;
- `crossrun`: the same experiment on Keras' torch backend (a child process) when TensorFlow hides it;
- `report`, `plot`, `progress`: output; `api` and `command`: the Python and command-line entry points.
"""
