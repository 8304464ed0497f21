"""Promote a full-mode run's results files to the committed ``results/`` (``make results``).

Running the course (``make run``) or a benchmark writes its results to ``outputs/results/``, so
that a learner's run never changes a committed file. A maintainer who wants a run's figures in
the course copies them here, then regenerates the README with ``make report``. Fast-mode files are
refused: the committed figures are full-mode figures only."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from ganhelpers.course.config import output_dir
from ganhelpers.course.results import COMMITTED_RESULTS


def changes(old: dict | None, new: dict) -> str:
    """The metrics that differ between two records of one results file, as a short phrase."""
    if old is None:
        return "new"
    before, after = old.get("metrics", {}), new.get("metrics", {})
    changed = [
        f"{key} changed" if isinstance(value, dict) else f"{key} {before.get(key)!r} → {value!r}"
        for key, value in after.items()
        if before.get(key) != value
    ]
    return "; ".join(changed) if changed else "same metrics"


def promote(
    source: Path, names: list[str] | None = None, target: Path = COMMITTED_RESULTS
) -> list[str]:
    """Copy the full-mode results files of ``source`` (only ``names`` when given) to ``target``;
    return one line per file saying what happened."""
    paths = sorted(source.glob("*.json"))
    if names:
        missing = sorted(set(names) - {path.stem for path in paths})
        if missing:
            raise SystemExit(f"no results file for {', '.join(missing)} in {source}")
        paths = [path for path in paths if path.stem in names]
    lines = []
    for path in paths:
        record = json.loads(path.read_text())
        if record.get("mode") != "full":
            lines.append(f"{path.stem}: skipped, a {record.get('mode')}-mode run")
            continue
        committed = target / path.name
        old = json.loads(committed.read_text()) if committed.exists() else None
        shutil.copyfile(path, committed)
        lines.append(f"{path.stem}: {changes(old, record)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="results files to promote (default: all)")
    parser.add_argument(
        "--source", type=Path, default=None, help="folder of the run (default: outputs/results)"
    )
    args = parser.parse_args()
    source = args.source if args.source is not None else output_dir() / "results"
    lines = promote(source, args.names)
    print("\n".join(lines) if lines else f"no results files in {source}")
    print("now run `make report` to regenerate the README's and docs/benchmarks.md's figures")


if __name__ == "__main__":
    main()
