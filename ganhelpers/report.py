"""Tables of measured figures, generated from the results files (``results/*.json``) and never
typed by hand: the README's "Measured" section (``python -m ganhelpers.report`` rewrites it,
``--check`` fails when it is stale) and the "measured in full mode" cells of the notebooks.
The quality targets are those of the course's quality issue; a missed target is shown as such."""

from __future__ import annotations

import argparse
import operator
import sys
from collections.abc import Callable
from pathlib import Path

from IPython.display import Markdown

from .results import REPOSITORY, read_results

README = REPOSITORY / "README.md"
START, END = "<!-- measured:start -->", "<!-- measured:end -->"
OPERATORS = {"<=": operator.le, ">=": operator.ge}

# results file → (notebook label, {metric: (comparison, bound)}); train_seconds bounds the budget.
TARGETS: dict[str, tuple[str, dict[str, tuple[str, float]]]] = {
    "02_mlp_gan": (
        "02 MLP GAN",
        {
            "train_seconds": ("<=", 300),
            "classes_covered": (">=", 10),
            "fid": ("<=", 30),
            "classifier_score": (">=", 8.0),
        },
    ),
    "03_dcgan": (
        "03 DCGAN",
        {
            "train_seconds": ("<=", 300),
            "classes_covered": (">=", 10),
            "fid": ("<=", 20),
            "classifier_score": (">=", 8.5),
        },
    ),
    "04_cgan": (
        "04 cGAN",
        {"train_seconds": ("<=", 300), "label_accuracy": (">=", 0.97), "fid": ("<=", 15)},
    ),
    "05_infogan": (
        "05 InfoGAN",
        {
            "train_seconds": ("<=", 300),
            "code_accuracy": (">=", 0.90),
            "classes_covered": (">=", 10),
        },
    ),
}
SHORT = {
    "train_seconds": "training s",
    "classes_covered": "classes",
    "fid": "FID",
    "classifier_score": "score",
    "label_accuracy": "label accuracy",
    "code_accuracy": "code accuracy",
}


def _value(record: dict, key: str) -> float | None:
    return record.get("train_seconds") if key == "train_seconds" else record["metrics"].get(key)


def _format(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key in ("label_accuracy", "code_accuracy"):
        return f"{value:.1%}"
    if key in ("classes_covered", "train_seconds"):
        return f"{value:.0f}"
    return f"{value:.3g}" if key == "classifier_score" else f"{value:.1f}"


def verdicts(name: str, record: dict) -> list[str]:
    """One phrase per target of ``name``: the measured value, the bound and met / **missed**."""
    phrases = []
    for key, (comparison, bound) in TARGETS[name][1].items():
        value = _value(record, key)
        met = value is not None and OPERATORS[comparison](value, bound)
        shown = _format(key, bound)
        verdict = "met" if met else "**missed**"
        phrases.append(f"{SHORT[key]} {_format(key, value)} ({comparison} {shown}: {verdict})")
    mlp_fid = record.get("mlp_fid_same_time")  # notebook 03: better than the MLP GAN's FID
    if mlp_fid is not None:
        better = record["metrics"]["fid"] < mlp_fid
        phrases.append(
            f"vs the MLP GAN's FID {mlp_fid:.1f} at about the same time: "
            + ("better (met)" if better else "**worse (missed)**")
        )
    return phrases


def quality_table(results: dict[str, dict]) -> str:
    """The image notebooks' final-model figures against their targets, as Markdown."""
    lines = [
        "| notebook | data | training | FID (floor) | classes | score | targets |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, (label, _) in TARGETS.items():
        if name not in results:
            lines.append(f"| {label} | not measured yet | | | | | |")
            continue
        record = results[name]
        metrics = record["metrics"]
        training = f"{record.get('epochs', '?')} epochs, {record['train_seconds']:.0f} s"
        fid = f"{metrics['fid']:.1f} ({metrics['fid_floor']:.1f})"
        lines.append(
            f"| {label} | {record['data']['images']:,} digits | {training} | {fid} | "
            f"{metrics['classes_covered']:.0f} | {metrics['classifier_score']:.2f} | "
            f"{'; '.join(verdicts(name, record))} |"
        )
    return "\n".join(lines)


def ablation_table(record: dict) -> str:
    """Notebook 02's ablation (``benchmarks/mlp_ablation.py``) as Markdown."""
    lines = [
        "| recipe (each row adds one change) | updates | FID | classes | score |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in record["metrics"]["rows"]:
        lines.append(
            f"| {row['recipe']} | {row['updates']:,} | {row['fid']:.1f} | "
            f"{row['classes_covered']:.0f} | {row['classifier_score']:.2f} |"
        )
    return "\n".join(lines)


SPEED_TARGETS = {"MLP": 3.0}  # the speed issue: MLP step ≥ 3× the seed loop, conv steps ≥ 2×


def speed_table(record: dict) -> str:
    """``benchmarks/step_speed.py``'s rows as Markdown, each against its speed-up target."""
    lines = [
        "| step | reference loop (ms) | ganhelpers (ms) | speed-up (target) | GFLOP/step "
        "| % of peak |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in record["metrics"]["rows"]:
        target = SPEED_TARGETS.get(row["row"].split()[0], 2.0)
        verdict = "met" if row["speedup"] >= target else "**missed**"
        lines.append(
            f"| {row['row']} | {row['reference_ms']:.1f} | {row['ganhelpers_ms']:.1f} | "
            f"{row['speedup']:.2f}× (≥ {target:g}×: {verdict}) | "
            f"{row['ganhelpers_gflop_per_step']:.2f} | {row['ganhelpers_percent_of_peak']:.0f}% |"
        )
    return "\n".join(lines)


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
    return (
        f"{n} seeds × {experiment['epochs']} epochs, without and with {experiment['updates']} D "
        f"updates first: first epoch with W1 ≤ 0.3, median "
        f"{experiment['without']['median_first_epoch']} vs "
        f"{experiment['with']['median_first_epoch']}; mean W1 {sum(without) / n:.3f} vs "
        f"{sum(with_) / n:.3f}, paired difference {mean:+.3f} ± {margin:.3f} (two standard "
        f"errors), lower with pre-training on {lower} of {n} seeds: {verdict}"
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


def fgsm_summary() -> Markdown:
    """For notebook 00: the committed FGSM figures, or a note that none exist."""
    return _sentence_summary("00_generative_vs_discriminative", fgsm_sentence)


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
    the DCGAN's samples must be sharper (closer to real digits' sharpness) than both
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
        verdict = "the claim holds: the GAN's samples are the sharpest and closest to real digits"
    else:
        failed = [
            text
            for text, ok in (("not the sharpest", sharper), ("not the lowest FID", better))
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
        f"{'met' if met else '**missed**'}); the same network on the labelled digits alone: "
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


def own_images_summary() -> Markdown:
    """For notebook 07: its committed full-mode figures, or a note that none exist."""
    return _sentence_summary("07_your_own_images", own_images_sentence)


def infogan_seeds_sentence(record: dict) -> str:
    """``benchmarks/infogan_seeds.py``'s figures in one sentence, against the median target."""
    per_seed = ", ".join(f"seed {run['seed']} {run['code_accuracy']:.1%}" for run in record["runs"])
    median = record["metrics"]["code_accuracy_median"]
    verdict = "met" if median >= 0.85 else "**missed**"
    return f"one-to-one code accuracy {per_seed}; median {median:.1%} (target ≥ 85%: {verdict})"


def measured_section(results: dict[str, dict]) -> str:
    """The README's generated block."""
    parts = [
        "Final models of full-mode runs (the last epoch, not the best one seen), measured with the "
        "committed MNIST classifier; written by the notebooks to `results/*.json`.",
        "",
        quality_table(results),
    ]
    if "00_generative_vs_discriminative" in results:
        sentence = fgsm_sentence(results["00_generative_vs_discriminative"])
        parts += ["", f"Notebook 00, adversarial examples: {sentence}."]
    if "01_sine_gan" in results:
        parts += ["", f"Notebook 01, the sine GAN: {sine_sentence(results['01_sine_gan'])}."]
        if "discriminator_pretraining" in results["01_sine_gan"]:
            sentence = pretraining_sentence(results["01_sine_gan"])
            parts += ["", f"Notebook 01, pre-training D: {sentence}."]
    if "infogan_seeds" in results:
        sentence = infogan_seeds_sentence(results["infogan_seeds"])
        parts += ["", f"Notebook 05 over seeds (`benchmarks/infogan_seeds.py`): {sentence}."]
    if "07_your_own_images" in results:
        sentence = own_images_sentence(results["07_your_own_images"])
        parts += ["", f"Notebook 07, your own images: {sentence}."]
    if "08_why_not_an_autoencoder" in results:
        sentence = autoencoder_sentence(results["08_why_not_an_autoencoder"])
        parts += ["", f"Notebook 08, why not an autoencoder: {sentence}."]
    if "09_semi_supervised_gan" in results:
        sentence = semi_supervised_sentence(results["09_semi_supervised_gan"])
        parts += ["", f"Notebook 09, semi-supervised GAN: {sentence}."]
    if "semi_supervised_seeds" in results:
        sentence = semi_supervised_seeds_sentence(results["semi_supervised_seeds"])
        parts += [
            "",
            "Notebook 09 over several draws of the labels "
            f"(`benchmarks/semi_supervised_seeds.py`): {sentence}.",
        ]
    if "mlp_ablation" in results:
        record = results["mlp_ablation"]
        parts += [
            "",
            f"Notebook 02's ablation (`benchmarks/mlp_ablation.py`, "
            f"{record['seconds_per_row']:.0f} s of training per row, seed {record['seed']}, "
            f"FID floor {record['metrics']['fid_floor']:.1f}):",
            "",
            ablation_table(record),
        ]
    if "step_speed" in results:
        record = results["step_speed"]
        environment = record["environment"]
        parts += [
            "",
            f"Training speed (`benchmarks/step_speed.py`, {record['batches']} batches, best of "
            f"{record['repeats']}, one process, torch {environment['torch']}, "
            f"{environment['threads']} threads; peak: a 2048² fp32 matmul measured in the same "
            f"run, {record['metrics']['peak_gflops']:.0f} GFLOP/s). References: the seed "
            "tutorial's loop for the MLP, a pytorch/examples `dcgan/main.py`-style loop on the "
            "notebooks' own models for the others:",
            "",
            speed_table(record),
        ]
    if "06_mode_collapse" in results:
        record = results["06_mode_collapse"]
        parts += [
            "",
            f"Notebook 06 (mean over {record['seeds']} seeds, {record['updates_per_run']:,} "
            f"updates of batch {record['batch_size']} per run; target: the best technique ≥ 7.8 "
            "of 8 ring modes and ≥ 24 of 25 grid modes, each with ≥ 80% high-quality samples):",
            "",
            mode_collapse_table(record),
        ]
    return "\n".join(parts)


def render_readme(text: str, results: dict[str, dict]) -> str:
    """``text`` with the block between the markers replaced by the generated section."""
    if START not in text or END not in text:
        raise ValueError(f"README lacks the markers {START} … {END}")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{measured_section(results)}\n{END}{tail}"


def measured_summary(name: str) -> Markdown:
    """For a notebook: its committed full-mode figures and targets, or a note that none exist."""
    results = read_results()
    if name not in results:
        return Markdown(f"*No full-mode results committed yet for `{name}`.*")
    record = results[name]
    environment = record["environment"]
    return Markdown(
        f"**Measured in full mode** ({record.get('epochs', '?')} epochs, "
        f"{record['train_seconds']:.0f} s of training on {record['data']['name']}, seed "
        f"{record['seed']}, torch {environment['torch']} on {environment['device']} with "
        f"{environment['threads']} threads; `results/{name}.json`): "
        + "; ".join(verdicts(name, record))
        + "."
    )


def ablation_summary() -> Markdown:
    """For notebook 02: the committed ablation table, or a note that it has not been run."""
    results = read_results()
    if "mlp_ablation" not in results:
        return Markdown("*No ablation committed yet: run `python benchmarks/mlp_ablation.py`.*")
    record = results["mlp_ablation"]
    return Markdown(
        f"{record['seconds_per_row']:.0f} s of training per row on {record['data']['name']}, "
        f"seed {record['seed']}, real-vs-real FID floor {record['metrics']['fid_floor']:.1f}:\n\n"
        + ablation_table(record)
    )


def mode_collapse_table(record: dict) -> str:
    """Notebook 06's ring and grid figures (means over seeds) as Markdown."""
    lines = [
        "| mixture | technique | modes covered | high-quality share |",
        "| --- | --- | --- | --- |",
    ]
    for layout, modes in (("ring", 8), ("grid", 25)):
        rows = sorted(record["metrics"][layout].items(), key=lambda item: -item[1]["modes"])
        for technique, row in rows:
            lines.append(
                f"| {layout} | {technique} | {row['modes']:.1f} of {modes} | "
                f"{row['high_quality']:.0%} |"
            )
    return "\n".join(lines)


def mode_collapse_summary() -> Markdown:
    """For notebook 06: the committed ring and grid table, or a note that none exists."""
    results = read_results()
    if "06_mode_collapse" not in results:
        return Markdown("*No full-mode results committed yet for `06_mode_collapse`.*")
    record = results["06_mode_collapse"]
    return Markdown(
        f"{record['seeds']} seeds, {record['updates_per_run']:,} updates of batch "
        f"{record['batch_size']} per run:\n\n" + mode_collapse_table(record)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Regenerate README's measured tables.")
    parser.add_argument("--check", action="store_true", help="fail if README is out of date")
    args = parser.parse_args()
    text = README.read_text()
    updated = render_readme(text, read_results())
    if args.check:
        if updated != text:
            sys.exit("README's measured section is out of date: run python -m ganhelpers.report")
        return
    Path(README).write_text(updated)
    print("README's measured section regenerated from results/")


if __name__ == "__main__":
    main()
