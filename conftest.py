"""Test-wide settings. Notebook kernels inherit this environment, so nbval runs them in fast mode,
on the offline MNIST sample (tests never download), writing artefacts to a temporary folder.

``make test`` spreads the suite over the CPU's cores with pytest-xdist (``--dist loadgroup``):
every cell of one notebook must run in the same kernel, so each notebook's cells form one group,
sent whole to one worker; every other test is scheduled on its own."""

import os
import tempfile

import pytest

os.environ.setdefault("GANHELPERS_FAST", "1")
os.environ.setdefault("GANHELPERS_MNIST_SOURCE", "offline")
os.environ.setdefault("GANHELPERS_OUTPUT_DIR", tempfile.mkdtemp(prefix="ganhelpers-test-"))
# Each xdist worker, and the notebook kernels it starts, gets an equal share of the cores: more
# torch threads than cores would make every worker wait on the others.
_workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if _workers > 1:
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // _workers)))


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("::")[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
