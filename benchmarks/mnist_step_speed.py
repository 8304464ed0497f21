"""Benchmark: the seed tutorial's MNIST training loop, verbatim, against ganhelpers' trainer.

Both run in this process, on the same digits (the full MNIST when it is cached or downloadable,
otherwise the 5,000-digit offline sample), with the same models, batch size and number of batches.
The seed loop reads torchvision's MNIST dataset through a DataLoader, as the tutorial does. Prints
ms per batch for each and the ratio.

    python benchmarks/mnist_step_speed.py --batches 150 --batch-size 32
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch
from seed_tutorial import SeedTutorial

from ganhelpers import AdversarialStep, adam, mnist, seed_everything, train_gan, write_mnist_idx
from ganhelpers.models import MLPDiscriminator, MLPGenerator


def ganhelpers_loop(digits, batch_size: int, batches: int, device: torch.device) -> float:
    """ganhelpers' trainer, one epoch over exactly ``batches`` batches; returns seconds."""
    data = digits.subset(batches * batch_size).to(device)
    generator, discriminator = MLPGenerator().to(device), MLPDiscriminator().to(device)
    step = AdversarialStep(
        generator, discriminator, adam(generator, 1e-4), adam(discriminator, 1e-4)
    )
    started = time.perf_counter()
    train_gan(step, data, epochs=1, batch_size=batch_size, progress=False)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=150)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each; the best is kept")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    device = torch.device(args.device)
    seed_everything(0)
    digits = mnist()
    if args.batches * args.batch_size > len(digits):
        parser.error(
            f"{args.batches} batches of {args.batch_size} need more than {len(digits)} digits"
        )
    print(
        f"data: {digits.source}; device: {device}; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads; {args.batches} batches of {args.batch_size}"
    )
    with tempfile.TemporaryDirectory() as root:
        write_mnist_idx(root, digits)
        SeedTutorial(Path(root), args.batch_size, device).run(10)  # warm-up
        seed = min(
            SeedTutorial(Path(root), args.batch_size, device).run(args.batches)
            for _ in range(args.repeats)
        )
    ganhelpers_loop(digits, args.batch_size, 10, device)  # warm-up
    ours = min(
        ganhelpers_loop(digits, args.batch_size, args.batches, device) for _ in range(args.repeats)
    )
    seed_ms, ours_ms = 1000 * seed / args.batches, 1000 * ours / args.batches
    for name, ms in [("seed loop", seed_ms), ("ganhelpers loop", ours_ms)]:
        epoch_s = ms * 60_000 / args.batch_size / 1000
        print(f"{name + ':':18} {ms:7.2f} ms/batch  ({epoch_s:6.1f} s per 60k-image epoch)")
    print(f"speed-up:          {seed_ms / ours_ms:.2f}x")


if __name__ == "__main__":
    main()
