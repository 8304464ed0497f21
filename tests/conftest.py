"""Fixtures shared by the tests that need a Jupyter setup."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def jupyter_data_dir(tmp_path: Path) -> Path:
    """A private Jupyter data folder in which the README's ``make kernel`` registered ``gan``."""
    data_dir = tmp_path / "jupyter-data"
    env = {**os.environ, "JUPYTER_DATA_DIR": str(data_dir)}
    env.setdefault("CONDA_PREFIX", sys.prefix)  # make uses this interpreter's environment as it is
    subprocess.run(["make", "-s", "kernel"], cwd=ROOT, env=env, check=True, capture_output=True)
    return data_dir
