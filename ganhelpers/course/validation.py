"""Clear errors for input a GAN cannot learn from: the data checks ``train_gan`` and the image
loaders run (so that nothing bad trains silently) and the input checks of the networks (latent
size, image shape, a batch of one under batch norm). Each message says what was found and the
fix."""

from __future__ import annotations

import torch
from torch import Tensor


def check_images(images: Tensor) -> None:
    """Refuse image batches (N, C, H, W) that are not float pixels in [−1, 1], the range of a
    tanh generator: integer pixels, NaN or infinite values, floats outside [−1, 1], and whole
    data sets scaled to [0, 1] (no pixel below 0: the background would be grey, not black)."""
    if not isinstance(images, Tensor):
        raise TypeError(f"images must be a torch.Tensor, got {type(images).__name__}")
    if images.ndim != 4:
        raise ValueError(
            f"images must have shape (N, channels, height, width), got {tuple(images.shape)}: "
            "add the channel axis with images.unsqueeze(1) for grey images"
        )
    if not images.is_floating_point():
        raise TypeError(
            f"images are {images.dtype} (integer pixels, e.g. 0..255): convert them to floats "
            "in [-1, 1] with images.float() / 127.5 - 1"
        )
    finite = torch.isfinite(images)
    if not bool(finite.all()):
        bad = int((~finite).sum())
        raise ValueError(f"images contain {bad:,} NaN or infinite pixel values: fix or drop them")
    low, high = images.min().item(), images.max().item()
    if high > 1.0 + 1e-3 or low < -1.0 - 1e-3:
        fix = (
            "images / 127.5 - 1"
            if low >= 0 and high <= 255
            else "(images - images.min()) / (images.max() - images.min()) * 2 - 1"
        )
        raise ValueError(
            f"pixels span [{low:.3g}, {high:.3g}], outside [-1, 1] (the generator's tanh range): "
            f"rescale with {fix}"
        )
    if low >= 0 and len(images) > 1:
        raise ValueError(
            f"pixels span [{low:.3g}, {high:.3g}]: these look like images scaled to [0, 1], "
            "which a tanh generator cannot match in black: rescale with images * 2 - 1"
        )


def are_class_indices(labels: Tensor) -> bool:
    """Whether ``labels`` is a 1-D tensor of integers (any integer dtype; not bool, not float)."""
    return (
        not labels.is_floating_point()
        and not labels.is_complex()
        and labels.dtype != torch.bool
        and labels.ndim == 1
    )


def check_labels(labels: Tensor, n_samples: int) -> None:
    """Refuse labels that are not one integer class index (>= 0) per sample."""
    if not isinstance(labels, Tensor):
        raise TypeError(f"labels must be a torch.Tensor, got {type(labels).__name__}")
    if not are_class_indices(labels):
        raise TypeError(
            f"labels must be a 1-D tensor of integer class indices, got {labels.dtype} of shape "
            f"{tuple(labels.shape)}: use labels.long() (one index per image, not one-hot)"
        )
    if len(labels) != n_samples:
        raise ValueError(f"{n_samples} samples but {len(labels)} labels")
    if len(labels) and labels.min().item() < 0:
        raise ValueError(f"labels must be class indices >= 0, found {labels.min().item()}")


def check_latent(z: Tensor, latent_dim: int, training: bool, has_batch_norm: bool) -> None:
    """Clear errors for a generator input of the wrong shape, or a batch of one that batch norm
    cannot normalise in training mode."""
    if z.ndim != 2 or z.shape[1] != latent_dim:
        raise ValueError(
            f"expected a latent batch of shape (batch, {latent_dim}), got {tuple(z.shape)}: "
            f"draw it with torch.randn(n, {latent_dim}) (or step.sample_latent(n, device))"
        )
    if training and has_batch_norm and len(z) < 2:
        raise ValueError(
            "batch norm needs at least 2 samples per batch in training mode: generate a batch "
            "of 2 or more, or sample in evaluation mode (step.sample(z) does)"
        )


def check_image_batch(x: Tensor, shape: tuple[int, int, int], model: str) -> None:
    """A clear error when ``x`` is not a batch of images of ``shape`` (channels, height, width)."""
    if x.ndim != 4 or tuple(x.shape[1:]) != shape:
        raise ValueError(
            f"this {model} takes images of shape (batch, {', '.join(map(str, shape))}), got "
            f"{tuple(x.shape)}: build it for your images (in_channels/channels and image_size) "
            "or resize them, e.g. image_folder(..., image_size=..., channels=...)"
        )
