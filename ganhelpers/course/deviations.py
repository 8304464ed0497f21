"""Where notebooks 02 and 03 depart from their papers: one table per notebook, with columns paper /
this course / measured effect / why. The first row compares the paper's recipe, which each
notebook runs first (``results/<name>.json``'s ``paper`` entry), with the course's; the other rows
give each change's effect where a committed benchmark measured it alone. Every figure is read
from the committed results files when the table is drawn, never typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from IPython.display import Markdown

from .arguments import checked_arguments
from .errors import ArgumentError
from .results import read_results

Results = dict[str, dict]
NOT_ALONE = "not measured alone (part of the first row)"


@dataclass(frozen=True)
class Deviation:
    """One row: what the paper does, what the course does, how the results files measure the
    difference (``effect`` turns every committed record, by name, into a sentence) and why."""

    aspect: str
    paper: str
    course: str
    why: str
    effect: Callable[[Results], str] = lambda results: NOT_ALONE


def _missing(name: str) -> str:
    return f"not measured yet: `results/{name}.json` has no such entry (run its full mode)"


def _figures(metrics: dict, keys: tuple[str, ...]) -> str:
    shown = {
        "fid": lambda v: f"FID {v:.1f}",
        "classes_covered": lambda v: f"{v:.0f} class{'es' if round(v) != 1 else ''}",
    }
    return ", ".join(shown[key](metrics[key]) for key in keys if key in metrics)


def paper_versus_course(
    name: str, keys: tuple[str, ...], course: str = ""
) -> Callable[[Results], str]:
    """The paper's run against the course's, each after its own training time; ``course`` names
    the record's entry holding the course's run (default: the record itself)."""

    def effect(results: Results) -> str:
        record = results.get(name, {})
        paper = record.get("paper")
        ours = record.get(course, {}) if course else record
        if paper is None or "metrics" not in ours:
            return _missing(name)
        return (
            f"paper's recipe: {_figures(paper['metrics'], keys)} after "
            f"{paper['train_seconds']:.0f} s; this course: {_figures(ours['metrics'], keys)} "
            f"after {ours['train_seconds']:.0f} s"
        )

    return effect


def _seed_spread(results: Results, benchmark: str) -> str:
    """`` (the course's recipe from seeds a, b, c: FID low-high, ...)`` from a seed benchmark."""
    runs = results.get(benchmark, {}).get("runs", [])
    if not runs:
        return ""
    fids = [run["fid"] for run in runs]
    seeds = ", ".join(str(run["seed"]) for run in runs)
    return (
        f" (the course's recipe from seeds {seeds}: FID {min(fids):.1f}-{max(fids):.1f}, "
        f"`results/{benchmark}.json`)"
    )


def ablation_step(row: int) -> Callable[[Results], str]:
    """Notebook 02's ablation (``benchmarks/mlp_ablation.py``): FID before and after row ``row``'s
    change, each for the same training time."""

    def effect(results: Results) -> str:
        record = results.get("mlp_ablation")
        if record is None:
            return _missing("mlp_ablation")
        before, after = record["metrics"]["rows"][row - 1], record["metrics"]["rows"][row]
        return (
            f"FID {before['fid']:.1f} → {after['fid']:.1f}, classes "
            f"{before['classes_covered']:.0f} → {after['classes_covered']:.0f} "
            f"(one change at a time from the seed tutorial, a port of the paper's MLPs with ReLU, "
            f"dropout and Adam 1e-4; {after['seconds']:.0f} s each; `results/mlp_ablation.json`)"
        )

    return effect


def generator_change(
    label: str, before: tuple[int, str], after: tuple[int, str]
) -> Callable[[Results], str]:
    """Notebook 03's generator benchmark (``benchmarks/dcgan_generator.py``): ``label``, then
    the final FID of (refinements, statistics) ``before`` and ``after``."""

    def effect(results: Results) -> str:
        record = results.get("dcgan_generator")
        if record is None:
            return _missing("dcgan_generator")
        runs = {run["refinements"]: run["final"] for run in record["metrics"]["runs"]}
        first = runs[before[0]][f"{before[1]}_fid"]
        second = runs[after[0]][f"{after[1]}_fid"]
        return (
            f"{label}: FID {first:.1f} → {second:.1f} ({record['seconds_per_run']:.0f} s each; "
            "`results/dcgan_generator.json`)"
        )

    return effect


def sweep_variant(variant: str) -> Callable[[Results], str]:
    """Notebook 03's GPU sweep (``benchmarks/gpu_recipe_sweep.py``): the recipe's median FID
    against ``variant``'s, same number of updates."""

    def effect(results: Results) -> str:
        record = results.get("gpu_recipe_sweep")
        if record is None:
            return _missing("gpu_recipe_sweep")
        rows = {row["variant"]: row for row in record["metrics"]["dcgan"]}
        base, other = rows["recipe (notebook 03)"], rows[variant]
        return (
            f"{variant}: median FID {other['median_fid']:.1f} against the recipe's "
            f"{base['median_fid']:.1f} "
            f"({len(base['runs'])} seeds, {base['updates']:,} updates each on "
            f"{record['environment']['device']}; `results/gpu_recipe_sweep.json`)"
        )

    return effect


def _self_conditioning(results: Results) -> str:
    record = results.get("03_dcgan")
    if record is None or "dcgan" not in record:
        return _missing("03_dcgan")
    return (
        f"FID {record['dcgan']['metrics']['fid']:.1f} → {record['metrics']['fid']:.1f} "
        f"(DCGAN {record['dcgan']['train_seconds']:.0f} s, self-conditioned "
        f"{record['train_seconds']:.0f} s)" + _seed_spread(results, "self_conditioned_seeds")
    )


OPTIMIZER_WHY = (
    "Adam adapts each weight's step size, and β1 = 0.5 (Radford et al. 2016) forgets old "
    "gradients faster in a game whose other player keeps moving"
)
AVERAGE_WHY = (
    "the average of the last ~1,000 generators smooths out the game's oscillation (Yazici et "
    "al. 2019)"
)
DEVIATIONS: dict[str, tuple[Deviation, ...]] = {
    "02_mlp_gan": (
        Deviation(
            "the whole recipe",
            "Goodfellow et al. 2014 (released code): G 100 → 1200 → 1200 → 784 (ReLU); D maxout "
            "240×5 → 240×5 with dropout and max-norm; SGD, learning rate 0.1, momentum 0.5, "
            "batch 100",
            "`IMPROVED_RECIPE`: the rows below",
            "the paper trained on 50,000 digits for hours; here 4,500 digits and minutes",
            paper_versus_course("02_mlp_gan", ("fid", "classes_covered")),
        ),
        Deviation(
            "networks",
            "maxout D with dropout; ReLU G",
            "batch norm + LeakyReLU(0.2) in G, LeakyReLU without dropout in D (PyTorch-GAN)",
            "batch norm keeps G's activations on a scale where gradients flow; LeakyReLU lets "
            "gradient through where ReLU stops it",
            ablation_step(1),
        ),
        Deviation(
            "optimizer",
            "SGD with momentum 0.5, learning rate 0.1, batch 100",
            "Adam, learning rate 2e-4, β1 = 0.5, batch 64",
            OPTIMIZER_WHY,
            ablation_step(2),
        ),
        Deviation(
            "samples from",
            "the last G",
            "an exponential moving average of G's weights (decay 0.999)",
            AVERAGE_WHY,
            ablation_step(3),
        ),
        Deviation(
            "what D sees",
            "the digits as they are",
            "real and fake digits shifted by up to 2 pixels (DiffAugment, Zhao et al. 2020)",
            "D can no longer memorise 5,000 digits pixel by pixel",
            ablation_step(4),
        ),
        Deviation(
            "noise",
            "U(−1, 1)",
            "N(0, I)",
            "every step in the course draws Gaussian noise; both are common",
        ),
    ),
    "03_dcgan": (
        Deviation(
            "the whole recipe",
            "Radford et al. 2016: batch norm in G and D, Adam 2e-4 (β1 = 0.5) for both, batch "
            "128, samples from the last G",
            "the rows below (the DCGAN; the self-conditioned model is the last row)",
            "a few CPU minutes on 5,000 digits instead of hours on GPUs",
            paper_versus_course("03_dcgan", ("fid", "classes_covered"), course="dcgan"),
        ),
        Deviation(
            "discriminator",
            "batch norm on all but the first layer; one image at a time",
            "no batch norm; PacGAN packs of 2 (Lin et al. 2018)",
            "a pair of fakes from a G that draws few digits looks alike, so D can punish "
            "missing variety; without batch norm, each pack is judged on its own",
        ),
        Deviation(
            "learning rate",
            "2e-4 for G and D",
            "2e-3 for G and D",
            "more progress per update in a few minutes; the weight average tames the noise "
            "(2e-4 not measured alone here)",
            sweep_variant("G and D lr 1e-3"),
        ),
        Deviation(
            "generator",
            "no layer that keeps the size",
            "a 3×3 convolution at 7×7 and at 14×14 (`refinements=1`)",
            "at width 32 the paper's G has only two convolutional layers: muddled shapes",
            generator_change("refinements 0 → 1", (0, "standing"), (1, "standing")),
        ),
        Deviation(
            "samples from",
            "the last G",
            "a weight average (decay 0.999) with standing batch-norm statistics (Brock et al. "
            "2019)",
            "the average smooths the game's oscillation; its own batch-norm statistics fit its "
            "weights, the live G's do not (the average alone: not measured on the DCGAN)",
            generator_change("copied → standing statistics", (1, "copied"), (1, "standing")),
        ),
        Deviation(
            "size",
            "64×64 images, 1024 maps at 4×4",
            "28×28, width 32 (128 maps at 7×7), in both runs",
            "MNIST's size; a CPU-sized network",
            lambda results: "not measured (both runs use it)",
        ),
        Deviation(
            "conditioning",
            "none",
            "self-conditioning on 50 k-means clusters with a projection D (Liu et al. 2020; "
            "Miyato & Koyama 2018): the second model",
            "G learns one cluster at a time instead of all of MNIST at once",
            _self_conditioning,
        ),
    ),
}


def deviation_markdown(name: str, results: Results) -> str:
    """The Markdown table of ``name``'s deviations with effects from ``results``."""
    if name not in DEVIATIONS:
        raise ArgumentError(f"no deviation table for {name!r}; choose one of {sorted(DEVIATIONS)}")
    lines = [
        "| | paper | this course | measured effect | why |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in DEVIATIONS[name]:
        cells = (row.aspect, row.paper, row.course, row.effect(results), row.why)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


@checked_arguments
def deviation_table(name: str) -> Markdown:
    """For notebooks 02 and 03: where the course's recipe departs from the paper's, with each
    change's effect as measured in the committed results files."""
    return Markdown(deviation_markdown(name, read_results()))
