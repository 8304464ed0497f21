"""The papers' own recipes in notebooks 02 and 03 and their deviation tables (issue #30): the
paper's networks have the paper's sizes, each notebook runs the paper's recipe before the course's
and records it, and every figure in a table is read from the committed results files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

import ganhelpers as gh
from ganhelpers.course.deviations import DEVIATIONS, deviation_markdown

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {
    "02_mlp_gan": "02_mnist_mlp_gan",
    "03_dcgan": "03_dcgan",
}
HEADLINE = {  # the figure each table's first row must show for both runs
    "02_mlp_gan": ("fid", "FID {:.1f}"),
    "03_dcgan": ("fid", "FID {:.1f}"),
}


def _parameters(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_maxout_outputs_the_largest_of_its_pieces():
    layer = gh.Maxout(3, 2, 4)
    x = torch.randn(5, 3)
    expected = layer.linear(x).view(5, 2, 4).amax(dim=2)
    assert torch.allclose(layer(x), expected)


def test_max_norm_bounds_what_a_unit_input_can_produce():
    layer = gh.Maxout(3, 2, 4, max_norm=0.5)
    unbounded = gh.Maxout(3, 2, 4)
    with torch.no_grad():
        for module in (layer, unbounded):
            module.linear.weight.fill_(10.0)
            module.linear.bias.zero_()
    x = torch.nn.functional.normalize(torch.randn(6, 3), dim=1)
    assert layer(x).abs().max() <= 0.5 + 1e-6
    assert unbounded(x).abs().max() > 1.0


def test_the_2014_networks_have_the_published_sizes():
    # Goodfellow et al.'s MNIST networks: 2,503,984 and 1,231,441 parameters
    assert _parameters(gh.PaperMLPGenerator()) == 2_503_984
    assert _parameters(gh.MaxoutDiscriminator()) == 1_231_441
    generator = gh.PaperMLPGenerator().eval()
    images = generator(torch.randn(4, 100))
    assert images.shape == (4, 1, 28, 28) and images.abs().max() <= 1
    assert gh.MaxoutDiscriminator()(images).shape == (4, 1)


def test_classified_codes_reads_every_code_value():
    generator = gh.DCGANGenerator(latent_dim=74, width=8)
    discriminator = gh.InfoGANDiscriminator(width=8)
    step = gh.InfoGANStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    codes, predicted = gh.classified_codes(step, gh.load_classifier(), per_code=3)
    assert codes.tolist() == [c for c in range(10) for _ in range(3)]
    assert predicted.shape == (30,) and 0 <= predicted.min() and predicted.max() < 10


@pytest.mark.parametrize("name", sorted(DEVIATIONS))
def test_each_table_shows_the_committed_figures_of_both_runs(name):
    results = gh.read_results()
    record = results[name]
    assert "paper" in record, f"results/{name}.json has no paper run: run the notebook in full mode"
    table = deviation_markdown(name, results)
    assert "not measured yet" not in table
    assert table.count("\n") == len(DEVIATIONS[name]) + 1  # header, rule, one line per row
    key, shown = HEADLINE[name]
    course = record["dcgan"] if name == "03_dcgan" else record
    first_row = table.splitlines()[2]
    assert shown.format(record["paper"]["metrics"][key]) in first_row
    assert shown.format(course["metrics"][key]) in first_row
    assert f"after {record['paper']['train_seconds']:.0f} s" in first_row


@pytest.mark.parametrize("name", sorted(DEVIATIONS))
def test_a_table_without_the_paper_run_says_so(name):
    results = {key: value for key, value in gh.read_results().items() if key != name}
    assert "not measured yet" in deviation_markdown(name, results).splitlines()[2]


def test_an_unknown_table_is_refused():
    with pytest.raises(gh.ArgumentError, match="02_mlp_gan"):
        gh.deviation_table("01_sine_gan")


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_the_paper_runs_first_then_the_table_then_the_course(name):
    notebook = json.loads((ROOT / "notebooks" / f"{NOTEBOOKS[name]}.ipynb").read_text())
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]

    def first(text: str) -> int:
        lines = [source.splitlines() for source in sources]
        return next(i for i, cell in enumerate(lines) if any(x.startswith(text) for x in cell))

    paper = first("paper_history = gh.train_gan(")
    table = first(f'gh.deviation_table("{name}")')
    course = first("history = gh.train_gan(")
    assert paper < table < course
    assert "    paper={" in sources[first(f'    "{name}",')]
