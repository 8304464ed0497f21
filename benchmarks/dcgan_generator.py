"""Benchmark: what notebook 03's two generator changes buy, at equal CPU time.

Notebook 03's recipe (``step_speed.dcgan_step``: PacGAN D without batch norm, G and D at 2e-3, an
EMA of G, batch 64) trains from one seed for the same training seconds with the paper's
generator (``refinements=0``) and with one 3×3 convolution at 7×7 and at 14×14
(``refinements=1``, the notebook's). At the end the weight average is measured twice, from the
same weights: with the batch-norm statistics copied from the
live G after every update (the common shortcut) and with standing statistics recomputed for its
own weights (``GeneratorAverage.refresh_statistics``; they take no part in training, so one run
gives both). Writes ``results/dcgan_generator.json`` (fast mode: under the output folder).

    python benchmarks/dcgan_generator.py --seconds 270
"""

from __future__ import annotations

import argparse
import copy

from step_speed import dcgan_step

from ganhelpers import AdversarialStep, mnist, seed_everything, train_gan
from ganhelpers.course.quality import DigitQuality
from ganhelpers.course.results import write_results


def measure_both(step: AdversarialStep, quality: DigitQuality) -> dict[str, float]:
    """FID, classes and score of ``step``'s weight average with copied and with standing
    statistics (the latter on a copy: the run itself keeps copying)."""
    standing = copy.copy(step)
    standing.average = copy.deepcopy(step.average, {id(step.generator): step.generator})
    standing.average.standing_statistics = True
    copied, recomputed = quality(step), quality(standing)
    return {
        **{f"copied_{key}": round(value, 3) for key, value in copied.items()},
        **{f"standing_{key}": round(value, 3) for key, value in recomputed.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=270.0, help="training time per run")
    parser.add_argument("--seed", type=int, default=111)
    args = parser.parse_args()
    digits = mnist()
    quality = DigitQuality(digits)
    floor = quality.real_floor()
    print(f"data: {digits.source}; CPU; {args.seconds:.0f} s per run; FID floor {floor:.1f}")
    runs = []
    for refinements in (0, 1):
        seed_everything(args.seed)
        step = dcgan_step(refinements)
        history = train_gan(
            step, digits, epochs=10_000, batch_size=64, time_budget=args.seconds, progress=False
        )
        seconds = round(sum(history["seconds"]), 1)
        final = {"epoch": len(history), "seconds": seconds, **measure_both(step, quality)}
        runs.append({"refinements": refinements, "final": final})
        print(
            f"refinements={refinements}: {len(history)} epochs in {seconds:.0f} s; FID "
            f"{final['copied_fid']:.1f} with copied statistics, {final['standing_fid']:.1f} with "
            f"standing statistics (classes {final['standing_classes_covered']:.0f}, score "
            f"{final['standing_classifier_score']:.2f})",
            flush=True,
        )
    path = write_results(
        "dcgan_generator",
        data=digits.source,
        images=len(digits),
        seed=args.seed,
        train_seconds=sum(run["final"]["seconds"] for run in runs),
        metrics={"fid_floor": round(floor, 3), "runs": runs},
        device="cpu",
        seconds_per_run=args.seconds,
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
