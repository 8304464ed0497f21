"""Results files: every notebook and benchmark run writes what it measured, with the data, seed,
training time and environment beside the metrics, to ``<output_dir>/results/<name>.json``
(``outputs/results/`` by default, git-ignored), so running the course never changes a committed
file. The committed figures live in ``results/`` at the repository root: a maintainer promotes a
full-mode run's files there with ``make results`` and regenerates the README and
``docs/benchmarks.md`` with ``make report``; notebooks compare their own run with them
(``read_results``)."""

from __future__ import annotations

import json
import math
import os
import platform
from pathlib import Path

import torch

from .arguments import checked_arguments
from .config import fast_mode, output_dir
from .errors import ArgumentError, DataNotFound
from .validation import as_count

REPOSITORY = Path(__file__).resolve().parents[2]
COMMITTED_RESULTS = REPOSITORY / "results"  # the course's published figures (``make results``)


RESULTS_ENV = "GANHELPERS_RESULTS_DIR"


def results_dir() -> Path:
    """Where a run writes its results files: ``results/`` under ``output_dir()``, in fast and full
    mode alike, never the committed ``COMMITTED_RESULTS``. ``GANHELPERS_RESULTS_DIR`` overrides
    it (a benchmark that reruns a notebook with other seeds collects its files there)."""
    if os.environ.get(RESULTS_ENV):
        path = Path(os.environ[RESULTS_ENV])
    else:
        path = output_dir() / "results"
    path.mkdir(parents=True, exist_ok=True)
    return path


def environment(device: torch.device | str) -> dict[str, object]:
    """What the figures were measured on: torch version, device, threads, processor."""
    return {
        "torch": torch.__version__,
        "device": str(device),
        "threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


@checked_arguments
def write_results(
    name: str,
    *,
    data: str,
    images: int,
    seed: int,
    train_seconds: float,
    metrics: dict[str, object],
    device: torch.device | str,
    **details: object,
) -> Path:
    """Write ``results/<name>.json`` (see ``results_dir``) and return its path. ``metrics`` uses the
    course's keys: ``fid``, ``fid_floor``, ``classes_covered``, ``classifier_score``,
    ``label_accuracy`` and ``code_accuracy`` (fractions in [0, 1]); ``details`` holds anything
    else worth keeping (recipe, epochs, per-epoch curves)."""
    if not name or "/" in name:
        raise ArgumentError(f"name must be a plain file stem, got {name!r}")
    images = as_count(images, "images", minimum=0)
    _check_finite(metrics, "metrics")
    record = {
        "name": name,
        "mode": "fast" if fast_mode() else "full",
        "data": {"name": data, "images": int(images)},
        "seed": seed,
        "train_seconds": round(float(train_seconds), 1),
        "environment": environment(device),
        "metrics": metrics,
        **details,
    }
    path = results_dir() / f"{name}.json"
    path.write_text(json.dumps(record, indent=2, default=float) + "\n")
    return path


def _check_finite(value: object, where: str) -> None:
    """Refuse NaN and infinite figures (JSON has no NaN; a NaN figure is a failed measure)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_finite(item, f"{where}[{key!r}]")
    elif isinstance(value, float) and not math.isfinite(value):
        raise ArgumentError(
            f"{where} is {value} (NaN or infinite): a results file keeps measured figures only"
        )


@checked_arguments
def read_results(folder: str | Path | None = None) -> dict[str, dict]:
    """Every results file of ``folder`` (default: the committed ``results/``), by name."""
    folder = Path(folder) if folder is not None else COMMITTED_RESULTS
    if not folder.is_dir():
        raise DataNotFound(f"no folder at {folder}: give a folder of results files")
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}
