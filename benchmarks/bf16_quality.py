"""Benchmark: does bfloat16 autocast (``train_gan(..., precision="bf16")``) keep the quality of
notebook 02's and notebook 03's recipes? Each recipe trains from the same seed for the same number
of epochs (so the same updates) once in float32 and once under bfloat16 autocast, on the same
digits; the final generators are measured with the committed classifier (FID beside the
real-vs-real floor, classes covered, classifier score). The speed-up is the ratio of training
seconds. Writes ``results/bf16_quality.json`` (fast mode: under the output folder).

    python benchmarks/bf16_quality.py --epochs 60
"""

from __future__ import annotations

import argparse
import json
import sys

from step_speed import dcgan_step

from ganhelpers import mnist, seed_everything, train_gan
from ganhelpers.course.quality import DigitQuality
from ganhelpers.course.recipes import IMPROVED_RECIPE
from ganhelpers.course.results import REPOSITORY, write_results

sys.path.insert(0, str(REPOSITORY))  # the README's sentence lives with the maintainers' tools
from tools.readme_sentences import bf16_quality_sentence  # noqa: E402

RECIPES = {
    "02 MLP GAN (improved recipe)": IMPROVED_RECIPE.build,
    "03 DCGAN (PacGAN, EMA)": dcgan_step,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=60, help="epochs per run (batch 64)")
    parser.add_argument("--seed", type=int, default=111)
    args = parser.parse_args()
    digits = mnist()
    quality = DigitQuality(digits)
    floor = quality.real_floor()
    print(f"data: {digits.source}; CPU; real-vs-real FID floor {floor:.1f}; {args.epochs} epochs")
    rows = []
    for recipe, build in RECIPES.items():
        for precision in ("fp32", "bf16"):
            seed_everything(args.seed)
            step = build()
            history = train_gan(
                step, digits, epochs=args.epochs, batch_size=64, precision=precision, progress=False
            )
            row = {
                "recipe": recipe,
                "precision": precision,
                "seconds": round(sum(history["seconds"]), 1),
                "updates": args.epochs * (len(digits) // 64),
                **{key: round(value, 3) for key, value in quality(step).items()},
            }
            rows.append(row)
            print(
                f"{recipe:<30} {precision}  {row['seconds']:6.1f} s  FID {row['fid']:6.1f}  "
                f"classes {row['classes_covered']:.0f}  score {row['classifier_score']:.2f}",
                flush=True,
            )
    path = write_results(
        "bf16_quality",
        data=digits.source,
        images=len(digits),
        seed=args.seed,
        train_seconds=sum(row["seconds"] for row in rows),
        metrics={"fid_floor": round(floor, 2), "rows": rows},
        device="cpu",
        epochs=args.epochs,
    )
    print(bf16_quality_sentence(json.loads(path.read_text())))  # as the README will say it
    print(f"written: {path}")


if __name__ == "__main__":
    main()
