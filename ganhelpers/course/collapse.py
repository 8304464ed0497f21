"""The mode-collapse benchmark of notebook 06: one GAN step per training technique, and runs on
a 2-D Gaussian mixture measured by modes covered and the share of high-quality samples."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from ..gan.layers import PackedDiscriminator, ReferenceBatch
from ..gan.models import MixtureDiscriminator, MixtureGenerator
from ..gan.step import AdversarialStep, adam
from ..gan.techniques import FeatureMatchingStep, HistoricalAveragingStep, LabelSmoothingStep
from ..gan.variants import WassersteinStep
from .arguments import checked_arguments
from .config import seed_everything
from .data import GaussianMixture
from .errors import ArgumentError
from .history import History
from .metrics import mode_coverage
from .training import Callback, train_gan

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


@checked_arguments
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
        raise ArgumentError(f"unknown technique {technique!r}; choose one of {TECHNIQUES}")
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
    step_class = {
        "one-sided label smoothing": LabelSmoothingStep,  # real_label 0.9
        "feature matching": FeatureMatchingStep,
        "historical averaging": HistoricalAveragingStep,  # weight 1e-5
    }.get(technique, AdversarialStep)
    return step_class(
        generator, discriminator, adam(generator, lr, betas), adam(discriminator, lr, betas)
    )


@dataclass
class MixtureRun:
    """One training run on a 2-D mixture: its ``measures`` (technique, mixture, seed,
    ``mode_coverage``'s figures, seconds of training), the trained ``step``, its ``history`` and
    the ``points`` that were measured."""

    measures: dict[str, object]
    step: AdversarialStep
    history: History
    points: Tensor


@checked_arguments
def mixture_run(
    technique: str,
    mixture: GaussianMixture,
    seed: int,
    *,
    epochs: int,
    batches_per_epoch: int = 100,
    batch_size: int = 256,
    lr: float = 2e-4,
    samples: int = 2500,
    callbacks: Sequence[Callback] = (),
    progress: bool = False,
) -> MixtureRun:
    """Train the ``technique``'s GAN on ``mixture`` from ``seed`` (on the CPU: networks this
    small are faster there), Adam at ``lr``, and measure ``samples`` fresh points with
    ``mode_coverage``. The seconds are those of training as the history timed them, callbacks
    excluded."""
    seed_everything(seed)
    data = mixture.sample(batches_per_epoch * batch_size)
    step = technique_step(technique, MixtureGenerator, MixtureDiscriminator, lr=lr)
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
    measures = {
        "mixture": mixture.name,
        "technique": technique,
        "seed": seed,
        **mode_coverage(points, mixture.centres, mixture.std),
        "seconds": sum(history["seconds"]),
    }
    return MixtureRun(measures, step, history, points)


def _run_alone(arguments: tuple[str, GaussianMixture, int, dict]) -> MixtureRun:
    """``mixture_run`` in a worker process, on one thread: the other workers use the other cores."""
    technique, mixture, seed, options = arguments
    torch.set_num_threads(1)
    return mixture_run(technique, mixture, seed, **options)


@checked_arguments
def compare_techniques(
    techniques: Sequence[str],
    mixture: GaussianMixture,
    seeds: Sequence[int],
    *,
    workers: int | None = None,
    **options: object,
) -> list[MixtureRun]:
    """``mixture_run`` for every technique and seed (``options`` go to each run), in the order
    seed by seed. The runs are independent, so ``workers`` processes (default: one per CPU core)
    train them side by side; each run is seeded, so the results do not depend on which process
    ran it. ``workers=1`` runs them one after the other in this process."""
    jobs = [(technique, mixture, seed, options) for seed in seeds for technique in techniques]
    if not jobs:
        raise ArgumentError(f"nothing to run: techniques {techniques} and seeds {seeds}")
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    bar = tqdm(total=len(jobs), desc=f"{mixture.name}: runs", unit="run")
    if workers == 1:
        results = []
        for job in jobs:
            results.append(mixture_run(*job[:3], **job[3]))
            bar.update()
    else:
        # "spawn": a forked child of a process that already ran OpenMP threads can hang.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_run_alone, job) for job in jobs]
            for future in as_completed(futures):
                future.result()
                bar.update()
            results = [future.result() for future in futures]
    bar.close()
    return results
