"""Every "What to try next" suggestion that tells the learner to change code runs as written: the
notebook is executed in fast mode with the changes its closing cell suggests applied to the cells
they name, up to its checks; one execution per notebook. (Suggestions that only raise ``EPOCHS``
or say "continue with" need no test.)"""

from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbformat import NotebookNode, reads

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PARAMETERS = "parameters"
LABEL_HIDDEN = """class LabelHiddenFromD(gh.ConditionalStep):
    def discriminate(self, x, labels):
        return self.discriminator(x, torch.zeros_like(labels))
"""

SATURATING = """class SaturatingStep(gh.AdversarialStep):
    def generator_loss(self, real, fake, z, labels):
        return -torch.nn.functional.softplus(self.judge(fake, labels)).mean()
"""

FOOLING = """class FoolingStep(gh.SemiSupervisedStep):
    def generator_loss(self, real, fake, z, labels):
        return gh.AdversarialStep.generator_loss(self, real, fake, z, labels)
"""

# (notebook, the cell to change: a snippet it contains or PARAMETERS, replace this, by this).
# The suggestion's own text must appear in the notebook's closing cell.
SUGGESTIONS = {
    "00 wider generator": (
        "00_generative_vs_discriminative",
        "jsd = [gh.theory.js_divergence_gaussians(0, 1, mu, 1)",
        "mu, 1)",
        "mu, 2)",
    ),
    "00 same covariance": (
        "00_generative_vs_discriminative",
        "points, labels = gh.theory.two_class_blobs(N_PER_CLASS, generator=generator)",
        "gh.theory.two_class_blobs(N_PER_CLASS, generator=generator)",
        "gh.theory.two_class_blobs(N_PER_CLASS, generator=generator, same_covariance=True)",
    ),
    "01 saturating loss": (
        "01_sine_gan",
        "step = gh.AdversarialStep(",
        "step = gh.AdversarialStep(",
        SATURATING + "\nstep = SaturatingStep(",
    ),
    "01 no dropout": (
        "01_sine_gan",
        "gh.SineDiscriminator()",
        "gh.SineDiscriminator()",
        "gh.SineDiscriminator(dropout=0.0)",
    ),
    "02 no translation": (
        "02_mnist_mlp_gan",
        "step = gh.IMPROVED_RECIPE.build(DEVICE)",
        "step = gh.IMPROVED_RECIPE.build(DEVICE)",
        "import dataclasses\n"
        "step = dataclasses.replace(gh.IMPROVED_RECIPE, translation=0).build(DEVICE)",
    ),
    "03 no PacGAN, beta1 0.9": ("03_dcgan", PARAMETERS, "", "PACK = 1\nBETA1 = 0.9"),
    "03 the paper's generator, copied statistics": (
        "03_dcgan",
        PARAMETERS,
        "",
        "STANDING_STATISTICS = False\nREFINEMENTS = 0",
    ),
    "03 ten clusters": ("03_dcgan", PARAMETERS, "", "CLUSTERS = 10"),
    "04 label hidden from D": (
        "04_cgan",
        "step = gh.ConditionalStep(",
        "step = gh.ConditionalStep(",
        LABEL_HIDDEN + "\nstep = LabelHiddenFromD(",
    ),
    "04 TTUR's direction": (
        "04_cgan",
        PARAMETERS,
        "",
        "G_LEARNING_RATE = 2e-4\nD_LEARNING_RATE = 1e-3",
    ),
    "09 G fools D": (
        "09_semi_supervised_gan",
        "run = gh.semi_supervised_run(",
        "run = gh.semi_supervised_run(",
        FOOLING + "\nrun = gh.semi_supervised_run(",
    ),
    "09 fooling step, D without noise": (
        "09_semi_supervised_gan",
        "run = gh.semi_supervised_run(",
        "    batch_size=BATCH_SIZE,\n)",
        "    batch_size=BATCH_SIZE,\n    step_class=FoolingStep,\n"
        "    discriminator=gh.SemiSupervisedDiscriminator(input_noise=0, hidden_noise=0),\n)",
    ),
    "05 code weights": (
        "05_infogan",
        PARAMETERS,
        "",
        "CATEGORICAL_WEIGHT = 0.5\nCONTINUOUS_WEIGHT = 0",
    ),
    "07 grey, 64 pixels": ("07_your_own_images", PARAMETERS, "", "IMAGE_SIZE = 64\nCHANNELS = 1"),
    "05 the paper's noise": ("05_infogan", PARAMETERS, "", "NOISE_STD = 1.0"),
    "05 D judges images alone": ("05_infogan", PARAMETERS, "", "CODE_PROJECTION = False"),
    "06 larger batch, longer": (
        "06_mode_collapse",
        PARAMETERS,
        "",
        "BATCH_SIZE = 1024\nEPOCHS = 180",
    ),
}


def _cell(notebook: NotebookNode, marker: str) -> NotebookNode:
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if (
            PARAMETERS in cell.metadata.get("tags", [])
            if marker == PARAMETERS
            else marker in cell.source
        ):
            return cell
    raise AssertionError(
        f"no code cell with {marker!r}: the suggestion no longer fits the notebook"
    )


def _apply(notebook: NotebookNode, case: str) -> None:
    """Apply suggestion ``case`` to ``notebook``, checking the closing cell still suggests it."""
    name, marker, old, new = SUGGESTIONS[case]
    closing = notebook.cells[-1].source
    for line in new.splitlines():
        assert not line.strip() or line.strip() in closing, f"{name} no longer suggests {line!r}"
    cell = _cell(notebook, marker)
    assert not old or old in cell.source, f"{name}: {old!r} is no longer in the cell"
    cell.source = cell.source.replace(old, new) if old else f"{cell.source}\n{new}"


def _notebook(name: str) -> NotebookNode:
    return reads((NOTEBOOKS / f"{name}.ipynb").read_text(), as_version=4)


@pytest.mark.parametrize("case", sorted(SUGGESTIONS))
def test_each_suggestion_is_still_made_and_still_fits_its_cell(case):
    _apply(_notebook(SUGGESTIONS[case][0]), case)


@pytest.mark.parametrize("name", sorted({name for name, *_ in SUGGESTIONS.values()}))
def test_the_suggested_changes_run_as_written(name, tmp_path, monkeypatch):
    """One fast-mode execution per notebook serves all its suggestions: each changes a different
    parameter or cell, so they are applied together (a failure names the cell that broke)."""
    notebook = _notebook(name)
    for case in sorted(SUGGESTIONS):
        if SUGGESTIONS[case][0] == name:
            _apply(notebook, case)
    # The checks at the end assert what the notebook's own recipe achieves; a changed recipe may
    # fail them (the 04 suggestion says its label check will), so the run stops before them.
    headings = [c.source.startswith("## Checks") for c in notebook.cells]
    checks = headings.index(True)
    notebook.cells = notebook.cells[:checks]
    monkeypatch.setenv("GANHELPERS_FAST", "1")
    monkeypatch.setenv("GANHELPERS_OUTPUT_DIR", str(tmp_path))
    client = NotebookClient(
        notebook,
        # CurveZMQ-encrypted kernel channels: no "running over TCP without encryption" warning.
        km=KernelManager(kernel_name="python3", transport_encryption="auto"),
        timeout=900,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if the suggestion breaks
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not any(o.output_type == "error" for o in outputs)
