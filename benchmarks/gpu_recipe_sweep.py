"""Benchmark: recipe variants of notebooks 03 (DCGAN) and 05 (InfoGAN), searched on a CUDA GPU at
the number of updates each notebook affords on 2 CPU cores (issue #12).

On 2 CPU cores one scratch run of a recipe costs minutes; on a GPU, with the whole step captured in
a CUDA graph (``gpu_epoch.GraphedEpochs``), the same updates take seconds. So this script trains
each variant from several seeds for the notebook's full-mode updates (plus the graph's 3 warm-up
updates) on the same digits
(the offline 5,000-digit sample, batch 64: 78 updates per epoch) and scores it the notebook's way:
the weight-averaged G's FID against the committed classifier (1,000 samples, 2,000 reference
digits) and, for InfoGAN, the one-to-one code accuracy of 10,000 samples. Variants that change a
network's cost per step get the updates that the same CPU time buys: the second number of each
entry below, the variant's CPU time per update relative to the recipe's (timed with ``train_gan``
on the 2-core machine, 60 batches, best of 3, two runs: pack 4 0.74–0.79, translation by 1 px
1.07–1.34, D batch norm 0.90–0.98; rounded to 0.8, 1.15 and 1.0).

GPU arithmetic and random streams differ from the CPU's: a variant that wins here is a lead,
confirmed only by a full-mode run of the notebook on the CPU. cuDNN's TF32 is switched off so
convolutions stay in float32 as on the CPU. Writes ``results/gpu_recipe_sweep.json``.

    python benchmarks/gpu_recipe_sweep.py --seeds 0 1
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from gpu_epoch import GraphedEpochs

from ganhelpers import (
    AdversarialStep,
    DCGANDiscriminator,
    DCGANGenerator,
    DigitQuality,
    Digits,
    InfoGANDiscriminator,
    RandomAffine,
    RandomTranslation,
    adam,
    classified_codes,
    code_accuracy,
    load_classifier,
    mnist,
    seed_everything,
)
from ganhelpers.course.classifier import DigitClassifier
from ganhelpers.course.results import write_results
from ganhelpers.gan.layers import PackedDiscriminator
from ganhelpers.gan.variants import InfoGANStep

BATCHES_PER_EPOCH = 78  # 5,000 digits, batch 64
DCGAN_EPOCHS = 140  # notebook 03's full mode before its refinement layers
INFOGAN_EPOCHS = 68  # notebook 05's full mode

# name → (options, CPU cost per update relative to the notebook's recipe)
DCGAN_VARIANTS: dict[str, tuple[dict, float]] = {
    "recipe (notebook 03)": ({}, 1.0),
    "lr decay to 0 over the last 30%": ({"decay": 0.3}, 1.0),
    "EMA 0.9995": ({"average": 0.9995}, 1.0),
    "EMA 0.9999": ({"average": 0.9999}, 1.0),
    "G and D lr 1e-3": ({"g_lr": 1e-3, "d_lr": 1e-3}, 1.0),
    "Adam beta2 0.99": ({"beta2": 0.99}, 1.0),
    "pack 4": ({"pack": 4}, 0.8),
    "translation 1 px": ({"translate": 1}, 1.15),
    "D batch norm": ({"d_batch_norm": True}, 1.0),
    "decay 0.3 + EMA 0.9995": ({"decay": 0.3, "average": 0.9995}, 1.0),
}
INFOGAN_VARIANTS: dict[str, tuple[dict, float]] = {
    "recipe (notebook 05)": ({}, 1.0),
    "Q reads real digits, w 1": ({"real_information_weight": 1.0}, 1.0),
    "categorical weight 1": ({"categorical_weight": 1.0}, 1.0),
    "categorical weight 4": ({"categorical_weight": 4.0}, 1.0),
    "D lr 4e-4": ({"d_lr": 4e-4}, 1.0),
    "G/Q lr 1e-3": ({"g_lr": 1e-3}, 1.0),
    "noise std 0.05": ({"noise_std": 0.05}, 1.0),
    "lr decay to 0 over the last 30%": ({"decay": 0.3}, 1.0),
}


def dcgan(options: dict) -> AdversarialStep:
    """Notebook 03's step as swept (``step_speed.dcgan_step``: before its refinement layers and
    standing statistics) with ``options`` changed."""
    pack = options.get("pack", 2)
    generator = DCGANGenerator(100, 32)
    discriminator = PackedDiscriminator(
        DCGANDiscriminator(
            in_channels=pack, width=32, batch_norm=options.get("d_batch_norm", False)
        ),
        pack=pack,
    )
    betas = (0.5, options.get("beta2", 0.999))
    translate = options.get("translate", 0)
    return AdversarialStep(
        generator,
        discriminator,
        adam(generator, options.get("g_lr", 2e-3), betas=betas),
        adam(discriminator, options.get("d_lr", 2e-3), betas=betas),
        generator_average=options.get("average", 0.999),
        augment=RandomTranslation(translate) if translate else None,
    )


def infogan(options: dict) -> InfoGANStep:
    """Notebook 05's step with ``options`` changed."""
    generator = DCGANGenerator(latent_dim=62 + 10 + 2, width=32)
    discriminator = InfoGANDiscriminator(n_categories=10, n_continuous=2, width=32)
    return InfoGANStep(
        generator,
        discriminator,
        g_optimizer=adam(
            list(generator.parameters()) + list(discriminator.q_head.parameters()),
            options.get("g_lr", 2e-3),
            betas=(0.5, 0.999),
        ),
        d_optimizer=adam(discriminator.shared, options.get("d_lr", 2e-4), betas=(0.5, 0.999)),
        noise_dim=62,
        noise_std=options.get("noise_std", 0.1),
        categorical_weight=options.get("categorical_weight", 2.0),
        continuous_weight=0.1,
        real_information_weight=options.get("real_information_weight", 0.0),
        augment=RandomAffine(degrees=15, scale=0.1, shear=0.2, pixels=2),
        generator_average=0.999,
    )


def on_gpu(step: AdversarialStep) -> AdversarialStep:
    for module in (step.generator, step.discriminator, step.average):
        if module is not None:
            module.cuda()
    return step


def linear_decay(step: AdversarialStep, updates: int, fraction: float) -> Callable[[int], None]:
    """Learning rates as device tensors (so the captured graph reads them), falling linearly to 0
    over the last ``fraction`` of ``updates``; returns the per-update setter."""
    rates = []
    for optimizer in (step.g_optimizer, step.d_optimizer):
        for group in optimizer.param_groups:
            base = float(group["lr"])
            group["lr"] = torch.tensor(base, device="cuda")
            rates.append((group["lr"], base))
    start = updates * (1 - fraction)

    def set_rates(update: int) -> None:
        factor = min(1.0, (updates - update) / (updates - start))
        for tensor, base in rates:
            tensor.fill_(base * factor)

    return set_rates


def train(step: AdversarialStep, images: torch.Tensor, epochs: int, decay: float) -> float:
    """``epochs`` graphed epochs over ``images``; returns the seconds they took."""
    updates = epochs * (len(images) // 64)
    schedule = linear_decay(step, updates, decay) if decay else None
    started = time.perf_counter()
    graphed = GraphedEpochs(step, images)  # 3 warm-up updates, then the timed epochs
    per_epoch = len(images) // 64
    for epoch in range(epochs):
        done = epoch * per_epoch
        graphed.epoch(None if schedule is None else lambda batch, done=done: schedule(done + batch))
    torch.cuda.synchronize()
    return time.perf_counter() - started


def infogan_code_accuracy(step: InfoGANStep, quality: DigitQuality, per_code: int = 1000) -> float:
    """Notebook 05's measure: the one-to-one accuracy of the categorical code on 10,000 samples."""
    return code_accuracy(*classified_codes(step, quality.classifier, per_code))["one_to_one"]


def one_run(
    build: Callable[[dict], AdversarialStep],
    options: dict,
    cost: float,
    epochs: int,
    seed: int,
    digits: Digits,
    images: torch.Tensor,
    classifier: DigitClassifier,
) -> dict:
    """Train one variant from ``seed`` on ``images`` (``digits`` on the GPU) and measure it. Each
    run gets its own ``DigitQuality``: it keeps the latent batch it first drew, and variants may
    draw their noise at other scales."""
    quality = DigitQuality(digits, classifier=classifier)
    seed_everything(seed)
    step = on_gpu(build(options))
    seconds = train(step, images, round(epochs / cost), options.get("decay", 0.0))
    measured = quality.measure(quality.generate(step))
    run = {
        "seed": seed,
        "fid": round(measured["fid"], 1),
        "classes": int(measured["classes_covered"]),
        "seconds": round(seconds, 1),
    }
    if isinstance(step, InfoGANStep):
        run["code_accuracy"] = round(infogan_code_accuracy(step, quality), 3)
    return run


def sweep(
    name: str,
    variants: dict[str, tuple[dict, float]],
    build: Callable[[dict], AdversarialStep],
    epochs: int,
    seeds: list[int],
    digits: Digits,
    images: torch.Tensor,
    classifier: DigitClassifier,
) -> list[dict]:
    rows = []
    for variant, (options, cost) in variants.items():
        runs, failed = [], []
        for seed in seeds:
            try:
                runs.append(one_run(build, options, cost, epochs, seed, digits, images, classifier))
            except Exception as error:  # report a variant that cannot run here, keep the others
                print(f"{name} | {variant} | seed {seed} failed: {type(error).__name__}: {error}")
                failed.append(seed)
        if not runs:
            continue
        row = {
            "variant": variant,
            "options": options,
            "updates": round(epochs / cost) * BATCHES_PER_EPOCH,
            "runs": runs,
            "median_fid": statistics.median(r["fid"] for r in runs),
        }
        if failed:
            row["failed_seeds"] = failed
        if "code_accuracy" in runs[0]:
            row["median_code_accuracy"] = statistics.median(r["code_accuracy"] for r in runs)
        rows.append(row)
        per_seed = "  ".join(
            f"FID {r['fid']:5.1f} {r['classes']:2d} cl"
            + (f" code {r['code_accuracy']:.1%}" if "code_accuracy" in r else "")
            for r in runs
        )
        print(f"{name} | {variant:<34} | {per_seed}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--name", default="gpu_recipe_sweep", help="results file name")
    parser.add_argument("--only", choices=["dcgan", "infogan"])
    parser.add_argument(
        "--variants", nargs="*", help="run only the variants whose names start with these"
    )
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("this benchmark needs a CUDA GPU")
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False

    def chosen(variants: dict[str, tuple[dict, float]]) -> dict[str, tuple[dict, float]]:
        if not args.variants:
            return variants
        return {k: v for k, v in variants.items() if k.startswith(tuple(args.variants))}

    digits = mnist()
    classifier = load_classifier()
    floor = DigitQuality(digits, classifier=classifier).real_floor()
    images = digits.images.cuda()  # once, for every run
    print(f"{torch.cuda.get_device_name()}; torch {torch.__version__}; {digits.source}")
    metrics: dict[str, object] = {"fid_floor": round(floor, 1)}
    if args.only in (None, "dcgan"):
        variants = chosen(DCGAN_VARIANTS)
        metrics["dcgan"] = sweep(
            "03", variants, dcgan, DCGAN_EPOCHS, args.seeds, digits, images, classifier
        )
    if args.only in (None, "infogan"):
        variants = chosen(INFOGAN_VARIANTS)
        metrics["infogan"] = sweep(
            "05", variants, infogan, INFOGAN_EPOCHS, args.seeds, digits, images, classifier
        )
    path = write_results(
        args.name,
        data=digits.source,
        images=len(digits),
        seed=args.seeds[0],
        train_seconds=0.0,
        metrics=metrics,
        device=torch.cuda.get_device_name(),
        seeds=args.seeds,
    )
    print(f"written: {path}")


if __name__ == "__main__":
    main()
