import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, TAGS, EMB, HID = 5000, 17, 100, 128


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.lstm = nn.LSTM(EMB, HID)
        self.hidden2tag = nn.Linear(HID, TAGS)

    def forward(self, sentence):
        embeds = self.emb(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out)
        return F.log_softmax(tag_space)


model = Tagger()
loss_function = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for sentence, tags in training_data:
    model.zero_grad()
    tag_scores = model(sentence)
    loss = loss_function(tag_scores.view(len(sentence), -1), tags)
    loss.backward()
    optimizer.step()
