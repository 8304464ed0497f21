"""Benchmark: notebook 09's semi-supervised GAN over several draws of the labelled digits. The
recipe and budget are read from the notebook's parameters cell (so they cannot drift apart) and
run with ``gh.semi_supervised_run``, once per seed (the seed draws the labels and initialises
the networks). Prints the test accuracy of the GAN's classifier and of the baseline (the same
network on the labelled digits alone, same updates) per draw, their mean and spread, and writes
``results/semi_supervised_seeds.json``.

    python benchmarks/semi_supervised_seeds.py --seeds 0 1 2
"""

from __future__ import annotations

import argparse
import os
import statistics

import nbformat

import ganhelpers as gh
from ganhelpers.course.results import REPOSITORY

NOTEBOOK = REPOSITORY / "notebooks" / "09_semi_supervised_gan.ipynb"


def notebook_parameters() -> dict[str, object]:
    """The literals of notebook 09's parameters cell (its full-mode values)."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters: dict[str, object] = {}
    exec(cell.source, {}, parameters)  # plain literals only (checked by the notebook tests)
    return parameters


def spread(values: list[float]) -> str:
    deviation = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.1%} ± {deviation:.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    os.environ["GANHELPERS_FAST"] = "0"  # full-mode figures go to the committed results/
    p = notebook_parameters()
    digits = gh.mnist()
    runs = []
    for seed in args.seeds:
        run = gh.semi_supervised_run(
            digits,
            labels_per_class=p["LABELS_PER_CLASS"],
            time_budget=p["TIME_BUDGET"],
            seed=seed,
            lr=p["LEARNING_RATE"],
            batch_size=p["BATCH_SIZE"],
            progress=False,
        )
        seconds = sum(run.history["seconds"])
        runs.append(
            {
                "seed": seed,
                "test_accuracy": run.test_accuracy,
                "baseline_accuracy": run.baseline_accuracy,
                "updates": run.updates,
                "train_seconds": seconds,
            }
        )
        print(
            f"labels drawn with seed {seed}: GAN {run.test_accuracy:.1%}, baseline "
            f"{run.baseline_accuracy:.1%} ({run.updates:,} updates, {seconds:.0f} s)"
        )
    gan = [r["test_accuracy"] for r in runs]
    baseline = [r["baseline_accuracy"] for r in runs]
    print(
        f"over {len(runs)} draws of {run.labels} labels: GAN {spread(gan)}, "
        f"baseline {spread(baseline)} (mean ± standard deviation; target: >= 95%)"
    )
    gh.write_results(
        "semi_supervised_seeds",
        data=digits.source,
        images=len(digits),
        seed=args.seeds[0],
        train_seconds=sum(r["train_seconds"] for r in runs),
        metrics={
            "test_accuracy_mean": statistics.mean(gan),
            "test_accuracy_std": statistics.stdev(gan) if len(gan) > 1 else 0.0,
            "baseline_accuracy_mean": statistics.mean(baseline),
            "baseline_accuracy_std": statistics.stdev(baseline) if len(baseline) > 1 else 0.0,
            "labels": run.labels,
        },
        device="cpu",
        seeds=args.seeds,
        runs=runs,
        parameters=p,
    )


if __name__ == "__main__":
    main()
