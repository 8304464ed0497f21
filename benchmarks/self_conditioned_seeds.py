"""Benchmark: notebook 03's self-conditioned DCGAN over several seeds. The notebook itself is
executed in full mode once per seed (``SEED = <seed>`` appended to its parameters cell), so the
self-conditioned model is exactly the notebook's recipe and budget. The notebook trains its PacGAN
DCGAN first; to save time that one gets only ``EPOCHS = 5`` here (the self-conditioned model is
built and seeded afresh after it, so this does not change it) and the notebook stops before its
checks, which are about the first model too. Prints FID, classes and score per seed and their
medians against notebook 03's targets, and writes ``results/self_conditioned_seeds.json``.

    python benchmarks/self_conditioned_seeds.py --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import statistics

from notebook_runs import runs_over_seeds

from ganhelpers.course.results import write_results

METRICS = ("fid", "classes_covered", "classifier_score")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    runs = []
    seeds = runs_over_seeds("03_dcgan", args.seeds, "EPOCHS = 5", until="## Checks")
    for seed, record, seconds in seeds:
        runs.append(
            {
                "seed": seed,
                **{name: record["metrics"][name] for name in METRICS},
                "mlp_fid_same_time": record["mlp_fid_same_time"],
                "train_seconds": record["train_seconds"],
                "epochs": record["epochs"],
            }
        )
        print(
            f"seed {seed}: FID {runs[-1]['fid']:.1f}, {runs[-1]['classes_covered']:.0f} classes, "
            f"score {runs[-1]['classifier_score']:.2f}, {record['train_seconds']:.0f} s of "
            f"training ({seconds:.0f} s for the notebook)"
        )
    medians = {name: statistics.median(run[name] for run in runs) for name in METRICS}
    print(
        f"medians over {len(runs)} seeds: FID {medians['fid']:.1f} (target <= 20, and below the "
        f"MLP GAN's {runs[-1]['mlp_fid_same_time']:.1f}), "
        f"classes {medians['classes_covered']:.0f}, "
        f"score {medians['classifier_score']:.2f} (target >= 8.5)"
    )
    write_results(
        "self_conditioned_seeds",
        data=record["data"]["name"],
        images=record["data"]["images"],
        seed=args.seeds[0],
        train_seconds=sum(run["train_seconds"] for run in runs),
        metrics={f"{name}_median": value for name, value in medians.items()},
        device=record["environment"]["device"],
        seeds=args.seeds,
        runs=runs,
        recipe=record.get("recipe"),
    )


if __name__ == "__main__":
    main()
