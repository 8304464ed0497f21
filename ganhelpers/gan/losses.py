"""More ways to score the game, each a subclass of ``AdversarialStep`` that overrides the losses it
changes: the original minimax ("saturating") generator loss of Goodfellow et al. (2014), the
least-squares loss (Mao et al. 2017) and the hinge loss (Lim & Ye 2017; Miyato et al. 2018).
WGAN-GP is ``variants.WassersteinStep``."""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

from ..course.arguments import checked_arguments
from .step import AdversarialStep


@checked_arguments
class SaturatingStep(AdversarialStep):
    """The minimax game as written, min_G max_D V(D, G): G minimises log(1 − D(G(z))) instead
    of −log D(G(z)). Its gradient vanishes where D confidently calls the fakes fake (D(G(z)) ≈ 0),
    which is why Goodfellow et al. (§3) train G with the non-saturating loss instead."""

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        """log(1 − D(G(z))) on logits a: log(1 − σ(a)) = −softplus(a)."""
        return -F.softplus(self.judge(fake, labels)).mean()


@checked_arguments
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


@checked_arguments
class LeastSquaresStep(AdversarialStep):
    """LSGAN (Mao et al. 2017) with the targets a = 0 (fake) and b = 1 (real) for D and c = 1 for
    G: D minimises ½E[(D(x) − 1)²] + ½E[D(G(z))²], G minimises ½E[(D(G(z)) − 1)²], on D's raw
    outputs. A fake far on the right side of the boundary is still pulled towards D's "real"
    value, so G's gradient does not vanish where D is confident."""

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        real_scores, fake_scores = self.score(real, fake, labels)
        loss = 0.5 * ((real_scores - 1).pow(2).mean() + fake_scores.pow(2).mean())
        return loss, real_scores, fake_scores

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        return 0.5 * (self.judge(fake, labels) - 1).pow(2).mean()
