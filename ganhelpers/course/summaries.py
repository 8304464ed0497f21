"""The committed full-mode figures as a notebook shows them: each notebook's closing cell compares
its own run with ``results/<name>.json`` (its targets met or missed), and notebooks 02, 03 and 06
show committed benchmark tables. Generated from the results files, never typed by hand; the
README's and docs/benchmarks.md's copies are made by ``tools/report.py`` (``make report``)."""

from __future__ import annotations

import operator
from collections.abc import Callable

from IPython.display import Markdown

from .arguments import checked_arguments
from .results import read_results

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


def format_value(key: str, value: float | None) -> str:
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
        shown = format_value(key, bound)
        verdict = "met" if met else "**missed**"
        phrases.append(f"{SHORT[key]} {format_value(key, value)} ({comparison} {shown}: {verdict})")
    mlp_fid = record.get("mlp_fid_same_time")  # notebook 03: better than the MLP GAN's FID
    if mlp_fid is not None:
        better = record["metrics"]["fid"] < mlp_fid
        phrases.append(
            f"vs the MLP GAN's FID {mlp_fid:.1f} at about the same time: "
            + ("better (met)" if better else "**worse (missed)**")
        )
    return phrases


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


def generator_table(record: dict) -> str:
    """``benchmarks/dcgan_generator.py``'s runs as Markdown: per generator, the final weight
    average with copied and with standing batch-norm statistics."""
    lines = [
        "| generator | epochs in the time | FID, copied statistics | FID, standing statistics "
        "| classes | score |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for run in record["metrics"]["runs"]:
        final = run["final"]
        name = (
            "paper's (refinements=0)"
            if run["refinements"] == 0
            else (f"refinements={run['refinements']}")
        )
        lines.append(
            f"| {name} | {final['epoch']} in {final['seconds']:.0f} s | {final['copied_fid']:.1f} "
            f"| {final['standing_fid']:.1f} | {final['standing_classes_covered']:.0f} "
            f"| {final['standing_classifier_score']:.2f} |"
        )
    return "\n".join(lines)


def generator_intro(record: dict) -> str:
    """What ``generator_table`` measured, in one sentence."""
    return (
        f"Notebook 03's recipe from seed {record['seed']} for {record['seconds_per_run']:.0f} s "
        f"of training per generator on {record['data']['name']} "
        f"(`benchmarks/dcgan_generator.py`; classes and score with standing statistics; FID floor "
        f"{record['metrics']['fid_floor']:.1f})"
    )


def _committed_summary(name: str, missing: str, render: Callable[[dict], str]) -> Markdown:
    """``render`` of the committed ``results/<name>.json`` as Markdown, or ``missing`` in
    italics when that file does not exist."""
    record = read_results().get(name)
    return Markdown(f"*{missing}*" if record is None else render(record))


@checked_arguments
def generator_summary() -> Markdown:
    """For notebook 03: the committed generator comparison, or a note that it has not been run."""
    return _committed_summary(
        "dcgan_generator",
        "Not measured yet: run `python benchmarks/dcgan_generator.py`.",
        lambda record: f"{generator_intro(record)}:\n\n" + generator_table(record),
    )


@checked_arguments
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


@checked_arguments
def ablation_summary() -> Markdown:
    """For notebook 02: the committed ablation table, or a note that it has not been run."""
    return _committed_summary(
        "mlp_ablation",
        "No ablation committed yet: run `python benchmarks/mlp_ablation.py`.",
        lambda record: (
            f"{record['seconds_per_row']:.0f} s of training per row on {record['data']['name']}, "
            f"seed {record['seed']}, real-vs-real FID floor "
            f"{record['metrics']['fid_floor']:.1f}:\n\n" + ablation_table(record)
        ),
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


def mixture_updates(record: dict) -> str:
    """How many updates notebook 06's runs took, e.g. "6,000 updates per ring run, 18,000 per
    grid run" (one figure when both mixtures had the same)."""
    ring, grid = record["updates_per_run"], record.get("grid_updates_per_run")
    if grid is None or grid == ring:
        return f"{ring:,} updates per run"
    return f"{ring:,} updates per ring run, {grid:,} per grid run"


NOTEBOOK_06_MINUTES = 10  # the quality issue's budget for notebook 06 in full mode


def notebook_time(record: dict) -> str:
    """From notebook 06's ``notebook_seconds`` (imports to results cell): "; the notebook took
    9.4 min up to its results (≤ 10: met)", or nothing for a results file without it."""
    seconds = record.get("notebook_seconds")
    if seconds is None:
        return ""
    minutes = seconds / 60
    verdict = "met" if minutes <= NOTEBOOK_06_MINUTES else "**missed**"
    return (
        f"; the notebook took {minutes:.1f} min up to its results "
        f"(≤ {NOTEBOOK_06_MINUTES}: {verdict})"
    )


@checked_arguments
def mode_collapse_summary() -> Markdown:
    """For notebook 06: the committed ring and grid table, or a note that none exists."""
    return _committed_summary(
        "06_mode_collapse",
        "No full-mode results committed yet for `06_mode_collapse`.",
        lambda record: (
            f"{record['seeds']} seeds, {mixture_updates(record)}, batch {record['batch_size']}"
            f"{notebook_time(record)}:\n\n" + mode_collapse_table(record)
        ),
    )
