"""Small builders shared by the tests."""

import torch

from ganhelpers import AdversarialStep, adam, seed_everything, sine_dataset
from ganhelpers.gan.models import SineDiscriminator, SineGenerator


def sine_step(seed: int = 0) -> AdversarialStep:
    seed_everything(seed)
    generator, discriminator = SineGenerator(), SineDiscriminator()
    return AdversarialStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
    )


def sine_data(n: int = 256) -> torch.Tensor:
    return sine_dataset(n, generator=torch.Generator().manual_seed(1))


def weights(step: AdversarialStep) -> list[torch.Tensor]:
    return [
        p.detach().clone() for m in (step.generator, step.discriminator) for p in m.parameters()
    ]
