"""Walking through a generator's latent space: linear and spherical interpolation, and DCGAN's
vector arithmetic."""

from __future__ import annotations

import torch
from torch import Tensor

from .arguments import checked_arguments
from .errors import ArgumentError
from .validation import check_tensor

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


@checked_arguments
def latent_direction(z: Tensor, scores: Tensor, share: float = 0.1) -> Tensor:
    """DCGAN's vector arithmetic (Radford et al. 2016, §6.3, which averages three samples per
    concept): the mean latent of the ``share`` of ``z`` with the highest ``scores`` minus the mean
    latent of the ``share`` with the lowest, a direction along which the score tends to grow."""
    check_tensor(z, "z", ndim=2, kind="float")
    check_tensor(scores, "scores", ndim=1, kind="float", length=len(z))
    if not 0 < share <= 0.5:
        raise ArgumentError(f"share must be in (0, 0.5], got {share}")
    count = max(1, int(share * len(z)))
    order = scores.argsort()
    return z[order[-count:]].mean(0) - z[order[:count]].mean(0)
