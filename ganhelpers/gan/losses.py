"""Two more ways to score the game, each a subclass of ``AdversarialStep`` that overrides the
losses it changes: the original minimax ("saturating") generator loss of Goodfellow et al. (2014)
and the hinge loss (Lim & Ye 2017; Miyato et al. 2018). WGAN-GP is ``variants.WassersteinStep``."""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

from .step import AdversarialStep


class SaturatingStep(AdversarialStep):
    """The minimax game as written, min_G max_D V(D, G): G minimises log(1 − D(G(z))) instead
    of −log D(G(z)). Its gradient vanishes where D confidently calls the fakes fake (D(G(z)) ≈ 0),
    which is why Goodfellow et al. (§3) train G with the non-saturating loss instead."""

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        """log(1 − D(G(z))) on logits a: log(1 − σ(a)) = −softplus(a)."""
        return -F.softplus(self.judge(fake, labels)).mean()


class HingeStep(AdversarialStep):
    """The hinge loss: D minimises E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))], G minimises
    −E[D(G(z))] (Lim & Ye 2017, as used by Miyato et al. 2018). D's outputs are scores, not
    logits of a probability: D stops pushing once a sample is beyond the margin."""

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        real_scores, fake_scores = self.score(real, fake, labels)
        loss = F.relu(1 - real_scores).mean() + F.relu(1 + fake_scores).mean()
        return loss, real_scores, fake_scores

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        return -self.judge(fake, labels).mean()
