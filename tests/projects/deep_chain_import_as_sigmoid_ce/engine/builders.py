import models.heads.classifier as clf

WIDTHS = {"small": 128, "large": 512}


def build_model(size, in_dim, num_classes):
    return clf.Classifier(in_dim, num_classes, width=WIDTHS[size])
