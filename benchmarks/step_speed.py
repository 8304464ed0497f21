"""Benchmark: how fast ganhelpers trains, against the loops a learner would otherwise write.

All rows run in this one process, side by side, on the same digits (the full MNIST when it is
cached, otherwise the 5,000-digit offline sample):

- **MLP, batch 32**: the seed tutorial's loop, verbatim (``seed_tutorial.py``: DataLoader of
  torchvision's MNIST, its models and optimizers) against ``train_gan`` with ``AdversarialStep``
  on the same architecture and algorithm (ReLU MLPs, dropout 0.3, Adam 1e-4, batch 32).
- **DCGAN, cGAN, InfoGAN**: notebooks 03–05's models, batch size and steps (PacGAN, and the EMA
  of G for the DCGAN and cGAN, on ganhelpers' side only: work the reference does not do) against
  a loop in the style of pytorch/examples ``dcgan/main.py`` on the same models: a DataLoader
  with per-image transforms, real and fake scored in separate passes, three backward passes,
  Adam without ``fused``. The InfoGAN row leaves out notebook 05's random affine augmentation
  and EMA on both sides, and draws the noise at the step's default scale: the same loss and
  networks, with nothing the reference loop lacks.

Each figure is the best of ``--repeats`` timed runs of ``--batches`` batches after a warm-up.
FLOPs per step are counted by ``torch.utils.flop_counter`` (matrix products and convolutions,
forward and backward); the machine's peak is measured here with a 2048² matmul (bfloat16 for
the ``bf16`` lever, which runs ganhelpers' steps with ``train_gan(precision="bf16")``; else
fp32). Writes ``results/step_speed.json`` (fast mode: under the output folder).

    python benchmarks/step_speed.py --batches 100 --repeats 3
    python benchmarks/step_speed.py --lever compile      # or channels-last, bf16, threads1

``--lever bound`` is not a lever but an upper bound: ganhelpers' step with the optimizers'
updates skipped and D's dropout off (it no longer trains; the weights stay as initialised). What
it costs is the forward and backward passes the algorithm needs, the losses and the Python
around them: no change that keeps Adam and dropout can beat it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torchvision
import torchvision.transforms as transforms
from seed_tutorial import SeedTutorial
from torch import Tensor, nn
from torch.utils.flop_counter import FlopCounterMode

from ganhelpers import (
    AdversarialStep,
    adam,
    mnist,
    seed_everything,
    train_gan,
    write_mnist_idx,
)
from ganhelpers.course.results import write_results
from ganhelpers.gan.layers import PackedDiscriminator
from ganhelpers.gan.models import (
    ConditionalDiscriminator,
    ConditionalGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    InfoGANDiscriminator,
    MLPDiscriminator,
    MLPGenerator,
)
from ganhelpers.gan.variants import ConditionalStep, InfoGANStep

LEVERS = ("none", "compile", "channels-last", "bf16", "threads1", "bound")


def peak_gflops(size: int = 2048, repeats: int = 5, dtype: torch.dtype = torch.float32) -> float:
    """Best GFLOP/s of a ``size``² matmul in ``dtype`` on this machine, measured now."""
    a, b = torch.randn(size, size, dtype=dtype), torch.randn(size, size, dtype=dtype)
    a @ b
    best = min(_seconds(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def flops_of(run: Callable[[], object]) -> int:
    """FLOPs (multiply and add counted apart) of the matrix products and convolutions ``run``
    executes, forward and backward."""
    counter = FlopCounterMode(display=False)
    with counter:
        run()
    return counter.get_total_flops()


# --- ganhelpers: the notebooks' steps --------------------------------------------------------


def mlp_step() -> AdversarialStep:
    """The seed tutorial's MLP GAN as ``ganhelpers`` builds it (notebook 02's seed recipe)."""
    generator, discriminator = MLPGenerator(), MLPDiscriminator()
    return AdversarialStep(
        generator, discriminator, adam(generator, 1e-4), adam(discriminator, 1e-4)
    )


def dcgan_step(refinements: int = 0) -> AdversarialStep:
    """Notebook 03's recipe: PacGAN (packs of 2), D without batch norm, G and D at 2e-3, EMA of G.
    As timed for the committed results: G without the refinement layers and standing statistics
    the notebook has used since (``refinements`` 0; the notebook's ``REFINEMENTS = 1``)."""
    generator = DCGANGenerator(100, 32, refinements=refinements)
    discriminator = PackedDiscriminator(
        DCGANDiscriminator(in_channels=2, width=32, batch_norm=False), pack=2
    )
    return AdversarialStep(
        generator,
        discriminator,
        adam(generator, 2e-3, betas=(0.5, 0.999)),
        adam(discriminator, 2e-3, betas=(0.5, 0.999)),
        generator_average=0.999,
    )


def cgan_step() -> AdversarialStep:
    """Notebook 04: label-conditioned G and D, G 1e-3 / D 2e-4, EMA of G."""
    generator = ConditionalGenerator(100, n_classes=10, width=32)
    discriminator = ConditionalDiscriminator(n_classes=10, width=32)
    return ConditionalStep(
        generator,
        discriminator,
        adam(generator, 1e-3, betas=(0.5, 0.999)),
        adam(discriminator, 2e-4, betas=(0.5, 0.999)),
        generator_average=0.999,
    )


def infogan_step() -> AdversarialStep:
    """Notebook 05's networks, rates and loss weights: 62 noise + Cat(10) + 2 U(−1, 1) codes, G and
    Q 2e-3 / D 2e-4, weights 2, 0.1 (without its augmentation and EMA: see the module's doc)."""
    generator = DCGANGenerator(latent_dim=62 + 10 + 2, width=32)
    discriminator = InfoGANDiscriminator(n_categories=10, n_continuous=2, width=32)
    return InfoGANStep(
        generator,
        discriminator,
        g_optimizer=adam(
            list(generator.parameters()) + list(discriminator.q_head.parameters()),
            2e-3,
            betas=(0.5, 0.999),
        ),
        d_optimizer=adam(discriminator.shared, 2e-4, betas=(0.5, 0.999)),
        noise_dim=62,
        categorical_weight=2.0,
        continuous_weight=0.1,
    )


# --- the standard loop (pytorch/examples dcgan/main.py style) ---------------------------------


class StandardLoop:
    """pytorch/examples' DCGAN loop on a step's models: D on real (backward), D on detached fakes
    (backward), D on fakes for G (backward through D's weights too), default Adam. The step is
    used only for its models, hyperparameters and how G and D take labels and codes."""

    def __init__(self, step: AdversarialStep, loader: torch.utils.data.DataLoader) -> None:
        self.step, self.loader = step, loader
        self.bce = nn.BCEWithLogitsLoss()

        def plain(optimizer: torch.optim.Optimizer) -> torch.optim.Adam:
            group = optimizer.param_groups[0]
            params = [p for g in optimizer.param_groups for p in g["params"]]
            return torch.optim.Adam(params, lr=group["lr"], betas=group["betas"])

        self.g_optimizer, self.d_optimizer = plain(step.g_optimizer), plain(step.d_optimizer)

    def _d(self, x: Tensor, labels: Tensor | None) -> tuple[Tensor, Tensor | None]:
        if isinstance(self.step, InfoGANStep):
            logits, category_logits, continuous = self.step.discriminator.with_codes(x)
            return logits, (category_logits, continuous)
        if isinstance(self.step, ConditionalStep):
            return self.step.discriminator(x, labels), None
        return self.step.discriminator(x), None

    def _g(self, z: Tensor, labels: Tensor | None) -> Tensor:
        if isinstance(self.step, ConditionalStep):
            return self.step.generator(z, labels)
        return self.step.generator(z)

    def _info(self, codes: tuple[Tensor, Tensor] | None, z: Tensor) -> Tensor | float:
        if codes is None:
            return 0.0
        _, category, continuous = self.step.split_latent(z)
        category_logits, predicted = codes
        return self.step.categorical_weight * nn.functional.cross_entropy(
            category_logits, category
        ) + self.step.continuous_weight * nn.functional.mse_loss(predicted, continuous)

    def iteration(self, real: Tensor, labels: Tensor | None) -> None:
        generator, discriminator = self.step.generator, self.step.discriminator
        discriminator.zero_grad()
        out, _ = self._d(real, labels)
        error_real = self.bce(out, torch.ones_like(out))
        error_real.backward()
        z = self.step.sample_latent(len(real), real.device)
        fake = self._g(z, labels)
        out, codes = self._d(fake.detach(), labels)
        error_fake = self.bce(out, torch.zeros_like(out)) + self._info(codes, z)
        error_fake.backward()
        self.d_optimizer.step()
        generator.zero_grad()
        out, codes = self._d(fake, labels)
        error_g = self.bce(out, torch.ones_like(out)) + self._info(codes, z)
        error_g.backward()
        self.g_optimizer.step()

    def run(self, batches: int) -> float:
        """Seconds for ``batches`` iterations, reading batches from the DataLoader."""
        self.step.train()
        started = time.perf_counter()
        for n, (real, labels) in enumerate(self.loader):
            if n == batches:
                break
            self.iteration(real, labels)
        return time.perf_counter() - started


def mnist_loader(root: str, batch_size: int) -> torch.utils.data.DataLoader:
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    dataset = torchvision.datasets.MNIST(root, train=True, download=False, transform=transform)
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True, drop_last=True)


# --- timing ------------------------------------------------------------------------------------


def time_ours(
    step: AdversarialStep, digits, batch_size: int, batches: int, repeats: int, precision: str
) -> float:
    """Best seconds for ``batches`` batches of ``train_gan`` (one epoch over exactly that many)."""
    data = digits.subset(batches * batch_size)
    labelled = (data.images, data.labels)
    options = {"batch_size": batch_size, "precision": precision, "progress": False}
    train_gan(step, digits.subset(10 * batch_size), epochs=1, **options)
    return min(
        _seconds(lambda: train_gan(step, labelled, epochs=1, **options)) for _ in range(repeats)
    )


def apply_lever(lever: str, step: AdversarialStep) -> str:
    """Change ``step`` for ``lever``; returns the ``train_gan`` precision the timed run uses."""
    if lever == "compile":
        step.generator = torch.compile(step.generator, dynamic=False)
        step.discriminator = torch.compile(step.discriminator, dynamic=False)
    elif lever == "channels-last":
        step.generator.to(memory_format=torch.channels_last)
        step.discriminator.to(memory_format=torch.channels_last)
    elif lever == "threads1":
        torch.set_num_threads(1)
    elif lever == "bound":  # not a training step: what is left when updates and dropout are free
        for optimizer in (step.g_optimizer, step.d_optimizer):
            optimizer.step = lambda: None
        for module in step.discriminator.modules():
            if isinstance(module, nn.Dropout):
                module.p = 0.0
    return "bf16" if lever == "bf16" else "fp32"


ROWS = {
    "MLP (seed), batch 32": (mlp_step, 32),
    "DCGAN (notebook 03), batch 64": (dcgan_step, 64),
    "cGAN (notebook 04), batch 64": (cgan_step, 64),
    "InfoGAN (notebook 05), batch 64": (infogan_step, 64),
}


def measure_row(name: str, root: str, digits, args: argparse.Namespace, peak: float) -> dict:
    """Time one row, reference loop first, and print it."""
    build, batch_size = ROWS[name]
    threads = torch.get_num_threads()
    seed_everything(0)
    if name.startswith("MLP"):
        seed = SeedTutorial(Path(root), batch_size, torch.device("cpu"))
        seed.run(10)
        reference = min(seed.run(args.batches) for _ in range(args.repeats))
        reference_flops = flops_of(lambda: seed.run(1))
    else:
        loop = StandardLoop(build(), mnist_loader(root, batch_size))
        loop.run(10)
        reference = min(loop.run(args.batches) for _ in range(args.repeats))
        real, labels = next(iter(loop.loader))
        reference_flops = flops_of(lambda: loop.iteration(real, labels))
    step = build()
    precision = apply_lever(args.lever, step)
    ours = time_ours(step, digits, batch_size, args.batches, args.repeats, precision)
    batch = digits.subset(batch_size)
    with torch.autocast("cpu", torch.bfloat16, enabled=precision == "bf16"):
        ours_flops = flops_of(lambda: step(batch.images, batch.labels))
    torch.set_num_threads(threads)
    ours_ms, reference_ms = (1000 * s / args.batches for s in (ours, reference))
    row = {
        "row": name,
        "reference_ms": round(reference_ms, 2),
        "ganhelpers_ms": round(ours_ms, 2),
        "speedup": round(reference_ms / ours_ms, 2),
        "ganhelpers_gflop_per_step": round(ours_flops / 1e9, 3),
        "reference_gflop_per_step": round(reference_flops / 1e9, 3),
        "ganhelpers_percent_of_peak": round(100 * ours_flops / ours_ms / 1e6 / peak, 1),
    }
    print(
        f"{name:<32} reference {reference_ms:6.2f} ms  ganhelpers {ours_ms:6.2f} ms  "
        f"speed-up {row['speedup']:.2f}x  ({ours_flops / 1e9:.3f} GFLOP/step vs "
        f"{reference_flops / 1e9:.3f}; {row['ganhelpers_percent_of_peak']:.0f}% of peak)",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each; best kept")
    parser.add_argument("--rows", nargs="*", choices=["mlp", "dcgan", "cgan", "infogan"])
    parser.add_argument(
        "--lever", choices=LEVERS, default="none", help="applied to ganhelpers' side only"
    )
    args = parser.parse_args()
    seed_everything(0)
    digits = mnist()
    peak_dtype = torch.bfloat16 if args.lever == "bf16" else torch.float32
    peak_dtype_name = str(peak_dtype).removeprefix("torch.")
    peak = peak_gflops(dtype=peak_dtype)
    print(
        f"data: {digits.source}; torch {torch.__version__}, {torch.get_num_threads()} threads; "
        f"lever: {args.lever}; measured {peak_dtype_name} matmul peak {peak:.0f} GFLOP/s; "
        f"{args.batches} batches, best of {args.repeats}"
    )
    selected = [name for name in ROWS if not args.rows or name.split()[0].lower() in args.rows]
    with tempfile.TemporaryDirectory() as root:
        write_mnist_idx(root, digits)
        rows = [measure_row(name, root, digits, args, peak) for name in selected]
    path = write_results(
        "step_speed" if args.lever == "none" else f"step_speed_{args.lever}",
        data=digits.source,
        images=len(digits),
        seed=0,
        train_seconds=0.0,
        metrics={"rows": rows, "peak_gflops": round(peak, 1), "peak_dtype": peak_dtype_name},
        device="cpu",
        batches=args.batches,
        repeats=args.repeats,
        lever=args.lever,
    )
    print(f"written: {path}")


if __name__ == "__main__":
    main()
