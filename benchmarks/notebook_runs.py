"""Executing a notebook in full mode with injected parameters, as papermill would: shared by the
benchmarks that run a notebook over several seeds."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from ganhelpers.course.results import REPOSITORY, RESULTS_ENV


def run_notebook(name: str, parameters: str, folder: Path, until: str | None = None) -> dict:
    """Execute ``notebooks/<name>.ipynb`` with ``parameters`` (lines of Python) appended to its
    parameters cell, its files and results going to ``folder``, and return its results record.
    ``until``: the heading of the first Markdown cell not to run (e.g. ``"## Checks"``)."""
    path = REPOSITORY / "notebooks" / f"{name}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += f"\n{parameters}  # injected by a benchmark"
    if until is not None:
        stop = next(i for i, c in enumerate(notebook.cells) if c.source.startswith(until))
        notebook.cells = notebook.cells[:stop]
    client = NotebookClient(
        notebook,
        timeout=-1,
        km=KernelManager(kernel_name="python3", transport_encryption="auto"),
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(  # the kernel's environment only: this process's stays as it was
        env={**os.environ, RESULTS_ENV: str(folder), "GANHELPERS_OUTPUT_DIR": str(folder)}
    )
    return json.loads((folder / f"{name}.json").read_text())


def runs_over_seeds(
    name: str, seeds: list[int], parameters: str = "", until: str | None = None
) -> Iterator[tuple[int, dict, float]]:
    """Run ``notebooks/<name>.ipynb`` in full mode once per seed (``SEED = <seed>`` plus
    ``parameters`` injected), each in a temporary folder; yield ``(seed, results record, wall
    seconds for the notebook)``. Sets ``GANHELPERS_FAST=0`` for this process too, so that the
    caller's summary is written as a full-mode results file."""
    os.environ["GANHELPERS_FAST"] = "0"
    for seed in seeds:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            injected = f"SEED = {seed}\n{parameters}".rstrip()
            record = run_notebook(name, injected, Path(folder), until)
        yield seed, record, time.perf_counter() - started
