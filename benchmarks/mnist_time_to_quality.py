"""Benchmark: how soon does each loop reach the same image quality?

In one process, on the same digits (the full MNIST when available, else the offline sample, cut to
a multiple of the batch size so the seed's loop never meets a short batch), with the same models:
1. the seed tutorial's loop, verbatim, trains for ``--epochs`` epochs; its generator's FID (MNIST
   classifier features, ganhelpers.quality) after the last epoch is the target;
2. ganhelpers' trainer trains epoch by epoch until its FID reaches that target, or ``--epochs``.
Training time excludes the measurements. Prints both times and the ratio.

    python benchmarks/mnist_time_to_quality.py --epochs 50
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import torch
from seed_tutorial import SeedTutorial

from ganhelpers import (
    AdversarialStep,
    MetricLogger,
    adam,
    mnist,
    seed_everything,
    train_gan,
    write_mnist_idx,
)
from ganhelpers.models import MLPDiscriminator, MLPGenerator
from ganhelpers.quality import DigitQuality


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=111)
    args = parser.parse_args()
    device = torch.device("cpu")
    seed_everything(args.seed)
    digits = mnist()
    digits = digits.subset(len(digits) // args.batch_size * args.batch_size, seed=args.seed)
    quality = DigitQuality(digits)
    print(f"data: {digits.source}; real-vs-real FID floor {quality.real_floor():.1f}")

    with tempfile.TemporaryDirectory() as root:
        write_mnist_idx(root, digits)
        seed = SeedTutorial(Path(root), args.batch_size, device)
        seed_step = AdversarialStep(seed.generator, seed.discriminator, None, None)
        seed_seconds = 0.0
        for epoch in range(1, args.epochs + 1):
            seed_seconds += seed.run()
            if epoch % 10 == 0 or epoch == args.epochs:
                fid = quality(seed_step)["fid"]
                print(f"seed loop, epoch {epoch:3d}: FID {fid:7.1f}, {seed_seconds:6.0f} s")
    target = fid

    seed_everything(args.seed)
    generator, discriminator = MLPGenerator(), MLPDiscriminator()
    step = AdversarialStep(
        generator, discriminator, adam(generator, 1e-4), adam(discriminator, 1e-4)
    )
    history = None
    for epoch in range(1, args.epochs + 1):
        history = train_gan(
            step, digits, epochs=epoch, batch_size=args.batch_size, history=history,
            callbacks=[MetricLogger(quality)], progress=False,
        )  # fmt: skip
        if history.last("fid") <= target:
            break
    ours_seconds = sum(history["seconds"])
    reached = history.last("fid") <= target
    outcome = "reached" if reached else "did not reach"
    print(
        f"ganhelpers, epoch {len(history):3d}: FID {history.last('fid'):7.1f}, "
        f"{ours_seconds:6.0f} s ({outcome} the seed's {target:.1f})"
    )
    if reached:
        print(
            f"time to the seed's final quality: {seed_seconds:.0f} s vs {ours_seconds:.0f} s, "
            f"{seed_seconds / ours_seconds:.2f}x sooner"
        )


if __name__ == "__main__":
    main()
