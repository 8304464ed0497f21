"""The troubleshooting guide is generated from the committed results: the page on disk is what
``tools/troubleshooting_guide.py`` writes from them now, and every entry has its four parts."""

from pathlib import Path

from tools.troubleshooting_guide import GUIDE, render


def test_the_guide_is_up_to_date_with_the_results(tmp_path: Path):
    assert GUIDE.read_text() == render(tmp_path), (
        "docs/when_training_goes_wrong.md is stale: run python -m tools.troubleshooting_guide"
    )
    assert len(list(tmp_path.glob("*.png"))) == 3


def test_each_measured_entry_has_what_cause_and_change():
    entries = GUIDE.read_text().split("\n## ")[1:-1]  # the last one lists what is not measured
    assert len(entries) >= 5
    for entry in entries:
        for part in ("**What it looks like here.**", "**Cause.**", "**What to change.**"):
            assert part in entry, f"{entry.splitlines()[0]!r} lacks {part}"
