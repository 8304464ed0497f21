"""Test-wide settings. Notebook kernels inherit this environment, so nbval runs them in fast mode,
on the offline MNIST sample (tests never download), writing artefacts to a temporary folder.

``make test`` spreads the suite over the CPU's cores with pytest-xdist: every cell of one notebook
must run in the same kernel, so each notebook's cells go to one worker together; every other test
is scheduled on its own (``pytest_xdist_make_scheduler`` below)."""

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


# A notebook that reads another's checkpoint from the output folder runs on the same worker, after
# it (collection order): notebook 08 compares with the DCGAN notebook 03 trains.
NEEDS = {"notebooks/08_why_not_an_autoencoder.ipynb": "notebooks/03_dcgan.ipynb"}


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under pytest-xdist: every cell of a notebook to one worker (they share one kernel), every
    other test scheduled on its own."""
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return NEEDS.get(path, path) if path.endswith(".ipynb") else nodeid

    return NotebookScheduling(config, log)


# Tests that execute a whole notebook, longest first: scheduled before the short unit tests, so
# that neither worker is left alone with a long run at the end.
LONG_FIRST = ("tests/test_browser.py", "tests/test_try_this.py::test_the_suggested", "notebooks/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next(
            (i for i, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)),
            len(LONG_FIRST),
        )

    items.sort(key=rank)  # stable: the order within each rank is kept
