"""Worked answers to notebook 01's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): G's non-saturating loss from D's logits a on the fakes. D(G(z)) = σ(a), and
−log σ(a) = softplus(−a), which stays accurate for large |a| where log(sigmoid(a)) underflows.
BCE against the target "real" (1) is the same quantity, which is how `AdversarialStep` writes it.

Exercise 2 (fill in): D's loss, the *mean* of its loss on the real batch (target 1) and on the
fake batch (target 0). At equilibrium D(x) = D(G(z)) = ½ and each BCE is log 2, so the mean tends
to log 2 ≈ 0.693 (the dotted line on the loss panel); a sum would tend to 2·log 2.

Exercise 3 (question): train with `SaturatingStep` (notebook 10's playground has it) and D made
strong: G's loss sits near 0 while its samples stay where they are. Why? Answer: the saturating
loss log(1 − D(G(z))) is near 0 *and flat* where D(G(z)) ≈ 0; its gradient with respect to D's
logit is −D(G(z)), close to 0, so G receives almost no signal (notebook 00, section 3). The
non-saturating loss has gradient −(1 − D(G(z))) ≈ −1 there.
"""

import torch.nn.functional as F
from torch import Tensor


def generator_loss(fake_logits: Tensor) -> Tensor:
    return F.softplus(-fake_logits).mean()


def discriminator_loss(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    on_real = F.softplus(-real_logits).mean()  # −log σ(a): BCE against 1
    on_fake = F.softplus(fake_logits).mean()  # −log(1 − σ(a)): BCE against 0
    return (on_real + on_fake) / 2


ANSWERS = {"01-generator-loss": generator_loss, "01-discriminator-loss": discriminator_loss}
