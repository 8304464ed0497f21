"""The core stays readable: the GAN step fits on a screen, the package has no import cycle."""

import ast
import inspect
from pathlib import Path

from ganhelpers import AdversarialStep

PACKAGE = Path(__file__).resolve().parents[1] / "ganhelpers"


def test_the_step_a_notebook_teaches_fits_on_one_screen_and_holds_both_updates():
    source = inspect.getsource(AdversarialStep.__call__)
    assert len(source.splitlines()) <= 30
    for needed in ("discriminator_loss", "fake.detach()", "generator_loss", "d_optimizer"):
        assert needed in source, needed


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, anywhere in the file (function-local included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


def test_the_package_has_no_import_cycle():
    graph = {p.stem: _imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
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
