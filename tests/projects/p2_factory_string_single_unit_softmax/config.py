DATA_ROOT = "data/cats_vs_dogs"
IMAGE_SIZE = 128
NUM_CLASSES = 1  # binary: dog probability
BATCH_SIZE = 32
EPOCHS = 10
LR = 3e-4
