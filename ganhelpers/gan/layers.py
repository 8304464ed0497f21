"""Layers from "Improved techniques for training GANs" (Salimans et al. 2016): minibatch
discrimination for D (§3.2) and virtual batch normalisation for G (§3.5)."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError, UsageError


def _pairwise_exp(a: Tensor) -> Tensor:
    """E_ij = exp(−‖a_i − a_j‖²) for vectors ``a`` of shape (kernels, batch, dim): −‖a_i − a_j‖² =
    u_i · v_j with u_i = (2a_i, −‖a_i‖², −1) and v_j = (a_j, 1, ‖a_j‖²), one product for all pairs,
    and exp(x) computed as 2^(x · log2 e) (``exp2`` is ~3× faster than ``exp`` on this CPU)."""
    log2_e = 1.4426950408889634
    squared = a.pow(2).sum(dim=2, keepdim=True)
    ones = torch.ones_like(squared)
    u = torch.cat([2 * a, -squared, -ones], dim=2) * log2_e
    v = torch.cat([a, ones, squared], dim=2)
    return torch.bmm(u, v.transpose(1, 2)).exp2()


class PairwiseCloseness(torch.autograd.Function):
    """For vectors ``a`` of shape (kernels, batch, dim): each sample's closeness to the rest of its
    batch, Σ_{j≠i} exp(−‖a_i − a_j‖²), per kernel, shape (kernels, batch).

    The same function and derivatives as autograd would give for the formula written out, 2–4×
    faster here (forward and backward of notebook 06's layer, timed on this noisy machine)
    because every (kernels, batch, batch) tensor is made by a batched matrix product or one
    exponential (``_pairwise_exp``), never by broadcasting (slow on this CPU). The backward is
    written out: with gradient g and W_ij = E_ij (g_i + g_j),
    ∂/∂a_i = −2 (Σ_j W_ij a_i − Σ_j W_ij a_j), where
    Σ_j W_ij = g_i (E1)_i + (Eg)_i and Σ_j W_ij a_j = g_i (Ea)_i + (E(g ⊙ a))_i: one more product
    of E (symmetric) with [a, g ⊙ a, g, 1]."""

    @staticmethod
    def forward(ctx, a: Tensor) -> Tensor:
        closeness = _pairwise_exp(a)
        ctx.save_for_backward(a, closeness)
        return closeness.sum(dim=2) - 1  # minus exp(0): a sample and itself

    @staticmethod
    def backward(ctx, grad: Tensor) -> Tensor:
        a, closeness = ctx.saved_tensors
        if torch.is_grad_enabled():  # create_graph (e.g. a gradient penalty): E with its history
            closeness = _pairwise_exp(a)
        g = grad[:, :, None]
        # In E's dtype: under bfloat16 autocast E is bfloat16, a and the gradient float32.
        stacked = torch.cat([a, g * a, g, torch.ones_like(g)], dim=2).to(closeness.dtype)
        # E·stacked, computed as (stackedᵀ E)ᵀ (E is symmetric): faster in this orientation.
        products = torch.bmm(stacked.transpose(1, 2), closeness).transpose(1, 2)
        dim = a.shape[2]
        e_a, e_ga = products[..., :dim], products[..., dim : 2 * dim]
        e_g, e_1 = products[..., 2 * dim : 2 * dim + 1], products[..., 2 * dim + 1 :]
        row_sums = g * e_1 + e_g
        return (-2 * (row_sums * a - (g * e_a + e_ga))).to(a.dtype)


@checked_arguments
class MinibatchDiscrimination(nn.Module):
    """Lets D look at a whole batch: appends, for each sample, how close it is to the others.

    Each sample's features are projected to ``kernels`` vectors of ``kernel_dim`` numbers; for
    each kernel the closeness to another sample is exp(−squared distance), summed over the rest
    of the batch (``PairwiseCloseness``). (The paper uses the L1 distance; squared distances come
    from one matrix product per kernel, several times faster on a CPU.) A collapsed generator
    makes near-identical samples, whose closeness is high, which D can learn to call fake.
    Output: ``in_features + kernels`` features. Cost grows with the batch size squared.
    """

    mixes_batch = True  # a sample's output depends on the batch: score real and fake separately

    def __init__(self, in_features: int, kernels: int = 16, kernel_dim: int = 8) -> None:
        super().__init__()
        self.kernels, self.kernel_dim = kernels, kernel_dim
        self.out_features = in_features + kernels
        self.projection = nn.Parameter(0.1 * torch.randn(in_features, kernels * kernel_dim))

    def forward(self, x: Tensor) -> Tensor:
        if len(x) < 2:
            raise ArgumentError("minibatch discrimination needs a batch of at least 2 samples")
        rows = (x @ self.projection).view(len(x), self.kernels, self.kernel_dim)
        per_kernel = rows.transpose(0, 1).contiguous()  # (kernels, batch, kernel_dim)
        closeness = PairwiseCloseness.apply(per_kernel)  # (kernels, batch)
        return torch.cat([x, closeness.t()], dim=1)


@checked_arguments
class VirtualBatchNorm(nn.Module):
    """Batch normalisation with the statistics of a fixed reference batch instead of the current
    one, so a sample's output no longer depends on the other samples in its batch.

    The layer normalises with the mean and variance of the first ``reference_size`` rows of its
    input; ``ReferenceBatch`` puts the reference batch there. Without a reference
    (``reference_size == 0``) it raises, rather than silently acting as plain batch norm.
    """

    def __init__(self, num_features: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.reference_size = 0

    def forward(self, x: Tensor) -> Tensor:
        if self.reference_size <= 0:
            raise UsageError("VirtualBatchNorm runs inside ReferenceBatch, which sets its batch")
        reference = x[: self.reference_size]
        mean = reference.mean(dim=0)
        variance = reference.var(dim=0, unbiased=False)
        return (x - mean) * torch.rsqrt(variance + self.eps) * self.weight + self.bias


@checked_arguments
class ReferenceBatch(nn.Module):
    """Wraps a generator with ``VirtualBatchNorm`` layers: every call runs the fixed
    ``reference_latent`` batch first, so those layers normalise with its statistics, and
    returns only the outputs for ``z``."""

    def __init__(self, generator: nn.Module, reference_latent: Tensor) -> None:
        super().__init__()
        self.generator = generator
        self.latent_dim = generator.latent_dim
        self.register_buffer("reference_latent", reference_latent.clone())
        self.norms = [m for m in generator.modules() if isinstance(m, VirtualBatchNorm)]
        if not self.norms:
            raise ArgumentError(
                "the generator has no VirtualBatchNorm layer to give a reference to"
            )

    def forward(self, z: Tensor) -> Tensor:
        size = len(self.reference_latent)
        for norm in self.norms:
            norm.reference_size = size
        try:
            return self.generator(torch.cat([self.reference_latent, z]))[size:]
        finally:
            for norm in self.norms:
                norm.reference_size = 0


@checked_arguments
class PackedDiscriminator(nn.Module):
    """PacGAN (Lin et al. 2018): D judges ``pack`` samples at once, stacked along the channel (or
    feature) axis, so it can see how varied a generator's samples are; a collapsed generator's
    packs look alike and are easy to call fake. Wrap a D built for ``pack`` × the channels:
    ``PackedDiscriminator(DCGANDiscriminator(in_channels=2), pack=2)``. Logits come one per pack,
    so the batch must be a multiple of ``pack``; real and fake are packed separately."""

    def __init__(self, discriminator: nn.Module, pack: int = 2) -> None:
        super().__init__()
        if not isinstance(pack, int) or pack < 1:
            raise ArgumentError(f"pack must be a positive int, got {pack!r}")
        self.discriminator, self.pack = discriminator, pack

    def forward(self, x: Tensor) -> Tensor:
        if len(x) % self.pack:
            raise ArgumentError(f"a batch of {len(x)} cannot be split into packs of {self.pack}")
        return self.discriminator(x.reshape(len(x) // self.pack, -1, *x.shape[2:]))
