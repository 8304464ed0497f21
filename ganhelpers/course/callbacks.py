"""Per-epoch callbacks for ``train_gan``: snapshots of a fixed latent batch, discriminator maps
and metrics logged into the history."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor

from ..gan.modes import evaluating
from ..gan.step import AdversarialStep
from .arguments import checked_arguments
from .config import device_of
from .errors import ArgumentError
from .history import History


def _check_every(every: int) -> int:
    if not isinstance(every, int) or every <= 0:
        raise ArgumentError(f"every must be a positive int, got {every!r}")
    return every


@checked_arguments
class Snapshots:
    """The generator's output on one fixed latent batch, kept every ``every`` epochs on the CPU.

    ``frames`` is a list of ``(epoch, samples)``; call ``record(0, step)`` before training to
    keep the untrained generator's output as the first frame.
    """

    def __init__(self, latent: Tensor, labels: Tensor | None = None, every: int = 1) -> None:
        self.latent = latent
        self.labels = labels
        self.every = _check_every(every)
        self.frames: list[tuple[int, Tensor]] = []

    def record(self, epoch: int, step: AdversarialStep) -> None:
        device = device_of(step.generator)
        labels = self.labels.to(device) if self.labels is not None else None
        samples = step.sample(self.latent.to(device), labels)
        self.frames.append((epoch, samples.cpu()))

    def __call__(self, epoch: int, step: AdversarialStep, history: History) -> None:
        if epoch % self.every == 0:
            self.record(epoch, step)


@checked_arguments
class DiscriminatorMap:
    """D's probability that a point is real, on a regular grid over a 2-D box, per epoch.

    ``maps`` is a list of ``(epoch, probabilities)`` with probabilities of shape
    ``(resolution, resolution)``; row ``i`` is ``y = ys[i]``, column ``j`` is ``x = xs[j]``.
    """

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        resolution: int = 64,
        every: int = 1,
    ) -> None:
        for name, (low, high) in (("x_range", x_range), ("y_range", y_range)):
            if not low < high:
                raise ArgumentError(
                    f"{name} must be (low, high) with low < high, got {(low, high)}"
                )
        if resolution < 2:
            raise ArgumentError(f"resolution must be >= 2 grid points, got {resolution}")
        self.xs = torch.linspace(*x_range, resolution)
        self.ys = torch.linspace(*y_range, resolution)
        grid_y, grid_x = torch.meshgrid(self.ys, self.xs, indexing="ij")
        self.points = torch.stack([grid_x.flatten(), grid_y.flatten()], dim=1)
        self.resolution = resolution
        self.every = _check_every(every)
        self.maps: list[tuple[int, Tensor]] = []

    def record(self, epoch: int, step: AdversarialStep) -> None:
        device = device_of(step.discriminator)
        with evaluating(step.discriminator):
            logits = step.discriminator(self.points.to(device))
        probabilities = torch.sigmoid(logits).reshape(self.resolution, self.resolution)
        self.maps.append((epoch, probabilities.cpu()))

    def __call__(self, epoch: int, step: AdversarialStep, history: History) -> None:
        if epoch % self.every == 0:
            self.record(epoch, step)


@checked_arguments
class MetricLogger:
    """Every ``every`` epochs, log ``measure(step)`` (a dict of floats) into the history."""

    def __init__(
        self, measure: Callable[[AdversarialStep], dict[str, float]], every: int = 1
    ) -> None:
        self.measure = measure
        self.every = _check_every(every)

    def __call__(self, epoch: int, step: AdversarialStep, history: History) -> None:
        if epoch % self.every == 0:
            history.log(**self.measure(step))


@checked_arguments
class DiscriminatorOverfitting:
    """D's mean probability "real" on a fixed batch of its training digits and on digits it never
    trained on, logged as ``d_train`` and ``d_held_out`` every ``every`` epochs. While D learns
    what digits look like the two stay close; when it starts memorising its training set (few
    images, many epochs) ``d_train`` rises above ``d_held_out``: the overfitting signal of Karras
    et al. 2020 (ADA). D sees the images as in training, augmented if the step augments."""

    def __init__(self, train: Tensor, held_out: Tensor, every: int = 1) -> None:
        size = min(len(train), len(held_out))
        self.train, self.held_out = train[:size], held_out[:size]
        self.every = _check_every(every)

    def __call__(self, epoch: int, step: AdversarialStep, history: History) -> None:
        if epoch % self.every:
            return
        device = device_of(step.discriminator)
        with evaluating(step.discriminator):
            scores = {
                name: torch.sigmoid(step.judge(images.to(device), None)).mean().item()
                for name, images in (("d_train", self.train), ("d_held_out", self.held_out))
            }
        history.log(**scores)
