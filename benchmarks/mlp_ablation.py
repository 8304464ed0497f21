"""Benchmark: notebook 02's ablation, from the seed tutorial's MLP GAN recipe to the improved one,
one change at a time (``ganhelpers.recipes.ABLATION``). Each row trains for the same wall-clock
budget on the same digits from the same seed; its *final* generator is measured with the
committed classifier (FID beside the real-vs-real floor, classes covered, classifier score).
Writes ``results/mlp_ablation.json`` (fast mode: under the output folder) and prints the table.

    python benchmarks/mlp_ablation.py --seconds 280
"""

from __future__ import annotations

import argparse

from ganhelpers import mnist, seed_everything, select_device, train_gan
from ganhelpers.course.quality import DigitQuality
from ganhelpers.course.recipes import ABLATION
from ganhelpers.course.results import write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=280.0, help="training budget per row")
    parser.add_argument("--seed", type=int, default=111)
    args = parser.parse_args()
    device = select_device()
    digits = mnist().to(device)
    quality = DigitQuality(digits)
    floor = quality.real_floor()
    print(f"data: {digits.source}; device {device}; real-vs-real FID floor {floor:.1f}")
    rows = []
    for recipe in ABLATION:
        seed_everything(args.seed)
        step = recipe.build(device)
        history = train_gan(
            step,
            digits,
            epochs=100_000,
            batch_size=recipe.batch_size,
            time_budget=args.seconds,
            progress=False,
        )
        seconds = sum(history["seconds"])
        updates = len(history) * (len(digits) // recipe.batch_size)
        row = {"recipe": recipe.name, "seconds": round(seconds, 1), "updates": updates}
        row.update({key: round(value, 3) for key, value in quality(step).items()})
        rows.append(row)
        print(
            f"{recipe.name:<48} {seconds:5.0f} s {updates:6d} updates  FID {row['fid']:7.1f}  "
            f"classes {row['classes_covered']:.0f}  score {row['classifier_score']:.2f}",
            flush=True,
        )
    path = write_results(
        "mlp_ablation",
        data=digits.source,
        images=len(digits),
        seed=args.seed,
        train_seconds=sum(row["seconds"] for row in rows),
        metrics={"fid_floor": round(floor, 2), "rows": rows},
        device=device,
        seconds_per_row=args.seconds,
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
