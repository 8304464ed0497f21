"""Training recipes for notebook 02's MLP GAN, named so a notebook, a benchmark and the ablation
table build exactly the same thing. The seed tutorial's recipe does not learn digits from the
5,000-digit offline sample in five CPU minutes; the improved recipe does. Its changes, each
measured by ``benchmarks/mlp_ablation.py``:

- networks from PyTorch-GAN's ``gan.py``: G 100 → 128 → 256 → 512 → 1024 → 784 with batch norm
  (not on the first layer) and LeakyReLU(0.2); D 784 → 512 → 256 → 1 with LeakyReLU(0.2), no
  dropout;
- Adam with learning rate 2e-4 and β1 = 0.5 (Radford et al. 2016) instead of 1e-4 and 0.9, batch
  64 instead of 32;
- samples drawn from an exponential moving average of G's weights (decay 0.999);
- every image D sees, real or fake, shifted by up to 2 pixels (DiffAugment's translation), so that
  D memorises the 5,000 digits more slowly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from ..gan.augment import RandomTranslation
from ..gan.models import MLPDiscriminator, MLPGenerator
from ..gan.step import AdversarialStep, adam
from .arguments import checked_arguments


@checked_arguments
@dataclass(frozen=True)
class MLPRecipe:
    """Everything that defines an MLP GAN training run but the data and the budget."""

    name: str
    improved_networks: bool
    learning_rate: float
    beta1: float
    batch_size: int
    generator_average: float = 0.0  # EMA decay of G's weights for sampling; 0: none
    translation: int = 0  # DiffAugment translation of D's inputs, in pixels; 0: none
    latent_dim: int = 100

    def build(self, device: torch.device | str = "cpu") -> AdversarialStep:
        """The networks, optimizers and step of this recipe, on ``device``."""
        if self.improved_networks:
            generator = MLPGenerator(
                self.latent_dim, hidden=(128, 256, 512, 1024), batch_norm=True, negative_slope=0.2
            )
            discriminator = MLPDiscriminator(hidden=(512, 256), dropout=0.0, negative_slope=0.2)
        else:
            generator, discriminator = MLPGenerator(self.latent_dim), MLPDiscriminator()
        generator, discriminator = generator.to(device), discriminator.to(device)
        betas = (self.beta1, 0.999)
        return AdversarialStep(
            generator,
            discriminator,
            adam(generator, self.learning_rate, betas),
            adam(discriminator, self.learning_rate, betas),
            augment=RandomTranslation(self.translation) if self.translation else None,
            generator_average=self.generator_average,
        )


SEED_RECIPE = MLPRecipe("seed tutorial", False, 1e-4, 0.9, 32)
IMPROVED_RECIPE = MLPRecipe("improved", True, 2e-4, 0.5, 64, generator_average=0.999, translation=2)

ABLATION = (
    SEED_RECIPE,
    replace(SEED_RECIPE, name="+ BN/LeakyReLU networks", improved_networks=True),
    replace(
        IMPROVED_RECIPE,
        name="+ Adam 2e-4, β1 0.5, batch 64 (PyTorch-GAN)",
        generator_average=0.0,
        translation=0,
    ),
    replace(IMPROVED_RECIPE, name="+ EMA of G's weights", translation=0),
    replace(IMPROVED_RECIPE, name="+ translation ±2 px (DiffAugment): the improved recipe"),
)
