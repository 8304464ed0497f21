"""Every relative link in the README, the docs and the notebooks' text points at a file that
exists, and a link to a notebook section (``02_mnist_mlp_gan.ipynb#Measuring-quality``) at a
heading it has."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _markdown(path: Path) -> str:
    if path.suffix != ".ipynb":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _anchors(notebook: Path) -> set[str]:
    """The anchors JupyterLab gives a notebook's headings: the text, spaces as hyphens."""
    headings = re.findall(r"^#{1,6}\s+(.+)$", _markdown(notebook), flags=re.MULTILINE)
    return {heading.strip().replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("source", [ROOT / "README.md", *DOCS, *NOTEBOOKS], ids=lambda p: p.name)
def test_relative_links_resolve(source):
    for target in LINK.findall(_markdown(source)):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        resolved = (source.parent / path).resolve() if path else source
        assert resolved.exists(), f"{source.name}: broken link {target}"
        if anchor and resolved.suffix == ".ipynb":
            assert anchor in _anchors(resolved), f"{source.name}: no heading for {target}"


def test_the_link_pattern_finds_links():
    assert LINK.findall("see [notebook 02](02_mnist_mlp_gan.ipynb#Measuring-quality).") == [
        "02_mnist_mlp_gan.ipynb#Measuring-quality"
    ]
