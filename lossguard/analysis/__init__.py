"""Analysis: a small abstract interpreter over the CST, with the meaning of library calls.

The interpreter (interpreter.py) executes a program symbolically: names hold abstract values
(values.py), calls into Keras / PyTorch / TensorFlow / NumPy / data libraries are given meaning by
the handlers of libraries/ (registered in registry.py under canonical names, see imports.py), and
the interesting moments (a loss reads a model output, a model is fitted, a softmax is applied) are
recorded as events (events.py). lossguard/facts.py turns the events into the facts rules read.
"""
