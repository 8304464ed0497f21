"""Benchmark: how much FID moves between sample sets of one trained generator. Notebook 02's
full-mode checkpoint (``outputs/02_mlp_gan.pt``, written by ``make run`` or by running notebook 02
in full mode) is measured as the notebooks measure it (``DigitQuality``: the committed classifier's
features, 2,000 reference digits) on ``--sets`` independent latent batches of 1,000 samples, and of
500 (FID is biased upwards at small sample sizes, Chong & Forsyth 2020). Prints mean, standard
deviation and range per size, and writes ``results/fid_sample_spread.json``.

    python benchmarks/fid_sample_spread.py --sets 10
"""

from __future__ import annotations

import argparse
import statistics
import time

import ganhelpers as gh
from ganhelpers.course.results import write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=10)
    parser.add_argument("--checkpoint", default=str(gh.output_dir() / "02_mlp_gan.pt"))
    args = parser.parse_args()
    digits = gh.mnist()
    step = gh.IMPROVED_RECIPE.build("cpu")
    gh.load_checkpoint(args.checkpoint, step)
    started = time.perf_counter()
    sizes = {}
    for samples in (1000, 500):
        fids = [
            gh.DigitQuality(digits, samples=samples, seed=seed)(step)["fid"]
            for seed in range(args.sets)
        ]
        sizes[str(samples)] = {
            "mean": statistics.mean(fids),
            "std": statistics.stdev(fids),
            "min": min(fids),
            "max": max(fids),
            "fids": [round(fid, 3) for fid in fids],
        }
        print(
            f"{samples} samples, {args.sets} sets: FID {statistics.mean(fids):.2f} ± "
            f"{statistics.stdev(fids):.2f} (range {min(fids):.2f}-{max(fids):.2f})"
        )
    write_results(
        "fid_sample_spread",
        data=digits.source,
        images=len(digits),
        seed=0,
        train_seconds=0.0,
        metrics={"fid_1000_std": sizes["1000"]["std"], "fid_1000_mean": sizes["1000"]["mean"]},
        device="cpu",
        checkpoint="notebook 02's full-mode run (outputs/02_mlp_gan.pt)",
        sets=args.sets,
        sizes=sizes,
        measure_seconds=round(time.perf_counter() - started, 1),
    )


if __name__ == "__main__":
    main()
