"""Every public entry point, every parameter, a fixed list of junk values: the exhaustive
companion of ``tests/test_fuzz_entry_points.py`` (which samples the same space with hypothesis).
Prints each call that ends in a raw error (not a ``GanHelpersError``) or runs past a time limit,
then the counts. Valid arguments come from the test module.

    .venv/bin/python benchmarks/entry_point_sweep.py                 # all entry points
    .venv/bin/python benchmarks/entry_point_sweep.py kmeans train_gan
"""

from __future__ import annotations

import math
import os
import signal
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import numpy as np
import torch

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))  # the valid arguments live with the tests

import ganhelpers as gh  # noqa: E402
from tests import test_fuzz_entry_points as fuzz  # noqa: E402

JUNK = [
    None, True, 0, -1, 2, -0.5, math.nan, math.inf, "", "x", "cuda", [], [1, 2], {},
    torch.zeros(0), torch.zeros(3), torch.zeros(2, 3, dtype=torch.float64),
    torch.zeros(4, 1, 28, 28, dtype=torch.int64), torch.zeros(2, 3, 8, 8), np.zeros((4, 28, 28)),
]  # fmt: skip
SECONDS = 10  # a call still running after this long counts as a hang


class TimeLimit(Exception):
    pass


def _raise_time_limit(*_) -> None:
    raise TimeLimit


def main() -> None:
    only = set(sys.argv[1:])
    fuzz.SAMPLE = gh.offline_mnist_sample()
    work = Path(tempfile.mkdtemp(prefix="ganhelpers-sweep-"))
    os.environ["GANHELPERS_OUTPUT_DIR"] = str(work / "outputs")
    os.environ["GANHELPERS_RESULTS_DIR"] = str(work / "results")
    os.chdir(work)
    signal.signal(signal.SIGALRM, _raise_time_limit)
    calls, raw, hangs, start = 0, 0, 0, time.perf_counter()
    for entry, function in fuzz.ENTRY_POINTS.items():
        if only and entry not in only:
            continue
        folder = work / entry
        folder.mkdir()
        for parameter in fuzz._fuzzable(entry):
            for junk in JUNK:
                calls += 1
                signal.alarm(SECONDS)
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        fuzz._call(entry, function, folder, parameter, junk)
                except gh.GanHelpersError:
                    pass
                except TimeLimit:
                    hangs += 1
                    print(f"HANG {entry}({parameter}={junk!r:.40})")
                except Exception as error:  # noqa: BLE001 - what the sweep looks for
                    raw += 1
                    where = traceback.extract_tb(error.__traceback__)[-1]
                    print(
                        f"RAW  {entry}({parameter}={junk!r:.40}) {type(error).__name__}: "
                        f"{str(error)[:100]} ({Path(where.filename).name}:{where.lineno})"
                    )
                finally:
                    signal.alarm(0)
    seconds = time.perf_counter() - start
    print(f"\n{calls:,} calls in {seconds:.0f} s: {raw} raw errors, {hangs} past {SECONDS} s")


if __name__ == "__main__":
    main()
