"""Run configuration: fast vs full mode, device selection, seeds and the output folder."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import TypeVar

import numpy as np
import torch

FAST_ENV = "GANHELPERS_FAST"
OUTPUT_ENV = "GANHELPERS_OUTPUT_DIR"
DEVICE_ENV = "GANHELPERS_DEVICE"

T = TypeVar("T")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def fast_mode() -> bool:
    """True when ``GANHELPERS_FAST`` asks for the quick, test-sized run of a notebook."""
    raw = os.environ.get(FAST_ENV, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(f"{FAST_ENV}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off")


def pick(full: T, fast: T) -> T:
    """Return ``fast`` in fast mode and ``full`` otherwise (for a notebook's parameters)."""
    return fast if fast_mode() else full


def select_device(preferred: str | None = None) -> torch.device:
    """The device to train on: ``preferred`` (or ``GANHELPERS_DEVICE``), else CUDA, MPS, CPU."""
    name = preferred or os.environ.get(DEVICE_ENV)
    if name:
        device = torch.device(name)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError(f"device {name!r} was requested but CUDA is not available")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise RuntimeError(f"device {name!r} was requested but MPS is not available")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def device_of(module: torch.nn.Module) -> torch.device:
    """The device a module's parameters live on."""
    return next(module.parameters()).device


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (all devices) so a run can be repeated."""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def output_dir() -> Path:
    """Folder for generated artefacts (GIFs, checkpoints): ``GANHELPERS_OUTPUT_DIR`` or
    ``outputs/`` at the repository root (the current folder when installed elsewhere)."""
    env = os.environ.get(OUTPUT_ENV)
    if env:
        path = Path(env)
    else:
        repo = Path(__file__).resolve().parents[2]
        path = repo / "outputs" if (repo / "pyproject.toml").exists() else Path("outputs")
    path.mkdir(parents=True, exist_ok=True)
    return path
