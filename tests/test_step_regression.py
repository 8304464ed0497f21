"""Behaviour stays: a fixed-seed run of every step variant gives the same statistics (d_loss,
g_loss, D(x), D(G(z))) as the step before it was rewritten for readability (commit 8dbf853,
recorded in ``tests/data``). Tolerances allow for another CPU's rounding, not for a change."""

import json
from pathlib import Path

import pytest
import torch

from ganhelpers import AdversarialStep, adam
from ganhelpers.gan.augment import RandomTranslation
from ganhelpers.gan.models import (
    ConditionalDiscriminator,
    ConditionalGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    InfoGANDiscriminator,
    MixtureDiscriminator,
    MixtureGenerator,
)
from ganhelpers.gan.techniques import (
    FeatureMatchingStep,
    HistoricalAveragingStep,
    LabelSmoothingStep,
)
from ganhelpers.gan.variants import ConditionalStep, InfoGANStep, WassersteinStep

RECORDED = json.loads(
    (Path(__file__).parent / "data" / "step_statistics_8dbf853.json").read_text()
)["statistics"]


def mixture_step(step_class, **options):
    generator, discriminator = MixtureGenerator(), MixtureDiscriminator()
    g_opt, d_opt = adam(generator, 1e-3), adam(discriminator, 1e-3)
    return step_class(generator, discriminator, g_opt, d_opt, **options)


def dcgan_step():
    generator, discriminator = DCGANGenerator(16, 8), DCGANDiscriminator(1, 8, batch_norm=False)
    return AdversarialStep(
        generator,
        discriminator,
        adam(generator, 1e-3),
        adam(discriminator, 1e-3),
        augment=RandomTranslation(2),
        generator_average=0.99,
    )


def cgan_step():
    generator, discriminator = ConditionalGenerator(16, width=8), ConditionalDiscriminator(width=8)
    return ConditionalStep(
        generator,
        discriminator,
        adam(generator, 1e-3),
        adam(discriminator, 1e-3),
        generator_average=0.99,
    )


def infogan_step():
    generator, discriminator = DCGANGenerator(6 + 12, 8), InfoGANDiscriminator(width=8)
    g_params = list(generator.parameters()) + list(discriminator.q_head.parameters())
    return InfoGANStep(
        generator,
        discriminator,
        adam(g_params, 1e-3),
        adam(discriminator.shared, 2e-4),
        noise_dim=6,
    )


BUILDERS = {
    "vanilla": lambda: mixture_step(AdversarialStep),
    "smoothing": lambda: mixture_step(LabelSmoothingStep, real_label=0.9),
    "fm": lambda: mixture_step(FeatureMatchingStep),
    "ha": lambda: mixture_step(HistoricalAveragingStep, weight=0.5),
    "wgan": lambda: mixture_step(WassersteinStep),
    "dcgan": dcgan_step,
    "cgan": cgan_step,
    "infogan": infogan_step,
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_fixed_seed_run_gives_the_recorded_statistics(name):
    torch.manual_seed(42)
    points, images = torch.randn(32, 2), torch.rand(32, 1, 28, 28) * 2 - 1
    labels = torch.randint(0, 10, (32,))
    data = points if name in ("vanilla", "smoothing", "fm", "ha", "wgan") else images
    torch.manual_seed(0)
    step = BUILDERS[name]()
    torch.manual_seed(1)
    statistics = [
        step(data[b * 8 : (b + 1) * 8], labels[b * 8 : (b + 1) * 8] if name == "cgan" else None)
        for b in range(4)
    ]
    torch.testing.assert_close(
        torch.stack(statistics), torch.tensor(RECORDED[name]), rtol=1e-4, atol=1e-5
    )
