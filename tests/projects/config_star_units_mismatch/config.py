# Experiment configuration (shared by model.py and train.py)
DATASET = "cifar10"
NUM_CLASSES = 100
IMG_SIZE = 32
BATCH_SIZE = 128
EPOCHS = 30
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-4
