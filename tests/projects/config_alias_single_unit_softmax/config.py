"""Hyper-parameters for the fraud detector."""
NUM_FEATURES = 30
NUM_CLASSES = 1  # fraud / not fraud
HIDDEN = [64, 32]
DROPOUT = 0.3
EPOCHS = 20
BATCH_SIZE = 2048
