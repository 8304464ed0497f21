"""Differentiable augmentation for training on few images (DiffAugment, Zhao et al. 2020): the
same random transformation is applied to every image D sees, real and fake, in D's and in G's
loss, so D cannot memorise the exact training pixels and G is never pushed to draw augmented
digits. Only translation is offered: on 28×28 digits the paper's cutout (half the side) wipes
out half a digit and made results worse here."""

from __future__ import annotations

import torch
from torch import Tensor
from torch.nn import functional


class RandomTranslation:
    """Shift each image by a random whole number of pixels in [−``pixels``, ``pixels``] along each
    axis, filling with ``fill`` (−1: the black background of images scaled to [−1, 1]). The
    shift is a gather, so gradients flow back to the (fake) input."""

    def __init__(self, pixels: int = 2, fill: float = -1.0) -> None:
        if not isinstance(pixels, int) or pixels < 0:
            raise ValueError(f"pixels must be a non-negative int, got {pixels!r}")
        self.pixels, self.fill = pixels, fill

    def __call__(self, images: Tensor) -> Tensor:
        if images.ndim != 4:
            raise ValueError(f"expected images (batch, channels, h, w), got {tuple(images.shape)}")
        r = self.pixels
        if r == 0:
            return images
        n, _, height, width = images.shape
        device = images.device
        dy = torch.randint(-r, r + 1, (n, 1, 1), device=device)
        dx = torch.randint(-r, r + 1, (n, 1, 1), device=device)
        rows = torch.arange(height, device=device)[None, :, None] + dy + r
        columns = torch.arange(width, device=device)[None, None, :] + dx + r
        padded = functional.pad(images, (r, r, r, r), value=self.fill).permute(0, 2, 3, 1)
        batch = torch.arange(n, device=device)[:, None, None]
        return padded[batch, rows, columns].permute(0, 3, 1, 2)

    def __repr__(self) -> str:
        return f"RandomTranslation(pixels={self.pixels})"
