"""Benchmark: notebook 05's InfoGAN over several seeds. The notebook itself is executed in full
mode once per seed (its parameters cell gets ``SEED = <seed>`` appended, as papermill would inject
it), so what is measured is exactly the notebook's recipe and budget; each run's results file is
collected from a temporary folder. Prints the one-to-one code accuracy (the categorical code
matched to digits, see ``metrics.code_accuracy``) per seed, their median and spread, and writes
``results/infogan_seeds.json``.

    python benchmarks/infogan_seeds.py --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import statistics

from notebook_runs import runs_over_seeds

from ganhelpers.course.results import write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    runs = []
    for seed, record, seconds in runs_over_seeds("05_infogan", args.seeds):
        metrics = record["metrics"]
        runs.append(
            {
                "seed": seed,
                "code_accuracy": metrics["code_accuracy"],
                "fid": metrics["fid"],
                "classes_covered": metrics["classes_covered"],
                "train_seconds": record["train_seconds"],
                "epochs": record["epochs"],
            }
        )
        print(
            f"seed {seed}: code accuracy {metrics['code_accuracy']:.1%}, FID {metrics['fid']:.1f}, "
            f"{metrics['classes_covered']:.0f} classes, {record['train_seconds']:.0f} s of "
            f"training ({seconds:.0f} s for the whole notebook)"
        )
    accuracies = [run["code_accuracy"] for run in runs]
    median = statistics.median(accuracies)
    print(
        f"median code accuracy over {len(runs)} seeds: {median:.1%} "
        f"(min {min(accuracies):.1%}, max {max(accuracies):.1%}; target: median >= 85%)"
    )
    write_results(
        "infogan_seeds",
        data=record["data"]["name"],
        images=record["data"]["images"],
        seed=args.seeds[0],
        train_seconds=sum(run["train_seconds"] for run in runs),
        metrics={
            "code_accuracy_median": median,
            "code_accuracy_min": min(accuracies),
            "code_accuracy_max": max(accuracies),
        },
        device=record["environment"]["device"],
        seeds=args.seeds,
        runs=runs,
        recipe=record.get("recipe"),
    )


if __name__ == "__main__":
    main()
