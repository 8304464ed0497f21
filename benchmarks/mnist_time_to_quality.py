"""Benchmark: seconds of training until each notebook's recipe first reaches its notebook's
targets, against a standard loop trained in the same process on the same digits.

Pairs (``--models``, default all):
- ``mlp``: the seed tutorial's loop, verbatim (ReLU MLPs, Adam 1e-4, batch 32), against notebook
  02's recipe (``ganhelpers.recipes.IMPROVED_RECIPE`` with ``train_gan``);
- ``dcgan``, ``cgan``, ``infogan``: a pytorch/examples ``dcgan/main.py``-style loop with the DCGAN
  paper's recipe (``standard_loops.py``: plain, with a conditional head, with InfoGAN's Q head)
  against notebooks 03 (its final, self-conditioned model), 04 and 05. The course's step is built
  by executing the notebook's own cells (parameters, data and model cells), not a copy of them.
Each loop trains until it meets its notebook's targets (``TARGETS`` of
``ganhelpers/course/summaries.py``, without the time budget) or its training time passes
``--cap`` minutes; quality is measured after the first epoch that ends ``--every`` seconds of
training after the last measurement, and
the time spent measuring is not counted. Writes ``outputs/results/time_to_quality.json`` (merged
with the pairs already committed); ``make results`` commits it and ``make report`` draws
``assets/time_to_quality.png`` from it.

    python benchmarks/mnist_time_to_quality.py --cap 10 --models dcgan cgan infogan
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import torch  # noqa: E402
from seed_tutorial import SeedTutorial  # noqa: E402
from standard_loops import StandardLoop  # noqa: E402

import ganhelpers as gh  # noqa: E402
from ganhelpers.course.recipes import IMPROVED_RECIPE, SEED_RECIPE  # noqa: E402
from ganhelpers.course.results import REPOSITORY  # noqa: E402
from ganhelpers.course.summaries import OPERATORS, TARGETS  # noqa: E402

NAME = "time_to_quality"
# model → (notebook, the notebook's cells to execute (a line each holds), its step, its data)
NOTEBOOK_RECIPES = {
    "dcgan": (
        "03_dcgan",
        ["import ganhelpers", "SEED = ", "FAST = ", "digits = gh.mnist()",
         "clustered = gh.cluster_digits", "conditioned_step = gh.SelfConditionedStep"],
        "conditioned_step",
        "clustered",
    ),
    "cgan": (
        "04_cgan", ["import ganhelpers", "SEED = ", "FAST = ", "step = gh."], "step", "digits"
    ),
    "infogan": (
        "05_infogan",
        ["import ganhelpers", "SEED = ", "FAST = ", "step = gh.InfoGANStep"],
        "step",
        "digits.images",
    ),
}  # fmt: skip
RESULTS_NAMES = {
    "mlp": "02_mlp_gan",
    "dcgan": "03_dcgan",
    "cgan": "04_cgan",
    "infogan": "05_infogan",
}


def targets(model: str) -> dict[str, tuple[str, float]]:
    """The notebook's quality targets (its training-time budget is what is being measured)."""
    bounds = TARGETS[RESULTS_NAMES[model]][1]
    return {key: bound for key, bound in bounds.items() if key != "train_seconds"}


def meets(measured: dict[str, float], bounds: dict[str, tuple[str, float]]) -> bool:
    return all(OPERATORS[op](measured[key], value) for key, (op, value) in bounds.items())


def notebook_namespace(notebook: str, markers: list[str]) -> dict[str, object]:
    """Execute, in order, the code cells of ``notebooks/<notebook>.ipynb`` that contain one of
    ``markers``, in a fresh namespace (full mode), and return that namespace."""
    cells = nbformat.read(REPOSITORY / "notebooks" / f"{notebook}.ipynb", as_version=4).cells
    namespace: dict[str, object] = {}
    for marker in markers:
        found = [c for c in cells if c.cell_type == "code" and marker in c.source]
        if len(found) != 1:
            raise LookupError(f"{notebook}: {len(found)} code cells contain {marker!r}, need 1")
    for cell in cells:
        if cell.cell_type == "code" and any(marker in cell.source for marker in markers):
            exec(compile(cell.source, f"{notebook}.ipynb", "exec"), namespace)  # noqa: S102
    plt.close("all")
    return namespace


def code_accuracy(step: gh.InfoGANStep, classifier, per_code: int = 1000) -> float:
    """Notebook 05's one-to-one code accuracy, on the same latents at every measurement."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        codes, predicted = gh.classified_codes(step, classifier, per_code)
    return gh.code_accuracy(codes, predicted)["one_to_one"]


def measure_with(model: str, quality: gh.DigitQuality) -> Callable[[gh.AdversarialStep], dict]:
    def measure(step: gh.AdversarialStep) -> dict[str, float]:
        measured = quality(step)
        if model == "infogan":
            measured["code_accuracy"] = code_accuracy(step, quality.classifier)
        return measured

    return measure


def race(
    label: str,
    train_epoch: Callable[[], float],
    measure: Callable[[], dict[str, float]],
    bounds: dict[str, tuple[str, float]],
    cap: float,
    every: float,
) -> dict[str, object]:
    """Train epoch by epoch until the targets are met or ``cap`` seconds of training pass."""
    seconds, since, epoch, curve = 0.0, 0.0, 0, []
    while seconds < cap:
        epoch += 1
        spent = train_epoch()
        seconds, since = seconds + spent, since + spent
        if since < every and seconds < cap:
            continue
        since = 0.0
        measured = measure()
        curve.append({"seconds": round(seconds, 1), "epoch": epoch, **measured})
        shown = ", ".join(f"{k} {v:.3g}" for k, v in measured.items())
        print(f"{label}, epoch {epoch:3d}, {seconds:5.0f} s: {shown}", flush=True)
        if meets(measured, bounds):
            return {
                "reached": True,
                "seconds": seconds,
                "epochs": epoch,
                **measured,
                "curve": curve,
            }
    return {"reached": False, "seconds": seconds, "epochs": epoch, **curve[-1], "curve": curve}


def mlp_pair(model: str, seed: int, cap: float, every: float) -> tuple[dict, dict, dict]:
    """The seed tutorial's loop against notebook 02's recipe (``model``: ``"mlp"``)."""
    gh.seed_everything(seed)
    digits = gh.mnist()
    digits = digits.subset(len(digits) // 64 * 64, seed=seed)
    quality = gh.DigitQuality(digits)
    bounds = targets("mlp")
    with tempfile.TemporaryDirectory() as root:
        gh.write_mnist_idx(root, digits)
        gh.seed_everything(seed)
        seed_loop = SeedTutorial(Path(root), SEED_RECIPE.batch_size, torch.device("cpu"))
        wrapped = gh.AdversarialStep(seed_loop.generator, seed_loop.discriminator, None, None)
        standard = race(
            "seed tutorial", seed_loop.run, lambda: quality(wrapped), bounds, cap, every
        )
    gh.seed_everything(seed)
    step = IMPROVED_RECIPE.build()
    course = course_race(
        "notebook 02", step, digits, IMPROVED_RECIPE.batch_size, quality, bounds, cap, every
    )
    return standard, course, {"name": digits.source, "images": len(digits)}


def course_race(
    label: str,
    step: gh.AdversarialStep,
    data: object,
    batch_size: int,
    measure: Callable[[gh.AdversarialStep], dict[str, float]],
    bounds: dict[str, tuple[str, float]],
    cap: float,
    every: float,
) -> dict[str, object]:
    """``race`` for a course step: ``train_gan`` one epoch further each time, resuming its
    history."""
    history = gh.History()

    def train_epoch() -> float:
        nonlocal history
        history = gh.train_gan(
            step, data, epochs=len(history) + 1, batch_size=batch_size, history=history,
            progress=False,
        )  # fmt: skip
        return history["seconds"][-1]

    return race(label, train_epoch, lambda: measure(step), bounds, cap, every)


def notebook_pair(model: str, seed: int, cap: float, every: float) -> tuple[dict, dict, dict]:
    """A standard loop against the course's recipe of the model's notebook."""
    notebook, markers, step_name, data_name = NOTEBOOK_RECIPES[model]
    namespace = notebook_namespace(notebook, markers)  # seeds, loads the digits, builds the step
    step, digits = namespace[step_name], namespace["digits"]
    data = eval(data_name, namespace)  # noqa: S307
    quality = gh.DigitQuality(digits, conditional=model == "cgan")
    measure = measure_with(model, quality)
    bounds = targets(model)
    course = course_race(
        f"notebook {notebook[:2]}", step, data, namespace["BATCH_SIZE"], measure, bounds, cap, every
    )
    gh.seed_everything(seed)
    images = digits.images.cpu()
    labels = digits.labels.cpu() if model == "cgan" else None
    loop = StandardLoop(model, images, labels)
    wrapper = {"dcgan": gh.AdversarialStep, "cgan": gh.ConditionalStep, "infogan": gh.InfoGANStep}
    wrapped = wrapper[model](loop.generator, loop.discriminator, None, None)
    standard = race(f"standard {model}", loop.run, lambda: measure(wrapped), bounds, cap, every)
    return standard, course, {"name": digits.source, "images": len(digits)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=10.0, help="minutes of training per loop")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between measurements")
    parser.add_argument("--seed", type=int, default=111)
    parser.add_argument(
        "--models", nargs="+", choices=list(RESULTS_NAMES), default=list(RESULTS_NAMES)
    )
    args = parser.parse_args()
    os.environ["GANHELPERS_FAST"] = "0"  # the notebooks' cells read their full-mode parameters
    committed = gh.read_results().get(NAME)
    previous = committed["metrics"] if committed is not None else {}
    pairs = dict(previous)
    for model in args.models:
        pair = mlp_pair if model == "mlp" else notebook_pair
        standard, course, data = pair(model, args.seed, args.cap * 60, args.every)
        standard["label"] = "seed tutorial" if model == "mlp" else f"standard {model} loop"
        course["label"] = f"notebook {RESULTS_NAMES[model][:2]}"
        pairs[model] = {
            "notebook": RESULTS_NAMES[model],
            "standard": standard,
            "course": course,
            "data": data,
            "cap_minutes": args.cap,
            "every_seconds": args.every,
        }
        for run in (standard, course):
            outcome = (f"targets met after {run['seconds']:.0f} s ({run['epochs']} epochs)"
                       if run["reached"] else f"not met in {args.cap:g} min")  # fmt: skip
            print(f"{model}, {run['label']}: {outcome}", flush=True)
    written = gh.write_results(
        NAME,
        data="; ".join(sorted({pair["data"]["name"] for pair in pairs.values()})),
        images=max(pair["data"]["images"] for pair in pairs.values()),
        seed=args.seed,
        train_seconds=sum(p[r]["seconds"] for p in pairs.values() for r in ("standard", "course")),
        metrics=pairs,
        device="cpu",
        targets={m: targets(m) for m in pairs},
    )
    print(f"wrote {written}; `make results` commits it, `make report` redraws its plot")


if __name__ == "__main__":
    main()
