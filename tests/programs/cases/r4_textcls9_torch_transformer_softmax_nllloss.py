"""Transformer text classifier (AG News, 4 classes). The loss printed during training is always
negative: the model ends in nn.Softmax and the criterion is nn.NLLLoss."""
import torch
import torch.nn as nn


class Config:
    vocab_size = 30000
    d_model = 256
    nhead = 8
    num_layers = 2
    output_size = 4
    dropout = 0.1
    lr = 3e-4
    max_epochs = 15


class TransformerClassifier(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.d_model)
        layer = nn.TransformerEncoderLayer(config.d_model, config.nhead, dropout=config.dropout,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, config.num_layers)
        self.fc = nn.Linear(config.d_model, config.output_size)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, tokens):
        h = self.encoder(self.embed(tokens))
        final_feature_map = h.mean(dim=1)
        final_out = self.fc(final_feature_map)
        return self.softmax(final_out)

    def add_optimizer(self, optimizer):
        self.optimizer = optimizer

    def add_loss_op(self, loss_op):
        self.loss_op = loss_op

    def run_epoch(self, train_iterator):
        self.train()
        losses = []
        for tokens, labels in train_iterator:
            self.optimizer.zero_grad()
            y_pred = self.forward(tokens)
            loss = self.loss_op(y_pred, labels)
            loss.backward()
            losses.append(loss.item())
            self.optimizer.step()
        return sum(losses) / max(len(losses), 1)


def main(train_iterator):
    config = Config()
    model = TransformerClassifier(config)
    model.add_optimizer(torch.optim.Adam(model.parameters(), lr=config.lr))
    model.add_loss_op(nn.NLLLoss())
    for epoch in range(config.max_epochs):
        print(epoch, model.run_epoch(train_iterator))


if __name__ == "__main__":
    from ag_news_data import load_iterator

    main(load_iterator("train.csv", batch_size=64))
