"""Results files: every full-mode notebook and benchmark writes what it measured to
``results/<name>.json`` (committed), with the data, seed, training time and environment beside
the metrics, so README tables are generated from one place (``python -m ganhelpers.report``).
Fast-mode runs write to ``<output_dir>/results/`` instead and never touch the committed files."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

import torch

from .config import fast_mode, output_dir

REPOSITORY = Path(__file__).resolve().parents[1]


RESULTS_ENV = "GANHELPERS_RESULTS_DIR"


def results_dir() -> Path:
    """``results/`` at the repository root in full mode; a folder under ``output_dir()`` in fast
    mode (so tests never overwrite measured figures). ``GANHELPERS_RESULTS_DIR`` overrides both
    (a benchmark that reruns a notebook with other seeds collects its files there)."""
    if os.environ.get(RESULTS_ENV):
        path = Path(os.environ[RESULTS_ENV])
    else:
        path = output_dir() / "results" if fast_mode() else REPOSITORY / "results"
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
        raise ValueError(f"name must be a plain file stem, got {name!r}")
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


def read_results(folder: str | Path | None = None) -> dict[str, dict]:
    """Every results file of ``folder`` (default: the committed ``results/``), by name."""
    folder = Path(folder) if folder is not None else REPOSITORY / "results"
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}
