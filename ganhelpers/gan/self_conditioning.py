"""A self-conditioned GAN (Liu et al. 2020, "Diverse Image Generation via Self-Conditioned GANs"):
G and D are conditioned on clusters of the real data instead of labels, so that G draws each
cluster on purpose instead of having to discover the data's modes on its own. Deviations: the
clusters are k-means clusters of the pixels (``clustering.cluster_digits``), computed once before
training (the paper clusters D's features and re-clusters during training), and D is a projection
discriminator (Miyato & Koyama 2018) rather than the paper's."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError
from ..course.validation import check_image_batch, check_latent
from .models import DCGANDiscriminator, DCGANGenerator, _one_hot
from .step import AdversarialStep


@checked_arguments
class SelfConditionedGenerator(nn.Module):
    """A DCGAN generator told which cluster to draw. It takes a plain standard-normal latent
    ``z``: its first number picks the cluster by inverse-CDF sampling (Φ(z₀) is uniform on
    (0, 1), cut into intervals as long as each cluster's share of the data), the other
    ``latent_dim − 1`` numbers are the noise. In training, ``clusters`` (the real batch's) are
    given instead and z₀ is ignored, so samples and training fakes follow the same distribution."""

    def __init__(
        self,
        cluster_shares: Tensor,
        latent_dim: int = 100,
        width: int = 64,
        refinements: int = 0,
    ) -> None:
        super().__init__()
        if cluster_shares.ndim != 1 or (cluster_shares < 0).any() or cluster_shares.sum() <= 0:
            raise ArgumentError("cluster_shares must be a 1-D tensor of non-negative cluster sizes")
        if latent_dim < 2:
            raise ArgumentError(
                f"latent_dim must be >= 2 (one number picks the cluster), got {latent_dim}"
            )
        self.latent_dim, self.n_classes = latent_dim, len(cluster_shares)
        self.register_buffer(
            "cumulative_shares", cluster_shares.double().cumsum(0) / cluster_shares.sum()
        )
        self.net = DCGANGenerator(latent_dim - 1 + self.n_classes, width, refinements=refinements)

    def clusters_of(self, z: Tensor) -> Tensor:
        """The cluster each latent picks with its first number."""
        uniform = 0.5 * (1 + torch.erf(z[:, 0].double() / math.sqrt(2)))
        picked = torch.searchsorted(self.cumulative_shares, uniform.contiguous(), right=True)
        return picked.clamp_max(self.n_classes - 1)

    def forward(self, z: Tensor, clusters: Tensor | None = None) -> Tensor:
        z = check_latent(z, self.latent_dim, self.training, has_batch_norm=True)
        if clusters is None:
            clusters = self.clusters_of(z)
        elif len(clusters) != len(z):
            raise ArgumentError(f"{len(z)} latent vectors but {len(clusters)} clusters")
        return self.net(torch.cat([z[:, 1:], _one_hot(clusters, self.n_classes)], dim=1))


@checked_arguments
class ProjectionDiscriminator(nn.Module):
    """D(x, y) = ψ(φ(x)) + ⟨e_y, φ(x)⟩ (Miyato & Koyama 2018): a DCGAN discriminator's features
    φ(x) and logit ψ, plus the inner product of the features with an embedding of the class.
    Cheaper than broadcasting a one-hot label as extra input channels, and it scales to many
    classes (or clusters). With ``pack`` > 1 (PacGAN, Lin et al. 2018) D judges packs of that many
    consecutive images stacked as channels, one logit per pack, and a pack's class embeddings
    are summed; ``batch_norm=False`` drops D's batch norm, as PacGAN's packs are judged alone."""

    def __init__(
        self, n_classes: int, width: int = 64, pack: int = 1, batch_norm: bool = True
    ) -> None:
        super().__init__()
        if not isinstance(pack, int) or pack < 1:
            raise ArgumentError(f"pack must be a positive int, got {pack!r}")
        self.n_classes, self.pack = n_classes, pack
        self.features = DCGANDiscriminator(pack, width, batch_norm=batch_norm)
        self.embedding = nn.Embedding(n_classes, self.features.feature_dim)
        nn.init.normal_(self.embedding.weight, 0.0, 0.02)

    def forward(self, x: Tensor, labels: Tensor) -> Tensor:
        check_image_batch(x, (1, *self.features.input_shape[1:]), "projection discriminator")
        if len(labels) != len(x):
            raise ArgumentError(f"{len(x)} images but {len(labels)} labels")
        if len(x) % self.pack:
            raise ArgumentError(f"a batch of {len(x)} cannot be split into packs of {self.pack}")
        packs = len(x) // self.pack
        features = self.features.body(x.reshape(packs, self.pack, *x.shape[2:]))
        embedded = self.embedding(labels).reshape(packs, self.pack, -1).sum(dim=1)
        return self.features.head(features) + (embedded * features).sum(dim=1, keepdim=True)


@checked_arguments
class SelfConditionedStep(AdversarialStep):
    """The GAN update with cluster labels: fakes are drawn for the real batch's clusters and D
    judges every image with its cluster. Sampling needs no labels (G picks clusters from z)."""

    def generate(
        self, z: Tensor, labels: Tensor | None, generator: nn.Module | None = None
    ) -> Tensor:
        return (generator or self.generator)(z, labels)

    def discriminate(self, x: Tensor, labels: Tensor | None) -> Tensor:
        if labels is None:
            raise ArgumentError(
                "a self-conditioned GAN trains on cluster labels: pass cluster_digits(digits, k)"
            )
        return self.discriminator(x, labels)
