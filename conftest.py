"""Test-wide settings. Notebook kernels inherit this environment, so nbval runs them in fast mode,
on the offline MNIST sample (tests never download), writing artefacts to a temporary folder."""

import os
import tempfile

os.environ.setdefault("GANHELPERS_FAST", "1")
os.environ.setdefault("GANHELPERS_MNIST_SOURCE", "offline")
os.environ.setdefault("GANHELPERS_OUTPUT_DIR", tempfile.mkdtemp(prefix="ganhelpers-test-"))
