"""The fill-in exercises: every worked answer in ``notebooks/answers/`` passes its check; every
known mistake and an unfinished function fail it with their own message; and each notebook's
fill-in cell, run with its check cell as committed (unfinished), says so, and with the worked
answer in its place, passes."""

import importlib.util
import json
from pathlib import Path

import pytest
import torch

import ganhelpers as gh
from ganhelpers.course.exercises import EXERCISES

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = sorted((ROOT / "notebooks" / "answers").glob("*.py"))


def _answers(path: Path) -> dict:
    spec = importlib.util.spec_from_file_location(f"answers_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ANSWERS


ALL_ANSWERS = {name: fn for path in ANSWERS for name, fn in _answers(path).items()}


def test_every_exercise_has_a_worked_answer_and_a_notebook():
    assert set(ALL_ANSWERS) == set(EXERCISES)
    for path in ANSWERS:
        assert (ROOT / "notebooks" / f"{path.stem}.ipynb").exists()


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_worked_answer_passes(name, capsys):
    assert gh.check_exercise(name, ALL_ANSWERS[name])
    assert capsys.readouterr().out.startswith(f"✓ {name}")


@pytest.mark.parametrize(
    "name, index",
    [(name, i) for name, e in sorted(EXERCISES.items()) for i in range(len(e.mistakes))],
)
def test_a_known_mistake_fails_with_its_own_message(name, index, capsys):
    mistake, message = EXERCISES[name].mistakes[index]
    assert not gh.check_exercise(name, mistake)
    assert capsys.readouterr().out.strip() == f"✗ {name}: {message}"


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_an_unfinished_or_crashing_answer_says_what_is_wrong(name, capsys):
    assert not gh.check_exercise(name, lambda *args: None)
    assert "returns None: finish it" in capsys.readouterr().out
    assert not gh.check_exercise(name, lambda *args: 1 / 0)
    assert "raised ZeroDivisionError" in capsys.readouterr().out
    assert not gh.check_exercise(name, lambda *args: torch.ones(2, 5))
    assert "shape (2, 5)" in capsys.readouterr().out


def test_an_unknown_exercise_is_refused_with_the_list():
    with pytest.raises(gh.ArgumentError, match="01-generator-loss"):
        gh.check_exercise("01-generator-los", ALL_ANSWERS["01-generator-loss"])


def _exercise_cells(notebook: str) -> list[tuple[str, str, str]]:
    """(exercise, fill-in cell source, check cell source) in the notebook's order."""
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells]
    found = []
    for i, source in enumerate(sources):
        if source.startswith("gh.check_exercise("):
            found.append((source.split('"')[1], sources[i - 1], source))
    return found


@pytest.mark.parametrize("path", ANSWERS, ids=lambda p: p.stem)
def test_the_notebook_cells_fail_unfinished_and_pass_with_the_answer(path, capsys):
    cells = _exercise_cells(path.stem)
    assert {name for name, *_ in cells} == set(_answers(path))
    for name, fill_in, check in cells:
        namespace = {"gh": gh, "torch": torch}
        exec(fill_in, namespace)  # the cell as committed: a stub returning None
        exec(check, namespace)
        assert f"✗ {name}: your function returns None" in capsys.readouterr().out
        defined = fill_in.split("def ")[1].split("(")[0]
        namespace[defined] = ALL_ANSWERS[name]
        exec(check, namespace)
        assert capsys.readouterr().out.startswith(f"✓ {name}")
