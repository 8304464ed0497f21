"""The loss-changing techniques of "Improved techniques for training GANs" (Salimans et al.
2016), each a subclass of ``AdversarialStep`` that overrides the loss it changes: one-sided label
smoothing (§3.4), feature matching (§3.1) and historical averaging (§3.3). The techniques that
change a network instead are layers (``layers.py``: minibatch discrimination, virtual batch norm,
PacGAN's packing)."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError
from .regularizers import ParameterAverage, feature_matching_loss
from .step import AdversarialStep


@checked_arguments
class LabelSmoothingStep(AdversarialStep):
    """One-sided label smoothing: D's target for real samples is ``real_label`` (e.g. 0.9)
    instead of 1; fake targets stay 0 (smoothing them too would reward fakes far from the data)."""

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer | None,
        d_optimizer: torch.optim.Optimizer | None,
        *,
        real_label: float = 0.9,
        **options: object,
    ) -> None:
        super().__init__(generator, discriminator, g_optimizer, d_optimizer, **options)
        if not 0.5 < real_label <= 1:
            raise ArgumentError(f"real_label must be in (0.5, 1], got {real_label}")
        self.real_label = real_label

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        real_logits, fake_logits = self.score(real, fake, labels)
        real_loss = self.bce(real_logits, torch.full_like(real_logits, self.real_label))
        fake_loss = self.bce(fake_logits, torch.zeros_like(fake_logits))
        return 0.5 * (real_loss + fake_loss), real_logits, fake_logits


@checked_arguments
class FeatureMatchingStep(AdversarialStep):
    """Feature matching: G minimises the distance between the mean of D's intermediate features
    on real and on fake samples instead of fooling D's last layer. D needs a ``features``
    method."""

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer | None,
        d_optimizer: torch.optim.Optimizer | None,
        **options: object,
    ) -> None:
        if not hasattr(discriminator, "features"):
            raise ArgumentError("feature matching needs a discriminator with a features() method")
        super().__init__(generator, discriminator, g_optimizer, d_optimizer, **options)

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        with torch.no_grad():
            real_features = self.discriminator.features(real)
        return feature_matching_loss(real_features, self.discriminator.features(fake))


@checked_arguments
class HistoricalAveragingStep(AdversarialStep):
    """Historical averaging: each player's loss gains ``weight`` · ‖θ − θ̄‖², θ̄ the running
    mean of its past parameters, which damps oscillation. The paper gives no weight."""

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer | None,
        d_optimizer: torch.optim.Optimizer | None,
        *,
        weight: float = 1e-5,
        **options: object,
    ) -> None:
        super().__init__(generator, discriminator, g_optimizer, d_optimizer, **options)
        if weight < 0:
            raise ArgumentError(f"historical averaging weight must be >= 0, got {weight}")
        self.weight = weight
        self.averages = {
            "generator": ParameterAverage(self.generator),
            "discriminator": ParameterAverage(self.discriminator),
        }

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        loss, real_logits, fake_logits = super().discriminator_loss(real, fake, z, labels)
        return (
            loss + self.weight * self.averages["discriminator"].penalty(),
            real_logits,
            fake_logits,
        )

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        loss = super().generator_loss(real, fake, z, labels)
        return loss + self.weight * self.averages["generator"].penalty()

    def update(self, optimizer: torch.optim.Optimizer, loss: Tensor) -> None:
        super().update(optimizer, loss)
        player = "generator" if optimizer is self.g_optimizer else "discriminator"
        self.averages[player].update()

    def modules(self) -> dict[str, nn.Module | torch.optim.Optimizer]:
        state = super().modules()
        state.update({f"{player}_average": average for player, average in self.averages.items()})
        return state
