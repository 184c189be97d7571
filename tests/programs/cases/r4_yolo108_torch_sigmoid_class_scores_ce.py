"""Detection head loss: the class loss never gets near zero, even when over-fitting one image.
Class scores are squashed with a sigmoid and then fed to nn.CrossEntropyLoss."""
import torch
import torch.nn as nn


class HeadLoss(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.num_classes = num_classes
        self.mse_loss = nn.MSELoss()
        self.bce_loss = nn.BCELoss()
        self.ce_loss = nn.CrossEntropyLoss()

    def forward(self, prediction, target_boxes, target_obj, target_cls, mask):
        # prediction: (n_anchors, 5 + num_classes) = x, y, w, h, conf, class scores
        x = torch.sigmoid(prediction[..., 0])
        y = torch.sigmoid(prediction[..., 1])
        w = prediction[..., 2]
        h = prediction[..., 3]
        pred_conf = torch.sigmoid(prediction[..., 4])
        pred_cls = torch.sigmoid(prediction[..., 5:])

        loss_box = (self.mse_loss(x[mask], target_boxes[mask][:, 0])
                    + self.mse_loss(y[mask], target_boxes[mask][:, 1])
                    + self.mse_loss(w[mask], target_boxes[mask][:, 2])
                    + self.mse_loss(h[mask], target_boxes[mask][:, 3]))
        loss_conf = self.bce_loss(pred_conf, target_obj)
        loss_cls = self.ce_loss(pred_cls[mask], torch.argmax(target_cls[mask], 1))
        return loss_box + loss_conf + loss_cls


def train(model, loader, epochs=100):
    criterion = HeadLoss(num_classes=80)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for imgs, boxes, obj, cls, mask in loader:
            optimizer.zero_grad()
            loss = criterion(model(imgs), boxes, obj, cls, mask)
            loss.backward()
            optimizer.step()


if __name__ == "__main__":
    from darknet import Darknet
    from datasets_coco import build_loader

    train(Darknet("cfg/yolov3.cfg"), build_loader("data/coco.data", batch_size=8))
