"""Differentiable augmentation for training on few images (DiffAugment, Zhao et al. 2020): the
same random transformation is applied to every image D sees, real and fake, in D's and in G's
loss, so D cannot memorise the exact training pixels and G is never pushed to draw augmented
digits. ``RandomTranslation`` is the policy the MLP and DCGAN recipes use (on 28×28 digits the
paper's cutout, half the side, wipes out half a digit and made results worse here);
``RandomAffine`` (rotation, scale, shear, shift) serves the InfoGAN recipe."""

from __future__ import annotations

import torch
from torch import Tensor
from torch.nn import functional

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError


@checked_arguments
class RandomTranslation:
    """Shift each image by a random whole number of pixels in [−``pixels``, ``pixels``] along each
    axis, filling with ``fill`` (−1: the black background of images scaled to [−1, 1]). The
    shift is a gather, so gradients flow back to the (fake) input."""

    def __init__(self, pixels: int = 2, fill: float = -1.0) -> None:
        if not isinstance(pixels, int) or pixels < 0:
            raise ArgumentError(f"pixels must be a non-negative int, got {pixels!r}")
        self.pixels, self.fill = pixels, fill

    def __call__(self, images: Tensor) -> Tensor:
        if images.ndim != 4:
            raise ArgumentError(
                f"expected images (batch, channels, h, w), got {tuple(images.shape)}"
            )
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


@checked_arguments
class RandomAffine:
    """Rotate each image by up to ±``degrees``, scale it by a factor in 1 ± ``scale``, shear it
    by up to ±``shear`` and shift it by up to ±``pixels``, all drawn independently per image, as
    one differentiable resampling (``affine_grid`` + bilinear ``grid_sample``), filling with the
    black background. Used by the InfoGAN recipe: Q then cannot read position, slant or size,
    so the categorical code has to carry something that survives them, the digit itself. This
    is this course's deviation from InfoGAN (Chen et al. 2016), which augments nothing."""

    def __init__(
        self, degrees: float = 15.0, scale: float = 0.1, shear: float = 0.2, pixels: float = 2.0
    ) -> None:
        for name, value in {
            "degrees": degrees,
            "scale": scale,
            "shear": shear,
            "pixels": pixels,
        }.items():
            if value < 0:
                raise ArgumentError(f"{name} must be >= 0, got {value}")
        if scale >= 1:
            raise ArgumentError(f"scale must be < 1 (a factor in 1 ± scale), got {scale}")
        self.degrees, self.scale, self.shear, self.pixels = degrees, scale, shear, pixels

    def __call__(self, images: Tensor) -> Tensor:
        if images.ndim != 4:
            raise ArgumentError(
                f"expected images (batch, channels, h, w), got {tuple(images.shape)}"
            )
        n, _, height, width = images.shape

        def uniform(limit: float) -> Tensor:  # n draws from U(−limit, limit)
            return (torch.rand(n, device=images.device) * 2 - 1) * limit

        angle = torch.deg2rad(uniform(self.degrees))
        zoom = 1 + uniform(self.scale)
        shear = uniform(self.shear)
        # affine_grid maps output to input coordinates in [−1, 1]: one pixel is 2 / size.
        shift_x, shift_y = uniform(self.pixels) * 2 / width, uniform(self.pixels) * 2 / height
        cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
        theta = torch.stack(
            [torch.stack([cos, shear - sin, shift_x], 1), torch.stack([sin, cos, shift_y], 1)], 1
        )
        grid = functional.affine_grid(theta, list(images.shape), align_corners=False)
        # Shifted so that the zeros grid_sample pads with are the background, −1.
        moved = functional.grid_sample(images + 1, grid, padding_mode="zeros", align_corners=False)
        return moved - 1

    def __repr__(self) -> str:
        return (
            f"RandomAffine(degrees={self.degrees}, scale={self.scale}, shear={self.shear}, "
            f"pixels={self.pixels})"
        )
