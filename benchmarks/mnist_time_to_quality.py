"""Benchmark: how long until each loop first reaches notebook 02's quality targets?

In one process, on the same digits (the full MNIST when available, else the offline sample, cut to
a multiple of both batch sizes so the seed's loop never meets a short batch):
1. the seed tutorial's loop, verbatim (its recipe: ReLU MLPs, Adam 1e-4, batch 32), trains until
   its generator meets the targets or its training time passes ``--cap`` minutes;
2. notebook 02's improved recipe (``ganhelpers.recipes.IMPROVED_RECIPE`` with ``train_gan``)
   trains until it meets the targets or passes the same cap.
The targets are notebook 02's: FID ≤ 30 (MNIST-classifier features), 10 classes covered and a
classifier score ≥ 8.0, checked after every epoch; training time excludes the measurements.
Prints both times; writes ``results/mnist_time_to_quality.json``.

    python benchmarks/mnist_time_to_quality.py --cap 15
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import torch
from seed_tutorial import SeedTutorial

from ganhelpers import AdversarialStep, mnist, seed_everything, train_gan, write_mnist_idx
from ganhelpers.quality import DigitQuality
from ganhelpers.recipes import IMPROVED_RECIPE, SEED_RECIPE
from ganhelpers.results import write_results


def meets_targets(measured: dict[str, float]) -> bool:
    """Notebook 02's targets."""
    return (
        measured["fid"] <= 30
        and measured["classes_covered"] >= 10
        and measured["classifier_score"] >= 8.0
    )


def seed_loop(digits, quality: DigitQuality, cap: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as root:
        write_mnist_idx(root, digits)
        seed = SeedTutorial(Path(root), SEED_RECIPE.batch_size, torch.device("cpu"))
        step = AdversarialStep(seed.generator, seed.discriminator, None, None)
        seconds, epoch = 0.0, 0
        while seconds < cap:
            epoch += 1
            seconds += seed.run()
            measured = quality(step)
            print(f"seed loop, epoch {epoch:3d}, {seconds:5.0f} s: FID {measured['fid']:7.1f}")
            if meets_targets(measured):
                return {"reached": True, "seconds": seconds, "epochs": epoch, **measured}
    return {"reached": False, "seconds": seconds, "epochs": epoch, **measured}


def improved_recipe(digits, quality: DigitQuality, cap: float) -> dict[str, object]:
    step = IMPROVED_RECIPE.build()
    history, measured = None, {}
    while history is None or sum(history["seconds"]) < cap:
        epochs = len(history) + 1 if history is not None else 1
        history = train_gan(
            step, digits, epochs=epochs, batch_size=IMPROVED_RECIPE.batch_size,
            history=history, progress=False,
        )  # fmt: skip
        measured = quality(step)
        seconds = sum(history["seconds"])
        print(f"improved, epoch {epochs:3d}, {seconds:5.0f} s: FID {measured['fid']:7.1f}")
        if meets_targets(measured):
            return {"reached": True, "seconds": seconds, "epochs": epochs, **measured}
    return {
        "reached": False,
        "seconds": sum(history["seconds"]),
        "epochs": len(history),
        **measured,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=15.0, help="minutes of training per loop")
    parser.add_argument("--seed", type=int, default=111)
    args = parser.parse_args()
    seed_everything(args.seed)
    digits = mnist()
    digits = digits.subset(len(digits) // 64 * 64, seed=args.seed)
    quality = DigitQuality(digits)
    print(f"data: {digits.source}; real-vs-real FID floor {quality.real_floor():.1f}")
    seed_everything(args.seed)
    seed = seed_loop(digits, quality, args.cap * 60)
    seed_everything(args.seed)
    ours = improved_recipe(digits, quality, args.cap * 60)
    for name, run in (("seed tutorial", seed), ("notebook 02 recipe", ours)):
        outcome = (
            f"reached the targets after {run['seconds']:.0f} s ({run['epochs']} epochs)"
            if run["reached"]
            else f"not reached in {args.cap:g} min (final FID {run['fid']:.1f})"
        )
        print(f"{name}: {outcome}")
    write_results(
        "mnist_time_to_quality",
        data=digits.source,
        images=len(digits),
        seed=args.seed,
        train_seconds=seed["seconds"] + ours["seconds"],
        metrics={"seed_tutorial": seed, "improved_recipe": ours},
        device="cpu",
        cap_minutes=args.cap,
        targets={"fid": "<= 30", "classes_covered": ">= 10", "classifier_score": ">= 8.0"},
    )


if __name__ == "__main__":
    main()
