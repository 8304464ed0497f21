"""Run configuration: fast vs full mode, device selection, seeds and the output folder."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import TypeVar

import numpy as np
import torch

from .arguments import checked_arguments
from .errors import ArgumentError, DeviceError

FAST_ENV = "GANHELPERS_FAST"
OUTPUT_ENV = "GANHELPERS_OUTPUT_DIR"
DEVICE_ENV = "GANHELPERS_DEVICE"

T = TypeVar("T")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


@checked_arguments
def fast_mode() -> bool:
    """True when ``GANHELPERS_FAST`` asks for the quick, test-sized run of a notebook."""
    raw = os.environ.get(FAST_ENV, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ArgumentError(
        f"{FAST_ENV}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off"
    )


@checked_arguments
def pick(full: T, fast: T) -> T:
    """Return ``fast`` in fast mode and ``full`` otherwise (for a notebook's parameters)."""
    return fast if fast_mode() else full


def as_device(name: str | torch.device) -> torch.device:
    """``name`` as a device this machine has: "cpu", "cuda" (or "cuda:1"), "mps". Refuses a
    misspelt name or a device that is not there, saying which ones are."""
    if isinstance(name, torch.device):
        device = name
    elif not isinstance(name, str):
        raise ArgumentError(f"device must be a string such as 'cpu' or 'cuda', got {name!r}")
    elif name.strip().lower() == "gpu":
        raise ArgumentError(
            "device 'gpu' is not a PyTorch device name: use 'cuda' for an NVIDIA GPU, 'mps' for "
            "an Apple GPU, or leave the device out to pick the best one present"
        )
    else:
        try:
            device = torch.device(name)
        except RuntimeError:
            raise ArgumentError(
                f"unknown device {name!r}: use 'cpu', 'cuda' (or 'cuda:0', ...) or 'mps'"
            ) from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise DeviceError(
            f"device {name!r} was asked for, but there is no CUDA GPU here (or PyTorch was built "
            "without CUDA): use device='cpu', or leave the device out to pick the best one present"
        )
    if device.type == "cuda" and device.index is not None:
        if device.index >= torch.cuda.device_count():
            raise DeviceError(
                f"device {name!r} was asked for, but this machine has "
                f"{torch.cuda.device_count()} CUDA GPU(s), numbered from 0"
            )
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise DeviceError(
            f"device {name!r} was asked for, but MPS (Apple GPU) is not available here: "
            "use device='cpu', or leave the device out"
        )
    return device


@checked_arguments
def select_device(preferred: str | None = None) -> torch.device:
    """The device to train on: ``preferred`` (or ``GANHELPERS_DEVICE``), else CUDA, MPS, CPU."""
    name = preferred or os.environ.get(DEVICE_ENV)
    if name:
        return as_device(name)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def device_of(module: torch.nn.Module) -> torch.device:
    """The device a module's parameters live on."""
    return next(module.parameters()).device


@checked_arguments
def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (all devices) so a run can be repeated."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed must be a non-negative int, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


@checked_arguments
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
