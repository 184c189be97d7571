from tensorflow import keras

from data import load_questions
from model import build_tagger

VOCAB_SIZE = 20_000
SEQ_LEN = 200
NUM_TAGS = 20

x, y, tag_names = load_questions("data/questions.jsonl", VOCAB_SIZE, SEQ_LEN)
assert y.shape[1] == NUM_TAGS, tag_names

model = build_tagger(VOCAB_SIZE, NUM_TAGS, seq_len=SEQ_LEN)
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss="binary_crossentropy",
    metrics=[keras.metrics.AUC(multi_label=True, num_labels=NUM_TAGS), keras.metrics.Precision()],
)
model.fit(x, y, batch_size=64, epochs=10, validation_split=0.1)
model.save("tagger.keras")
