"""The mode-collapse benchmark of notebook 06: one GAN step per training technique, and runs on
a 2-D Gaussian mixture measured by modes covered and the share of high-quality samples."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import nn

from .config import seed_everything
from .data import GaussianMixture
from .layers import PackedDiscriminator, ReferenceBatch
from .metrics import mode_coverage
from .models import MixtureDiscriminator, MixtureGenerator
from .steps import WassersteinStep
from .train import AdversarialStep, Callback, adam, train_gan

TECHNIQUES = (
    "vanilla",
    "one-sided label smoothing",
    "feature matching",
    "minibatch discrimination",
    "historical averaging",
    "virtual batch norm",
    "WGAN-GP",
    "PacGAN",
)
PACK = 2  # PacGAN's pack size (Lin et al. 2018 report m = 2 to 4 on the 2-D mixtures)


def technique_step(
    technique: str,
    make_generator: Callable[..., nn.Module],
    make_discriminator: Callable[..., nn.Module],
    lr: float = 2e-4,
    betas: tuple[float, float] = (0.5, 0.999),
) -> AdversarialStep:
    """A fresh G, D and step for one of ``TECHNIQUES``; everything else stays as in "vanilla".

    ``make_generator(virtual_batch_norm=...)`` and ``make_discriminator(minibatch_kernels=...)``
    build the networks; PacGAN's D is ``make_discriminator(minibatch_kernels=0, pack=2)`` in a
    ``PackedDiscriminator``. WGAN-GP uses Adam betas (0.5, 0.9) (the paper's Algorithm 1 has
    (0, 0.9), its 2-D toy code β1 = 0.5) and 2.5 × ``lr``, because its generator is updated on
    one batch in five.
    """
    if technique not in TECHNIQUES:
        raise ValueError(f"unknown technique {technique!r}; choose one of {TECHNIQUES}")
    generator = make_generator(virtual_batch_norm=technique == "virtual batch norm")
    if technique == "virtual batch norm":
        generator = ReferenceBatch(generator, torch.randn(128, generator.latent_dim))
    kernels = 5 if technique == "minibatch discrimination" else 0
    if technique == "PacGAN":
        discriminator = PackedDiscriminator(
            make_discriminator(minibatch_kernels=0, pack=PACK), PACK
        )
    else:
        discriminator = make_discriminator(minibatch_kernels=kernels)
    if technique == "WGAN-GP":
        wgan_lr, wgan_betas = 2.5 * lr, (0.5, 0.9)
        return WassersteinStep(
            generator,
            discriminator,
            adam(generator, wgan_lr, wgan_betas),
            adam(discriminator, wgan_lr, wgan_betas),
        )
    options = {
        "one-sided label smoothing": {"real_label": 0.9},
        "feature matching": {"feature_matching": True},
        "historical averaging": {"historical_averaging": 1e-5},
    }.get(technique, {})
    return AdversarialStep(
        generator,
        discriminator,
        adam(generator, lr, betas),
        adam(discriminator, lr, betas),
        **options,
    )


def mixture_run(
    technique: str,
    mixture: GaussianMixture,
    seed: int,
    *,
    epochs: int,
    batches_per_epoch: int = 100,
    batch_size: int = 256,
    samples: int = 2500,
    callbacks: Sequence[Callback] = (),
    progress: bool = False,
) -> tuple[dict[str, object], AdversarialStep]:
    """Train the ``technique``'s GAN on ``mixture`` from ``seed`` (on the CPU: networks this
    small are faster there) and measure ``samples`` fresh points with ``mode_coverage``.

    Returns the measures (with the technique, mixture, seed and the seconds of training as
    the history timed them, callbacks excluded) and the trained step."""
    seed_everything(seed)
    data = mixture.sample(batches_per_epoch * batch_size)
    step = technique_step(technique, MixtureGenerator, MixtureDiscriminator)
    history = train_gan(
        step,
        data,
        epochs=epochs,
        batch_size=batch_size,
        device="cpu",
        callbacks=callbacks,
        progress=progress,
    )
    points = step.sample(step.sample_latent(samples, "cpu"))
    measures = mode_coverage(points, mixture.centres, mixture.std)
    return {
        "mixture": mixture.name,
        "technique": technique,
        "seed": seed,
        **measures,
        "seconds": sum(history["seconds"]),
    }, step
