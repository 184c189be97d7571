CSV_PATH = "data/telco_churn.csv"
TARGET = "Churn"
NUM_OUTPUTS = 1  # churn yes/no
HIDDEN = (64, 32)
LEARNING_RATE = 1e-3
EPOCHS = 25
BATCH_SIZE = 256
