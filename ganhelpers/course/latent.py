"""Walking through a generator's latent space: linear and spherical interpolation."""

from __future__ import annotations

import torch
from torch import Tensor

from .arguments import checked_arguments
from .errors import ArgumentError

MODES = ("linear", "spherical")


@checked_arguments
def interpolate(z_a: Tensor, z_b: Tensor, t: float, mode: str = "linear") -> Tensor:
    """The point a fraction ``t`` of the way from ``z_a`` to ``z_b`` (last dimension = latent).

    ``spherical`` (slerp) follows the great circle between the two directions and interpolates
    the norm linearly; unlike a straight line it does not pass through the low-norm centre of a
    Gaussian latent space, where a generator rarely saw its inputs.
    """
    if mode not in MODES:
        raise ArgumentError(f"mode must be one of {MODES}, got {mode!r}")
    if z_a.shape != z_b.shape:
        raise ArgumentError(
            f"the two latents differ in shape, {tuple(z_a.shape)} and {tuple(z_b.shape)}: draw "
            "both for the same generator"
        )
    if mode == "linear":
        return torch.lerp(z_a, z_b, t)
    norm_a, norm_b = z_a.norm(dim=-1, keepdim=True), z_b.norm(dim=-1, keepdim=True)
    unit_a, unit_b = z_a / norm_a, z_b / norm_b
    cos = (unit_a * unit_b).sum(-1, keepdim=True).clamp(-1 + 1e-7, 1 - 1e-7)
    angle = torch.acos(cos)
    direction = (torch.sin((1 - t) * angle) * unit_a + torch.sin(t * angle) * unit_b) / torch.sin(
        angle
    )
    return direction * torch.lerp(norm_a, norm_b, t)
