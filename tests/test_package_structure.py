"""The package shows its architecture: the GAN code (``ganhelpers/gan``) apart from the plumbing
(``ganhelpers/course``), the maintainers' tooling outside it (``tools/``), a map of both in the
docstrings, no import cycle, and the step a notebook teaches on one screen."""

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ganhelpers
from ganhelpers import AdversarialStep

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ganhelpers"
SUBPACKAGES = ("gan", "course")


def test_the_step_a_notebook_teaches_fits_on_one_screen_and_holds_both_updates():
    source = inspect.getsource(AdversarialStep.__call__)
    assert len(source.splitlines()) <= 30
    for needed in ("discriminator_loss", "fake.detach()", "generator_loss", "d_optimizer"):
        assert needed in source, needed


def _modules() -> dict[str, Path]:
    """``"gan.step"`` → its file, for every module of the two subpackages."""
    return {
        f"{sub}.{path.stem}": path
        for sub in SUBPACKAGES
        for path in sorted((PACKAGE / sub).glob("*.py"))
        if path.stem != "__init__"
    }


def _imports(name: str, path: Path) -> set[str]:
    """The package modules ``path`` imports (relative imports, function-local included)."""
    sub = name.split(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level in (1, 2) and node.module:
            names.add(f"{sub}.{node.module}" if node.level == 1 else node.module)
    return names


def test_the_package_has_only_two_subpackages_and_an_index():
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py"]
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(SUBPACKAGES)


def test_the_package_has_no_import_cycle():
    graph = {name: _imports(name, path) for name, path in _modules().items()}
    visiting, done = set(), set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in visiting, "import cycle: " + " → ".join([*path, module])
        if module in done or module not in graph:
            return
        visiting.add(module)
        for imported in graph[module]:
            visit(imported, [*path, module])
        visiting.discard(module)
        done.add(module)

    for module in graph:
        visit(module, [])


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_each_subpackage_docstring_lists_each_of_its_modules(sub):
    docstring = (PACKAGE / sub / "__init__.py").read_text()
    for name in _modules():
        if name.startswith(f"{sub}."):
            assert f"``{name.split('.')[1]}``" in docstring, f"{name} is missing from the map"


def test_the_package_map_names_existing_modules_for_every_notebook():
    docstring = ganhelpers.__doc__
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f"- {notebook.stem[:2]} " in docstring, f"notebook {notebook.stem[:2]} not mapped"
    named = set(re.findall(r"``((?:gan|course)\.\w+)``", docstring))
    assert named and named <= set(_modules()), sorted(named - set(_modules()))


def test_importing_the_package_leaves_out_the_maintainers_tools():
    code = "import sys, ganhelpers; print(sorted(m for m in sys.modules if m.startswith('tools')))"
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert printed.strip() == "[]"


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "tools.report", "--check"],
        ["-m", "tools.promote_results", "--help"],
        ["-m", "tools.train_classifier", "--help"],
    ],
)
def test_documented_commands_print_no_warning(command):
    done = subprocess.run(
        [sys.executable, "-W", "default", *command], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
