"""Clear errors for input a GAN cannot learn from: the data checks ``train_gan`` and the image
loaders run (so that nothing bad trains silently) and the input checks of the networks (latent
size, image shape, a batch of one under batch norm). Each message says what was found and the
fix."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
import torch
from torch import Tensor, nn

from .errors import ArgumentError, ArgumentTypeError


def check_images(images: Tensor) -> None:
    """Refuse image batches (N, C, H, W) that are not float pixels in [−1, 1], the range of a
    tanh generator: integer pixels, NaN or infinite values, floats outside [−1, 1], and whole
    data sets scaled to [0, 1] (no pixel below 0: the background would be grey, not black)."""
    if not isinstance(images, Tensor):
        raise ArgumentTypeError(f"images must be a torch.Tensor, got {type(images).__name__}")
    if images.ndim != 4:
        raise ArgumentError(
            f"images must have shape (N, channels, height, width), got {tuple(images.shape)}: "
            "add the channel axis with images.unsqueeze(1) for grey images"
        )
    if not images.is_floating_point():
        raise ArgumentTypeError(
            f"images are {images.dtype} (integer pixels, e.g. 0..255): convert them to floats "
            "in [-1, 1] with images.float() / 127.5 - 1"
        )
    finite = torch.isfinite(images)
    if not bool(finite.all()):
        bad = int((~finite).sum())
        raise ArgumentError(
            f"images contain {bad:,} NaN or infinite pixel values: fix or drop them"
        )
    low, high = images.min().item(), images.max().item()
    if high > 1.0 + 1e-3 or low < -1.0 - 1e-3:
        fix = (
            "images / 127.5 - 1"
            if low >= 0 and high <= 255
            else "(images - images.min()) / (images.max() - images.min()) * 2 - 1"
        )
        raise ArgumentError(
            f"pixels span [{low:.3g}, {high:.3g}], outside [-1, 1] (the generator's tanh range): "
            f"rescale with {fix}"
        )
    if low >= 0 and len(images) > 1:
        raise ArgumentError(
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
        raise ArgumentTypeError(f"labels must be a torch.Tensor, got {type(labels).__name__}")
    if not are_class_indices(labels):
        raise ArgumentTypeError(
            f"labels must be a 1-D tensor of integer class indices, got {labels.dtype} of shape "
            f"{tuple(labels.shape)}: use labels.long() (one index per image, not one-hot)"
        )
    if len(labels) != n_samples:
        raise ArgumentError(f"{n_samples} samples but {len(labels)} labels")
    if len(labels) and labels.min().item() < 0:
        raise ArgumentError(f"labels must be class indices >= 0, found {labels.min().item()}")


def as_count(value: object, name: str, minimum: int = 1) -> int:
    """``value`` as an ``int`` >= ``minimum``: Python and NumPy integers are accepted (a count
    read from an array is a NumPy integer); floats, strings and booleans are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        kind = "a positive int" if minimum == 1 else f"an int >= {minimum}"
        raise ArgumentError(f"{name} must be {kind}, got {value!r}")
    return int(value)


def as_seconds(value: object, name: str) -> float:
    """A positive number of seconds, as a float (not a string such as "60")."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(
            f"{name} must be a number of seconds, got {value!r} ({type(value).__name__})"
        )
    if not value > 0:
        raise ArgumentError(f"{name} must be positive seconds, got {value}")
    return float(value)


def check_latent(z: Tensor, latent_dim: int, training: bool, has_batch_norm: bool) -> Tensor:
    """The generator input, checked: a NumPy array becomes a tensor and a float64 latent (NumPy's
    default) is cast to float32 with a warning (the networks are float32; the meaning is
    obvious); integer or boolean latents are refused (noise is real-valued), as are a wrong shape
    and a batch of one that batch norm cannot normalise in training mode."""
    if isinstance(z, np.ndarray):
        z = torch.from_numpy(z)
    if not isinstance(z, Tensor):
        raise ArgumentTypeError(f"the latent must be a torch.Tensor, got {type(z).__name__}")
    if not z.is_floating_point():
        raise ArgumentTypeError(
            f"the latent is {z.dtype}: noise must be real-valued, e.g. torch.randn(n, {latent_dim})"
        )
    if z.dtype == torch.float64:
        warnings.warn(
            "a float64 latent was cast to float32 (the networks' type): draw float32 noise "
            "to skip the copy",
            stacklevel=3,
        )
        z = z.float()
    if z.ndim != 2 or z.shape[1] != latent_dim:
        raise ArgumentError(
            f"expected a latent batch of shape (batch, {latent_dim}), got {tuple(z.shape)}: "
            f"draw it with torch.randn(n, {latent_dim}) (or step.sample_latent(n, device))"
        )
    if training and has_batch_norm and len(z) < 2:
        raise ArgumentError(
            "batch norm needs at least 2 samples per batch in training mode: generate a batch "
            "of 2 or more, or sample in evaluation mode (step.sample(z) does)"
        )
    return z


def check_image_batch(x: Tensor, shape: tuple[int, int, int], model: str) -> None:
    """A clear error when ``x`` is not a batch of float images of ``shape`` (channels, height,
    width)."""
    if isinstance(x, Tensor) and not x.is_floating_point():
        raise ArgumentTypeError(
            f"the {model} takes float images in [-1, 1], got {x.dtype} pixels: convert them with "
            "images.float() / 127.5 - 1"
        )
    if x.ndim != 4 or tuple(x.shape[1:]) != shape:
        raise ArgumentError(
            f"this {model} takes images of shape (batch, {', '.join(map(str, shape))}), got "
            f"{tuple(x.shape)}: build it for your images (in_channels/channels and image_size) "
            "or resize them, e.g. image_folder(..., image_size=..., channels=...)"
        )


def as_labels(labels: object, n: int, n_classes: int) -> Tensor:
    """Class labels for ``n`` samples as a tensor: a list or NumPy array of integers is accepted;
    floats, out-of-range values and a wrong count are refused."""
    if isinstance(labels, (list, tuple, np.ndarray)):
        try:
            labels = torch.as_tensor(np.asarray(labels))
        except TypeError as error:
            raise ArgumentTypeError(f"labels must be class indices (integers): {error}") from None
    if not isinstance(labels, Tensor) or not are_class_indices(labels):
        shape = tuple(labels.shape) if isinstance(labels, Tensor) else type(labels).__name__
        dtype = labels.dtype if isinstance(labels, Tensor) else ""
        raise ArgumentError(
            f"labels must be a 1-D tensor of integer class indices (torch.long), got {dtype} "
            f"{shape}: use labels.long()"
        )
    if len(labels) != n:
        raise ArgumentError(f"{n} latent vectors but {len(labels)} labels")
    if len(labels) and (labels.min() < 0 or labels.max() >= n_classes):
        raise ArgumentError(
            f"labels must lie in [0, {n_classes}), got {labels.min()}..{labels.max()}"
        )
    return labels


def check_players(
    generator: nn.Module,
    discriminator: nn.Module,
    g_optimizer: torch.optim.Optimizer,
    d_optimizer: torch.optim.Optimizer,
) -> None:
    """Refuse the silent mistakes of wiring a step: networks swapped, optimizers swapped or built
    over the wrong network (one player would then never learn). G's optimizer may also hold
    parameters outside G (InfoGAN's Q head); D's must hold none of G's."""
    for name, module in (("generator", generator), ("discriminator", discriminator)):
        if not isinstance(module, nn.Module):
            raise ArgumentTypeError(f"the {name} must be an nn.Module, got {type(module).__name__}")
    if not hasattr(generator, "latent_dim") and hasattr(discriminator, "latent_dim"):
        raise ArgumentError(
            "the generator has no latent_dim but the discriminator has one: are G and D swapped? "
            "The order is AdversarialStep(generator, discriminator, g_optimizer, d_optimizer)"
        )
    if g_optimizer is None or d_optimizer is None:
        return  # a step that only computes losses (tests, notebook 00) needs no optimizers
    for name, optimizer in (("g_optimizer", g_optimizer), ("d_optimizer", d_optimizer)):
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise ArgumentTypeError(
                f"{name} must be a torch optimizer, e.g. gh.adam(network, 2e-4), got {optimizer!r}"
            )
    g_ids = {id(p) for p in generator.parameters()}
    d_ids = {id(p) for p in discriminator.parameters()} - g_ids

    def holds(optimizer: torch.optim.Optimizer, ids: set[int]) -> bool:
        return any(id(p) in ids for group in optimizer.param_groups for p in group["params"])

    if holds(d_optimizer, g_ids) or not holds(d_optimizer, d_ids):
        raise ArgumentError(
            "d_optimizer must update the discriminator's parameters (and none of the "
            "generator's): are the optimizers swapped, or built over the wrong network? "
            "Build them as gh.adam(generator, lr) and gh.adam(discriminator, lr), in that order"
        )
    if not holds(g_optimizer, g_ids):
        raise ArgumentError(
            "g_optimizer holds none of the generator's parameters, so G would never learn: "
            "build it as gh.adam(generator, lr)"
        )


def check_optimizer_settings(lr: object, betas: object) -> None:
    """A learning rate that is a positive number and Adam's two betas in [0, 1)."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise ArgumentTypeError(f"the learning rate must be a number, got {lr!r}")
    if not lr > 0:
        raise ArgumentError(f"learning rate must be positive, got {lr}")
    if (
        not isinstance(betas, (tuple, list))
        or len(betas) != 2
        or not all(isinstance(b, numbers.Real) and 0 <= b < 1 for b in betas)
    ):
        raise ArgumentError(
            f"betas must be two numbers in [0, 1), e.g. (0.5, 0.999), got {betas!r}"
        )


def check_tensor(
    value: Tensor,
    name: str,
    *,
    ndim: int | None = None,
    kind: str = "any",
    length: int | None = None,
) -> Tensor:
    """Refuse a tensor of the wrong shape or kind before torch meets it: ``ndim`` dimensions (at
    least one row), ``kind`` ``"index"`` (integers >= 0, not bool) or ``"float"``, and
    ``length`` rows when given. Returns ``value``."""
    shape = tuple(value.shape)
    if ndim is not None and value.ndim != ndim:
        raise ArgumentError(f"{name} must have {ndim} dimension(s), got shape {shape}")
    if value.ndim == 0 or len(value) == 0:
        raise ArgumentError(f"{name} is empty (shape {shape}): give at least one row")
    if kind == "index":
        if not are_class_indices(value.flatten()):
            raise ArgumentTypeError(
                f"{name} must hold integer indices, got {value.dtype}: use {name}.long()"
            )
        if value.min().item() < 0:
            raise ArgumentError(f"{name} must be indices >= 0, found {value.min().item()}")
    elif kind == "float" and not value.is_floating_point():
        raise ArgumentTypeError(f"{name} must be floats, got {value.dtype}: use {name}.float()")
    if length is not None and len(value) != length:
        raise ArgumentError(f"{name} has {len(value)} rows, not {length} (one per sample)")
    return value
