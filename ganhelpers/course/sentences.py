"""One-sentence summaries of results files (``results/*.json``): each notebook's closing cell
shows its committed full-mode figures as one, and docs/benchmarks.md's generated section reuses
them. Each sentence states its target and whether it was met, or what the figures support."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from IPython.display import Markdown

from .arguments import checked_arguments
from .results import read_results


def sine_sentence(record: dict) -> str:
    """Notebook 01's full-mode figures (``results/01_sine_gan.json``) in one sentence."""
    metrics = record["metrics"]
    epochs = record["epochs"]
    return (
        f"mean |x2 − sin x1| {metrics['sine_error']:.3f} at epoch {epochs}, median "
        f"{metrics['median_late_error']:.3f} over epochs {epochs // 3 + 1}–{epochs} (min "
        f"{metrics['min_late_error']:.3f}, max {metrics['max_late_error']:.3f}; the seed tutorial: "
        f"≈ 0.15); coverage of [0, 2π] {metrics['coverage']:.0%}; 1-D Wasserstein distance of x1 "
        f"to the data {metrics['wasserstein_x1']:.3f}; {record['train_seconds']:.0f} s of "
        f"training (seed {record['seed']})"
    )


def pretraining_sentence(record: dict) -> str:
    """Notebook 01's D pre-training experiment: first epoch with W1 ≤ 0.3 and mean W1, without
    and with the D updates, and the paired difference of mean W1 with two standard errors."""
    experiment = record["discriminator_pretraining"]
    without, with_ = experiment["without"]["mean_w1"], experiment["with"]["mean_w1"]
    differences = [b - a for a, b in zip(without, with_)]
    n = len(differences)
    mean = sum(differences) / n
    spread = (sum((d - mean) ** 2 for d in differences) / (n - 1)) ** 0.5 if n > 1 else 0.0
    margin = 2 * spread / n**0.5
    if mean + margin < 0:
        verdict = "pre-training converged faster"
    elif mean - margin > 0:
        verdict = "pre-training converged slower"
    else:
        verdict = "no measurable effect at this number of seeds"
    lower = sum(d < 0 for d in differences)
    never = experiment["epochs"] + 1  # a run that never got there counts as the latest
    first = {
        side: [epoch or never for epoch in experiment[side]["first_epoch_w1_0.3"]]
        for side in ("without", "with")
    }
    later = sum(b > a for a, b in zip(first["without"], first["with"]))
    return (
        f"{n} seeds × {experiment['epochs']} epochs, without and with {experiment['updates']} D "
        f"updates first: first epoch with W1 ≤ 0.3, median "
        f"{statistics.median(first['without']):g} vs {statistics.median(first['with']):g} "
        f"(a run that never got there counts as epoch {never}); mean W1 {sum(without) / n:.3f} vs "
        f"{sum(with_) / n:.3f}, paired difference {mean:+.3f} ± {margin:.3f} (two standard "
        f"errors), lower with pre-training on {lower} of {n} seeds; W1 ≤ 0.3 reached later with "
        f"pre-training on {later} of {n} seeds: {verdict}"
    )


def _sentence_summary(
    name: str, sentence: Callable[[dict], str], needs: str | None = None
) -> Markdown:
    """A notebook's committed full-mode figures as one sentence, or a note that none exist (or
    that the committed file predates the entry ``needs``)."""
    results = read_results()
    if name not in results or (needs is not None and needs not in results[name]):
        return Markdown(f"*No full-mode results committed yet for `{name}`.*")
    return Markdown(
        f"**Measured in full mode** (`results/{name}.json`): {sentence(results[name])}."
    )


@checked_arguments
def sine_summary() -> Markdown:
    """For notebook 01: its committed full-mode figures, or a note that none exist."""
    return _sentence_summary("01_sine_gan", sine_sentence)


def fgsm_sentence(record: dict) -> str:
    """Notebook 00's FGSM figures (``results/00_generative_vs_discriminative.json``)."""
    flips = record["metrics"]["fgsm_flip_rate"]
    shares = ", ".join(
        f"{flips[epsilon]:.0%} at ε = {epsilon}" for epsilon in ("0.05", "0.1", "0.2")
    )
    return (
        f"FGSM against the committed classifier on {record['data']['images']:,} digits it never "
        f"trained on ({record['metrics']['clean_accuracy']:.1%} correct before the attack) flips "
        f"the class of {shares} (ε in [0, 1] pixel units)"
    )


@checked_arguments
def fgsm_summary() -> Markdown:
    """For notebook 00: the committed FGSM figures, or a note that none exist."""
    return _sentence_summary("00_generative_vs_discriminative", fgsm_sentence)


@checked_arguments
def pretraining_summary() -> Markdown:
    """For notebook 01: the committed D pre-training comparison, or a note that none exists."""
    return _sentence_summary("01_sine_gan", pretraining_sentence, needs="discriminator_pretraining")


AUTOENCODER_ROWS = {
    "autoencoder": "autoencoder, fitted Gaussian",
    "VAE": "VAE, prior N(0, I)",
    "DCGAN": "DCGAN (notebook 03)",
}


def autoencoder_sentence(record: dict) -> str:
    """Notebook 08's figures and whether they support "L2 averaging blurs, the GAN does not":
    the DCGAN's samples must be closer to real digits' sharpness than both
    autoencoders' and have the lowest FID."""
    metrics = record["metrics"]
    real = metrics["real digits (unseen)"]["sharpness"]
    rows = {name: metrics[key] for name, key in AUTOENCODER_ROWS.items()}
    figures = "; ".join(
        f"{name} FID {m['fid']:.1f}, {m['classes_covered']:.0f} classes, sharpness "
        f"{m['sharpness']:.3f}"
        for name, m in rows.items()
    )
    gap = {name: abs(m["sharpness"] - real) for name, m in rows.items()}
    sharper = gap["DCGAN"] < min(gap["autoencoder"], gap["VAE"])
    better = rows["DCGAN"]["fid"] < min(rows["autoencoder"]["fid"], rows["VAE"]["fid"])
    if sharper and better:
        verdict = (
            "the claim holds: the GAN's samples are the closest to real digits in sharpness and FID"
        )
    else:
        failed = [
            text
            for text, ok in (
                ("not the closest to real digits' sharpness", sharper),
                ("not the lowest FID", better),
            )
            if not ok
        ]
        verdict = (
            f"the claim is **not** supported here: the DCGAN's samples are {' and '.join(failed)}"
        )
    return (
        f"{record['seconds_per_model']:.0f} s of training per model on {record['data']['name']}; "
        f"samples from random codes: {figures} (real digits: sharpness {real:.3f}, FID floor "
        f"{metrics['fid_floor']:.1f}): {verdict}"
    )


@checked_arguments
def autoencoder_summary() -> Markdown:
    """For notebook 08: the committed comparison, or a note that none exists."""
    return _sentence_summary("08_why_not_an_autoencoder", autoencoder_sentence)


def semi_supervised_sentence(record: dict) -> str:
    """Notebook 09's figures against the issue's target (≥ 95% with 100 labels in ≤ 5 minutes)."""
    metrics = record["metrics"]
    met = metrics["test_accuracy"] >= 0.95 and record["train_seconds"] <= 300
    curve = ", ".join(
        f"{labels} labels {point['gan']:.1%} vs {point['baseline']:.1%}"
        for labels, point in record.get("accuracy_by_labels", {}).items()
    )
    text = (
        f"test accuracy {metrics['test_accuracy']:.1%} with {metrics['labels']} labels and "
        f"{record['unlabelled_digits']:,} unlabelled digits after {record['train_seconds']:.0f} s "
        f"({record['updates']:,} updates; target ≥ 95% in ≤ 300 s: "
        f"{'met' if met else '**missed**'}); the same architecture on the labelled digits alone: "
        f"{metrics['baseline_accuracy']:.1%}"
    )
    if curve:
        text += (
            f"; GAN vs baseline with {record['curve_seconds_per_point']:.0f} s per point: {curve}"
        )
    return text


def semi_supervised_seeds_sentence(record: dict) -> str:
    """``benchmarks/semi_supervised_seeds.py``'s figures: each draw, then mean ± spread."""
    metrics = record["metrics"]
    per_seed = ", ".join(
        f"seed {run['seed']} {run['test_accuracy']:.1%} (baseline {run['baseline_accuracy']:.1%})"
        for run in record["runs"]
    )
    return (
        f"test accuracy with {metrics['labels']} labels per draw: {per_seed}; mean "
        f"{metrics['test_accuracy_mean']:.1%} ± {metrics['test_accuracy_std']:.1%} against the "
        f"baseline's {metrics['baseline_accuracy_mean']:.1%} ± "
        f"{metrics['baseline_accuracy_std']:.1%} (mean ± standard deviation)"
    )


@checked_arguments
def semi_supervised_summary() -> Markdown:
    """For notebook 09: the committed figures, or a note that none exist."""
    return _sentence_summary("09_semi_supervised_gan", semi_supervised_sentence)


def own_images_sentence(record: dict) -> str:
    """Notebook 07's full-mode figures (``results/07_your_own_images.json``) in one sentence."""
    metrics = record["metrics"]
    return (
        f"{record['data']['name']}, {record['image_size']}×{record['image_size']}, "
        f"{record['channels']} channel(s); {record['epochs']} epochs, "
        f"{record['train_seconds']:.0f} s of training (target ≤ 300 s: "
        f"{'met' if record['train_seconds'] <= 300 else '**missed**'}); median distance to the "
        f"nearest training image: generated {metrics['nearest_distance_generated']:.3f}, "
        f"held-out real {metrics['nearest_distance_held_out']:.3f} (ratio "
        f"{metrics['memorisation_ratio']:.2f}; well below 1 would mean copying)"
    )


@checked_arguments
def own_images_summary() -> Markdown:
    """For notebook 07: its committed full-mode figures, or a note that none exist."""
    return _sentence_summary("07_your_own_images", own_images_sentence)
