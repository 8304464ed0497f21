"""Worked answers to notebook 04's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): the conditional D's input. One-hot encode the labels, (N, K), view them as
(N, K, 1, 1), expand to the images' height and width, and append them after the image channels:
(N, C + K, H, W). Every pixel of plane k is 1 when the label is k, so D's first convolution sees
the claimed class at every position.

Exercise 2 (question): why give D the label at all, when G already gets it? Answer: otherwise
nothing tells G to obey it. D must be able to call a good "3" labelled 7 fake, which needs the
label; notebook 04's first suggestion (LabelHiddenFromD) tries exactly that.
"""

import torch
from torch import Tensor


def with_label_planes(x: Tensor, labels: Tensor, n_classes: int) -> Tensor:
    one_hot = torch.nn.functional.one_hot(labels, n_classes).to(x.dtype)
    planes = one_hot[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
    return torch.cat([x, planes], dim=1)


ANSWERS = {"04-label-planes": with_label_planes}
