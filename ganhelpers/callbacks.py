"""Per-epoch callbacks for ``train_gan``: snapshots of a fixed latent batch, discriminator maps
and metrics logged into the history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import torch
from torch import Tensor, nn

from .config import device_of
from .history import History
from .train import AdversarialStep


@contextmanager
def evaluating(*modules: nn.Module) -> Iterator[None]:
    """Eval mode (no dropout, frozen batch-norm statistics) and no gradients, restored after."""
    modes = [module.training for module in modules]
    for module in modules:
        module.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        for module, mode in zip(modules, modes):
            module.train(mode)


def _check_every(every: int) -> int:
    if not isinstance(every, int) or every <= 0:
        raise ValueError(f"every must be a positive int, got {every!r}")
    return every


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
        with evaluating(step.generator):
            samples = step.generate(self.latent.to(device), labels)
        self.frames.append((epoch, samples.cpu()))

    def __call__(self, epoch: int, step: AdversarialStep, history: History) -> None:
        if epoch % self.every == 0:
            self.record(epoch, step)


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
