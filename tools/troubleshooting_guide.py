"""Write ``docs/when_training_goes_wrong.md`` and its figures (``assets/guide/``) from the
committed results files: for each symptom, what it looked like in the course's own measured runs,
its cause and what to change. Every figure and number comes from ``results/*.json``; a symptom the
course has not measured yet says so.

    .venv/bin/python -m tools.troubleshooting_guide
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from ganhelpers.course.results import read_results  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "when_training_goes_wrong.md"
FIGURES = ROOT / "assets" / "guide"


def _save(fig: plt.Figure, folder: Path, name: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(folder / name, dpi=80, metadata={"Software": None})
    plt.close(fig)
    return f"../assets/guide/{name}"


def _vanishing_push(results: dict[str, dict], folder: Path) -> str:
    playground = results["10_gan_playground"]["metrics"]
    push = playground["mean_generator_gradient"]
    fig, ax = plt.subplots(figsize=(4.2, 2.6))
    ax.bar(list(push), list(push.values()), color=["tab:red", "tab:green"])
    ax.set_ylabel("mean |G's push| on the fakes")
    ax.set_title("D made strong (5 D steps, lr ×10)", fontsize=9)
    figure = _save(fig, folder, "vanishing_push.png")
    return f"""## G's loss near 0 (or stalled) while nothing improves: D wins

**What it looks like here.** Notebook 10 made D strong on the ring (5 D steps per G step, D's
learning rate ×10) and measured how hard G's loss pushes the fakes: under the saturating
(minimax) loss {push["saturating"]:.2f}, under the non-saturating loss {push["non-saturating"]:.2f}
({playground["sigmoid_saturated_share"]:.0%} of the fakes sat where D's sigmoid is saturated).

![G's push under each loss]({figure})

**Cause.** log(1 − D(G(z))) is flat where D confidently rejects the fakes: its gradient with
respect to D's logit is −D(G(z)) ≈ 0 (notebook 00, section 3). G's loss *looks* fine (near 0)
while G learns nothing.

**What to change.** The non-saturating loss −log D(G(z)) (`gh.AdversarialStep`, the default);
a slower D (fewer D steps, a smaller rate); augmentation of what D sees (notebook 02).
Notebooks: [00](../notebooks/00_generative_vs_discriminative.ipynb),
[01 exercise 3](../notebooks/01_sine_gan.ipynb), [10](../notebooks/10_gan_playground.ipynb).
"""


def _mode_collapse(results: dict[str, dict], folder: Path) -> str:
    collapse = results["06_mode_collapse"]
    ring = collapse["metrics"]["ring"]
    techniques = sorted(ring, key=lambda t: ring[t]["modes"])
    fig, ax = plt.subplots(figsize=(5.2, 2.8))
    ax.barh(techniques, [ring[t]["modes"] for t in techniques], color="tab:blue")
    ax.axvline(8, color="0.3", ls=":", lw=1)
    ax.set_xlabel(f"modes covered of 8 (mean of {collapse['seeds']} seeds)")
    ax.tick_params(labelsize=7)
    figure = _save(fig, folder, "mode_collapse.png")
    pacgan = results["10_gan_playground"]["metrics"]["modes_covered"]
    return f"""## Samples of only a few kinds: mode collapse

**What it looks like here.** On the ring of 8 Gaussians (notebook 06, {collapse["seeds"]} seeds
per technique) the vanilla GAN covered {ring["vanilla"]["modes"]:.1f} modes on average and
minibatch discrimination {ring["minibatch discrimination"]["modes"]:.1f}; PacGAN
{ring["PacGAN"]["modes"]:.1f}. With D made strong (notebook 10), the vanilla GAN kept
{pacgan["no PacGAN"]:.1f} modes, PacGAN from the start {pacgan["PacGAN from the start"]:.1f}, and
PacGAN switched on halfway only {pacgan["PacGAN from halfway"]:.1f}: collapse is easier to
prevent than to undo.

![modes covered per technique]({figure})

**Cause.** G only has to fool the *current* D; moving all samples to where D is weakest pays,
until D catches up and G moves on. The losses can look healthy throughout.

**What to change.** Count it (classes covered on MNIST, modes on the mixtures), then a D that sees
several samples at once (PacGAN), feature matching, or a different loss (WGAN-GP); compare over
several seeds. Notebooks: [06](../notebooks/06_mode_collapse.ipynb),
[10](../notebooks/10_gan_playground.ipynb), [03](../notebooks/03_dcgan.ipynb) (PacGAN on digits).
"""


def _memorising(results: dict[str, dict], folder: Path) -> str:
    mlp = results["02_mlp_gan"]
    curve = sorted((int(e), f) for e, f in mlp["fid_per_epoch"].items())
    fig, ax = plt.subplots(figsize=(4.6, 2.6))
    ax.plot([e for e, _ in curve], [f for _, f in curve], marker=".")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("FID (log scale)")
    ax.set_title("notebook 02, 5,000 digits", fontsize=9)
    figure = _save(fig, folder, "fid_per_epoch.png")
    best_epoch, best = min(curve, key=lambda point: point[1])
    last_epoch, last = curve[-1]
    return f"""## Quality peaks, then falls: D memorises a small data set

**What it looks like here.** With only the 5,000-digit offline sample, a discriminator trained for
many epochs learns the training digits themselves. Notebook 02 measures D's output on its training
digits against digits it never saw: the gap opens when it starts memorising, and quality follows.
Its committed run trains with the remedies below; the FID it logs during training (1,000 samples)
was lowest, {best:.1f}, at epoch {best_epoch}, and {last:.1f} at the last check (epoch
{last_epoch}).

![FID per epoch of notebook 02's run]({figure})

**Cause.** D overfits its training set; G is then rewarded for copying particular digits, not for
drawing digits.

**What to change.** Augment what D sees, real and fake alike (translation, DiffAugment), average
G's weights, stop when the held-out gap opens (`gh.DiscriminatorOverfitting`), or use more data.
Notebooks: [02](../notebooks/02_mnist_mlp_gan.ipynb), [07](../notebooks/07_your_own_images.ipynb)
(the memorisation check on your own images).
"""


def _seeds(results: dict[str, dict]) -> str:
    semi = results["semi_supervised_seeds"]
    selfc = results["self_conditioned_seeds"]
    fids = [run["fid"] for run in selfc["runs"]]
    m = semi["metrics"]
    return f"""## My results differ from the notebook's: seeds

**What it looks like here.** The same recipe, other seeds: notebook 03's self-conditioned DCGAN
gave FID {", ".join(f"{f:.1f}" for f in fids)} over seeds {
        ", ".join(str(r["seed"]) for r in selfc["runs"])
    }; notebook 09's semi-supervised GAN {m["test_accuracy_mean"]:.1%} ±
{m["test_accuracy_std"]:.1%} test accuracy over {len(semi["runs"])} seeds, its baseline
{m["baseline_accuracy_mean"]:.1%} ± {m["baseline_accuracy_std"]:.1%}.

**Cause.** A GAN's training is a game whose path depends on the initial weights and the order of
the batches; FID on 1,000 samples also varies from one sample to the next. Different hardware or
library versions change the arithmetic slightly, and the path with it.

**What to change.** Nothing, if your figure is within the spread above; compare recipes on several
seeds (notebook 06 reports mean ± standard deviation), and fix the seed (`gh.seed_everything`) to
reproduce one run on one machine.
"""


def _nan() -> str:
    return """## NaN: training stops

**What it looks like here.** `gh.train_gan` stops with a `gh.TrainingDiverged` error naming the
epoch and the batch where the loss first became NaN or infinite (tested in `tests/test_train.py`).

**Cause.** Usually a learning rate too large for the networks, data outside [−1, 1] or containing
NaN, or a loss written on probabilities where it should be on logits (log 0).

**What to change.** A smaller learning rate; check the data (`gh.train_gan` refuses NaN pixels and
the wrong range before training); compute losses from logits (`binary_cross_entropy_with_logits`,
`softplus`), as the course's steps do.
"""


def _not_measured(results: dict[str, dict]) -> str:
    infogan = results["infogan_seeds"]
    return f"""## Not measured yet

The course has no measured run of these yet, so no entry: **oscillation** (D(x) and D(G(z))
swinging in opposite phase; see the table in notebook 01 for how to read it), **checkerboard
artefacts** of transposed convolutions (Odena et al. 2016), and **InfoGAN codes that do not find
the classes** (the committed InfoGAN seed runs, `results/infogan_seeds.json`, reach
{infogan["metrics"]["code_accuracy_min"]:.1%} code accuracy at worst over
{len(infogan["runs"])} seeds; notebook 05's suggestions show how to leave its recipe and look for
it).
"""


def render(figures: Path = FIGURES) -> str:
    """The guide's text; its figures are written into ``figures``."""
    results = read_results()
    sections = [
        _vanishing_push(results, figures),
        _mode_collapse(results, figures),
        _memorising(results, figures),
        _seeds(results),
        _nan(),
        _not_measured(results),
    ]
    header = """# When GAN training goes wrong

Symptom → what it looked like in this course's own measured runs → cause → what to change. Every
figure and number below is read from the committed `results/*.json` by
`tools/troubleshooting_guide.py`, which writes this page; rerun it after a full-mode run.
"""
    return "\n".join([header, *sections])


def main() -> None:
    GUIDE.parent.mkdir(parents=True, exist_ok=True)
    GUIDE.write_text(render())
    print(f"wrote {GUIDE.relative_to(ROOT)} and {len(list(FIGURES.glob('*.png')))} figures")


if __name__ == "__main__":
    main()
