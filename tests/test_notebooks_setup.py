"""The README's run command registers the kernel the notebooks name, and every notebook follows
the course's conventions."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_conventions(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata.kernelspec.name == "gan"
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), (
        "commit notebooks without outputs; make run writes executed copies to outputs/"
    )
    assert (
        notebook.cells[0].cell_type == "markdown"
        and "What you will learn" in notebook.cells[0].source
    )
    assert "What to try next" in notebook.cells[-1].source
    imports = next(c for c in notebook.cells if c.cell_type == "code").source.splitlines()
    import_lines = [line for line in imports if line.startswith(("import ", "from "))]
    assert 0 < len(import_lines) <= 4 and "import ganhelpers as gh" in import_lines
    # Fast-mode checks sit under the closing "## Checks" heading, not inside the lesson.
    headings = [i for i, c in enumerate(notebook.cells) if c.source.startswith("## Checks")]
    assert len(headings) == 1
    with_asserts = [
        i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and "assert " in c.source
    ]
    assert with_asserts and min(with_asserts) > headings[0]


def test_notebooks_are_numbered_from_00_without_gaps():
    numbers = [int(path.name[:2]) for path in NOTEBOOKS]
    assert numbers == list(range(len(numbers))) and len(numbers) >= 6


def test_make_kernel_registers_the_gan_kernel(jupyter_data_dir):
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"],
        env={**os.environ, "JUPYTER_DATA_DIR": str(jupyter_data_dir)},
        check=True,
        capture_output=True,
        text=True,
    )
    kernels = json.loads(listing.stdout)["kernelspecs"]
    assert "gan" in kernels
    assert kernels["gan"]["spec"]["display_name"] == "Python (gan)"
    assert Path(kernels["gan"]["resource_dir"]).is_relative_to(jupyter_data_dir)


LESSONS = [p for p in NOTEBOOKS if "01" <= p.name[:2] <= "09"]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_each_lesson_opens_with_its_paper_card(path):
    """Notebooks 01-09: right after the title, the paper (who and when), its idea, its objective
    and what this notebook does with it."""
    card = nbformat.read(path, as_version=4).cells[1]
    assert card.cell_type == "markdown" and card.source.startswith("## The paper")
    for field in ("**Who, when:**", "**The idea:**", "**The objective", "**This notebook:**"):
        assert field in card.source, f"{path.name}'s paper card lacks {field}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_ends_its_lesson_with_takeaways_and_references(path):
    cells = nbformat.read(path, as_version=4).cells
    takeaways = [c.source for c in cells if c.source.startswith("## Takeaways")]
    assert len(takeaways) == 1, f"{path.name}: one '## Takeaways' cell"
    assert path.name.startswith("10") or "**References.**" in takeaways[0]
