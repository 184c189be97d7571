"""Fact extraction: a small abstract interpreter over the CST plus per-framework semantics.

The interpreter (interpreter.py) executes a module symbolically: names hold abstract values
(values.py), calls into Keras / PyTorch / TensorFlow / NumPy / data libraries are given meaning by
the semantics modules (keras.py, torch.py, data.py), and the interesting moments (a loss reads a
model output, a model is fitted, a softmax is applied) are recorded as events. facts.py turns the
events into the framework-neutral facts the rules read.
"""
