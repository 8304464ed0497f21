"""Generators and discriminators. Every discriminator returns logits: the sigmoid that turns a
logit into the probability "real" lives in the loss (``BCEWithLogitsLoss``), which is the same
function as Sigmoid + BCELoss but numerically stable."""

from __future__ import annotations

import torch
from torch import Tensor, nn


def _check_positive(**sizes: int) -> None:
    for name, value in sizes.items():
        if not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive int, got {value!r}")


class SineGenerator(nn.Module):
    """Notebook 01's generator: 2-D noise → 16 → 32 → a 2-D point."""

    def __init__(self, latent_dim: int = 2) -> None:
        super().__init__()
        _check_positive(latent_dim=latent_dim)
        self.latent_dim = latent_dim
        self.net = nn.Sequential(
            nn.Linear(latent_dim, 16),
            nn.ReLU(),
            nn.Linear(16, 32),
            nn.ReLU(),
            nn.Linear(32, 2),
        )

    def forward(self, z: Tensor) -> Tensor:
        return self.net(z)


class SineDiscriminator(nn.Module):
    """Notebook 01's discriminator: a 2-D point → 256 → 128 → 64 → one logit, dropout 0.3."""

    def __init__(self, dropout: float = 0.3) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(2, 256),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(64, 1),
        )

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim != 2 or x.shape[1] != 2:
            raise ValueError(f"expected points of shape (batch, 2), got {tuple(x.shape)}")
        return self.net(x)


class MLPGenerator(nn.Module):
    """Notebook 02's generator: noise → 256 → 512 → 1024 → a 28×28 image in [-1, 1]."""

    def __init__(self, latent_dim: int = 100, image_shape: tuple[int, ...] = (1, 28, 28)) -> None:
        super().__init__()
        _check_positive(latent_dim=latent_dim)
        self.latent_dim = latent_dim
        self.image_shape = tuple(image_shape)
        pixels = int(torch.tensor(self.image_shape).prod())
        self.net = nn.Sequential(
            nn.Linear(latent_dim, 256),
            nn.ReLU(),
            nn.Linear(256, 512),
            nn.ReLU(),
            nn.Linear(512, 1024),
            nn.ReLU(),
            nn.Linear(1024, pixels),
            nn.Tanh(),
        )

    def forward(self, z: Tensor) -> Tensor:
        return self.net(z).view(len(z), *self.image_shape)


class MLPDiscriminator(nn.Module):
    """Notebook 02's discriminator: a flattened image → 1024 → 512 → 256 → one logit."""

    def __init__(self, image_shape: tuple[int, ...] = (1, 28, 28), dropout: float = 0.3) -> None:
        super().__init__()
        pixels = int(torch.tensor(tuple(image_shape)).prod())
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(pixels, 1024),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(1024, 512),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(512, 256),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(256, 1),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)
