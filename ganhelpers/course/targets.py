"""The 2-D targets of the playground (ring, grid, sine, two moons, points you draw), all inside
the square [−4, 4]², with the quality measures of notebook 06 generalised from a mixture's
modes to a curve's stretches."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor

from .data import grid_mixture, ring_mixture
from .errors import ArgumentError

EXTENT = 4.0  # every target lies in [−EXTENT, EXTENT]², the playground's view
DRAWN_STD = 0.08  # the spread around each point you draw


@dataclass(frozen=True)
class Target:
    """A 2-D distribution to learn: a random ``anchor`` plus Gaussian noise of ``std``. A
    mixture's anchors are its centres; a curve's are many points along it. ``regions`` gives
    each anchor's region (a mode of a mixture, a stretch of a curve, a drawn point), which
    ``quality`` counts."""

    name: str
    anchors: Tensor
    regions: Tensor
    std: float

    @property
    def region_count(self) -> int:
        return int(self.regions.max()) + 1

    def sample(self, n: int, generator: torch.Generator | None = None) -> Tensor:
        """``n`` points, shape ``(n, 2)``."""
        picks = torch.randint(len(self.anchors), (n,), generator=generator)
        return self.anchors[picks] + self.std * torch.randn(n, 2, generator=generator)

    def quality(self, points: Tensor) -> dict[str, float]:
        """Notebook 06's measures (VEEGAN, PacGAN), for any target: a point is *high quality*
        within 3 ``std`` of its nearest anchor; a region is *covered* when it holds the nearest
        anchor of at least one high-quality point. For a mixture these are ``mode_coverage``'s
        figures. Returns ``regions_covered`` (share, 0 … 1) and ``high_quality`` (share)."""
        distances, nearest = torch.cdist(points.detach().float(), self.anchors).min(dim=1)
        good = distances <= 3 * self.std
        covered = self.regions[nearest[good]].unique().numel()
        return {
            "regions_covered": covered / self.region_count,
            "high_quality": good.float().mean().item(),
        }


def _mixture_target(name: str, centres: Tensor, std: float) -> Target:
    return Target(name, centres.float(), torch.arange(len(centres)), std)


def _curve_target(name: str, points: Tensor, stretches: int, std: float = 0.05) -> Target:
    """A curve sampled densely (``points`` in order along it), cut into ``stretches`` regions."""
    regions = torch.arange(len(points)) * stretches // len(points)
    return Target(name, points.float(), regions, std)


def ring_target() -> Target:
    """Eight Gaussians on a circle of radius 2 (notebook 06's ring, wider: σ = 0.05)."""
    mixture = ring_mixture(8, radius=2.0, std=0.05)
    return _mixture_target("ring of 8", mixture.centres, mixture.std)


def grid_target() -> Target:
    """A 5 × 5 grid of Gaussians, 1.5 apart (centres −3 … 3), σ = 0.05."""
    mixture = grid_mixture(5, spacing=1.5, std=0.05)
    return _mixture_target("5×5 grid", mixture.centres, mixture.std)


def sine_target() -> Target:
    """x2 = 2 sin(x1) for x1 in [−3.5, 3.5] (notebook 01's curve, stretched to the view), cut
    into 7 stretches."""
    x1 = torch.linspace(-3.5, 3.5, 400)
    return _curve_target("sine curve", torch.stack([x1, 2 * torch.sin(x1)], dim=1), 7)


def moons_target() -> Target:
    """Two interleaving half circles (scikit-learn's ``make_moons`` layout, scaled by 2 and
    centred), each moon cut into 2 stretches."""
    t = torch.linspace(0, math.pi, 200)
    upper = torch.stack([torch.cos(t), torch.sin(t)], dim=1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], dim=1)
    points = 2 * (torch.cat([upper, lower]) - torch.tensor([0.5, 0.25]))
    return _curve_target("two moons", points, 4)


def drawn_target(points: Tensor) -> Target:
    """The points you drew, each a mode of σ = ``DRAWN_STD``; any batch size samples them with
    replacement."""
    points = torch.as_tensor(points, dtype=torch.float32)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ArgumentError(f"draw at least one point: got points of shape {tuple(points.shape)}")
    if not torch.isfinite(points).all() or points.abs().max() > EXTENT:
        raise ArgumentError(f"drawn points must lie inside [−{EXTENT:g}, {EXTENT:g}]²")
    return _mixture_target(f"your {len(points)} points", points, DRAWN_STD)


TARGETS = {"ring": ring_target, "grid": grid_target, "sine": sine_target, "moons": moons_target}
