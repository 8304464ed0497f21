"""Save, load and resume training: networks, optimizers, RNG states and the history."""

from __future__ import annotations

import copy
import os
import random
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

import torch

from .arguments import checked_arguments
from .config import as_device
from .errors import DataNotFound, GanHelpersError
from .history import History

FORMAT = "ganhelpers-checkpoint-v1"


@runtime_checkable
class Trainable(Protocol):
    """What a checkpoint saves: anything whose ``modules()`` names objects with a state dict (an
    ``AdversarialStep`` and its variants). Typed structurally so that this module does not import
    the training loop, which imports it."""

    def modules(self) -> dict[str, object]: ...


class CheckpointError(GanHelpersError, RuntimeError):
    """A file that is not a readable ganhelpers checkpoint."""


def _rng_states() -> dict[str, object]:
    states: dict[str, object] = {"torch": torch.get_rng_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def _restore_rng(states: dict[str, object]) -> None:
    torch.set_rng_state(states["torch"])
    random.setstate(states["python"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


@checked_arguments
def save_checkpoint(path: str | Path, step: Trainable, history: History) -> Path:
    """Write networks, optimizers, RNG states and history to ``path`` atomically (a temporary
    file in the same folder, then a rename), so an interrupted write never leaves half a file."""
    path = Path(path)
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder: give a file path such as {path / 'run.pt'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "state": {name: obj.state_dict() for name, obj in step.modules().items()},
        "rng": _rng_states(),
        "history": history.records,
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            torch.save(payload, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def remove_stray_temporaries(path: str | Path) -> int:
    """Delete the temporary files that a ``save_checkpoint`` of ``path`` killed mid-write left
    in its folder; return how many there were."""
    path = Path(path)
    stray = list(path.parent.glob(f".{path.name}.*.tmp")) if path.parent.is_dir() else []
    for temporary in stray:
        temporary.unlink(missing_ok=True)
    return len(stray)


def _mismatches(name: str, current: dict, saved: dict) -> list[str]:
    """What differs between a module's state dict and the saved one: missing or unexpected
    entries, and tensors of another shape, each named."""
    lines = [f"{name}.{key} is missing from the checkpoint" for key in current.keys() - saved]
    lines += [
        f"{name}.{key} is in the checkpoint but not in this model" for key in saved.keys() - current
    ]
    lines += [
        f"{name}.{key} has shape {tuple(saved[key].shape)} in the checkpoint, "
        f"{tuple(current[key].shape)} here"
        for key in current.keys() & saved.keys()
        if hasattr(current[key], "shape") and tuple(current[key].shape) != tuple(saved[key].shape)
    ]
    return sorted(lines)


def _read_payload(path: Path, map_location: str | torch.device | None) -> dict:
    if map_location is not None:
        map_location = as_device(
            map_location
        )  # a device this machine lacks is not the file's fault
    if not path.is_file():
        raise DataNotFound(f"no checkpoint at {path}")
    try:
        payload = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as error:  # noqa: BLE001 -- a corrupt file fails in many ways, all the file's
        raise CheckpointError(
            f"{path} is not a readable checkpoint (corrupt or foreign file: {type(error).__name__})"
        ) from error
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a {FORMAT} file")
    return payload


def _raise_on_mismatch(path: Path, mismatches: list[str]) -> None:
    if mismatches:
        shown = "; ".join(mismatches[:5]) + (
            f"; and {len(mismatches) - 5} more" if len(mismatches) > 5 else ""
        )
        raise CheckpointError(
            f"{path} was saved from a different architecture: {shown}. Build the networks "
            "with the settings the checkpoint was trained with (width, image size, channels...)"
        )


@checked_arguments
def load_sampling_generator(
    path: str | Path, generator: torch.nn.Module, map_location: str | torch.device | None = None
) -> torch.nn.Module:
    """Load into ``generator`` the weights a checkpoint draws samples from: the weight average
    (``generator_ema``) when the run kept one, else its generator. Returns it in evaluation
    mode (to sample from another notebook's trained model without rebuilding its step)."""
    path = Path(path)
    states = _read_payload(path, map_location)["state"]
    if "generator_ema" in states:
        prefix = "average."
        saved = {
            key.removeprefix(prefix): value
            for key, value in states["generator_ema"].items()
            if key.startswith(prefix)
        }
    else:
        saved = states["generator"]
    _raise_on_mismatch(path, _mismatches("generator", generator.state_dict(), saved))
    generator.load_state_dict(saved)
    return generator.eval()


@checked_arguments
def checkpoint_history(path: str | Path) -> History:
    """The training history a checkpoint holds (epochs, losses, seconds), without its networks."""
    return History(_read_payload(Path(path), "cpu")["history"])


@checked_arguments
def load_checkpoint(
    path: str | Path, step: Trainable, map_location: str | torch.device | None = None
) -> History:
    """Restore ``step``'s networks and optimizers and the RNG states from ``path``; return the
    history, which ``train_gan(..., history=...)`` continues from."""
    path = Path(path)
    payload = _read_payload(path, map_location)
    states = payload["state"]
    expected = step.modules()
    if set(states) != set(expected):
        raise CheckpointError(f"{path} holds {sorted(states)}, expected {sorted(expected)}")
    mismatches = [
        line
        for name, obj in expected.items()
        if isinstance(obj, torch.nn.Module)
        for line in _mismatches(name, obj.state_dict(), states[name])
    ]
    _raise_on_mismatch(path, mismatches)
    # All or nothing: an optimizer can still refuse its state (another parameter grouping), so
    # every object is loaded from a copy of its current state, which is put back on any failure.
    before = {name: copy.deepcopy(obj.state_dict()) for name, obj in expected.items()}
    try:
        for name, obj in expected.items():
            obj.load_state_dict(states[name])
    except (ValueError, RuntimeError, KeyError) as error:
        for name, obj in expected.items():
            obj.load_state_dict(before[name])
        raise CheckpointError(
            f"{path} does not fit this step ({error}); nothing was changed. Build the step as "
            "the checkpoint's run did (the same optimizers over the same parameters)"
        ) from error
    _restore_rng(payload["rng"])
    return History(payload["history"])
