"""The epoch loop shared by every notebook: ``train_gan`` runs a step (``gan/step.py``) over the
data with callbacks, checkpoints, a time budget, Ctrl-C and divergence checks."""

from __future__ import annotations

import json
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np
import torch
from torch import Tensor
from tqdm.auto import tqdm

from ..gan.step import AdversarialStep
from .arguments import checked_arguments
from .checkpoint import (
    CheckpointError,
    Trainable,
    checkpoint_history,
    remove_stray_temporaries,
    save_checkpoint,
)
from .config import as_device
from .errors import ArgumentError, ArgumentTypeError, TrainingDiverged
from .history import History
from .validation import as_count, as_seconds, check_images, check_labels

STAT_NAMES = ("d_loss", "g_loss", "d_real", "d_fake")
# Batches between the loop's reads of the step's statistics on the host (divergence check and
# progress bar). Between reads a GPU can run ahead: nothing waits for a batch to finish.
READ_EVERY = 50
PRECISIONS = ("fp32", "bf16")  # train_gan's choices: float32, or bfloat16 autocast


Callback = Callable[[int, AdversarialStep, History], None]


def as_tensors(data: Tensor | Sequence[Tensor] | object) -> tuple[Tensor, Tensor | None]:
    """``(samples, labels or None)`` from a tensor, a ``(samples, labels)`` pair or ``Digits``."""
    if isinstance(data, np.ndarray):
        data = torch.from_numpy(data)
    if isinstance(data, Tensor):
        return data, None
    if hasattr(data, "images") and hasattr(data, "labels"):
        return data.images, data.labels
    if (
        isinstance(data, (tuple, list))
        and len(data) == 2
        and all(isinstance(d, Tensor) for d in data)
    ):
        samples, labels = data
        if len(samples) != len(labels):
            raise ArgumentError(f"{len(samples)} samples but {len(labels)} labels")
        return samples, labels
    raise ArgumentTypeError(
        f"data must be a tensor, a (samples, labels) pair or Digits, got {type(data).__name__}"
    )


@contextmanager
def _stop_requests() -> Iterator[threading.Event]:
    """An event set by the first Ctrl-C (SIGINT), so the loop can stop after the current batch.
    A second Ctrl-C interrupts at once. Outside the main thread no handler can be installed."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    previous = signal.getsignal(signal.SIGINT)

    def request_stop(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _raise_if_diverged(epoch_stats: Tensor, start: int, stop: int, epoch: int) -> None:
    """Raise ``TrainingDiverged`` naming the first batch in ``[start, stop)`` of ``epoch`` with a
    non-finite statistic. One read from the device for the whole range."""
    finite = torch.isfinite(epoch_stats[start:stop]).all(dim=1)
    if bool(finite.all()):
        return
    first = start + int((~finite).nonzero()[0])
    values = dict(zip(STAT_NAMES, epoch_stats[first].tolist()))
    raise TrainingDiverged(
        f"non-finite loss at epoch {epoch}, batch {first + 1}/{len(epoch_stats)}: {values}"
    )


def _pretrain_discriminator(
    step: AdversarialStep, samples: Tensor, labels: Tensor | None, updates: int, batch_size: int
) -> None:
    """``updates`` steps of D alone on random batches, before G's first update."""
    step.train()
    for _ in range(updates):
        index = torch.randint(len(samples), (batch_size,), device=samples.device)
        step.train_discriminator(samples[index], labels[index] if labels is not None else None)


def _check_arguments(batch_size: int, samples: Tensor, labels: Tensor | None) -> None:
    if len(samples) == 0:
        raise ArgumentError("the data set is empty: there is nothing to train on")
    if batch_size > len(samples):
        raise ArgumentError(
            f"batch_size {batch_size} is larger than the data set ({len(samples)} samples): "
            f"use batch_size <= {len(samples)} or add more samples"
        )
    if samples.ndim == 4:  # images; 2-D points need no pixel range
        check_images(samples)
    if labels is not None:
        check_labels(labels, len(samples))


def _check_checkpoint_path(path: Path, history: History | None, overwrite: bool) -> None:
    """Refuse, before any training, a checkpoint path that would lose work or fail after an epoch:
    a folder, an unwritable folder, or another run's checkpoint. Removes temporary files that a
    killed ``save_checkpoint`` left beside ``path``."""
    if path.is_dir():
        raise CheckpointError(
            f"checkpoint_path {path} is a folder: give a file path such as {path / 'run.pt'}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as error:
        raise CheckpointError(
            f"cannot write a checkpoint to {path.parent} ({error.strerror}): choose a folder "
            "you can write to, e.g. gh.output_dir()"
        ) from error
    stray = remove_stray_temporaries(path)
    if stray:
        print(f"Removed {stray} unfinished checkpoint file(s) of an interrupted save of {path}.")
    if not path.exists() or overwrite:
        return
    saved = checkpoint_history(path).records
    if history is not None and _same_records(saved, history.records[: len(saved)]):
        return  # resuming the run saved there: its checkpoint grows
    raise CheckpointError(
        f"{path} already holds a checkpoint of {len(saved)} epochs that this run did not start "
        "from: resume it with history = gh.load_checkpoint(path, step) and "
        "train_gan(..., history=history), pass overwrite=True to replace it, or choose another "
        "checkpoint_path"
    )


def _as_callbacks(callbacks: object) -> list[Callback]:
    """A list of callbacks; one callback alone (obviously meant) is accepted as a list of one."""
    if callable(callbacks):
        return [callbacks]
    if not isinstance(callbacks, (list, tuple)):
        raise ArgumentTypeError(
            f"callbacks must be a list of callbacks, got {type(callbacks).__name__}"
        )
    for callback in callbacks:
        if not callable(callback):
            raise ArgumentTypeError(
                f"each callback must be callable as callback(epoch, step, history), got "
                f"{callback!r}"
            )
    return list(callbacks)


def _same_records(a: list[dict], b: list[dict]) -> bool:
    """Equal histories, NaN included (``json`` writes it as ``NaN`` on both sides)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@checked_arguments
def train_gan(
    step: Trainable,
    data: Tensor | Sequence[Tensor] | object,
    *,
    epochs: int,
    batch_size: int,
    device: torch.device | str | None = None,
    callbacks: Sequence[Callback] | Callback = (),
    history: History | None = None,
    checkpoint_path: str | Path | None = None,
    checkpoint_every: int = 1,
    time_budget: float | None = None,
    discriminator_pretraining: int = 0,
    precision: str = "fp32",
    progress: bool = True,
    overwrite: bool = False,
) -> History:
    """Train ``step``'s networks on ``data`` up to epoch ``epochs`` and return the history.

    The data is moved to ``device`` once and shuffled there each epoch (no DataLoader: MNIST
    fits in memory). A ``history`` from ``load_checkpoint`` resumes after its last epoch.
    After every epoch each callback is called as ``callback(epoch, step, history)``; with a
    ``checkpoint_path`` a checkpoint is written every ``checkpoint_every`` epochs and after the
    last one (also when a time budget or Ctrl-C ends training). With a
    ``time_budget`` (seconds), training ends after the epoch that used it up. Ctrl-C stops
    cleanly after the current batch (``history.interrupted`` is then set). With
    ``discriminator_pretraining`` = n, D alone takes n updates on random batches before the
    first epoch (one seed tutorial's recipe; not when resuming; their time counts against the
    budget, not in any epoch's ``seconds``). ``precision="bf16"`` runs each step under bfloat16
    autocast (matrix products and convolutions in bfloat16, weights, optimizer state and losses in
    float32; worth it on CPUs with AVX-512 BF16 or AMX, and on recent GPUs). A NaN or infinite
    loss raises ``TrainingDiverged`` naming the epoch and batch where it first appeared. The
    statistics stay on the device and are read every ``READ_EVERY`` batches, not after each.

    ``epochs`` is the epoch to reach, counting those already in ``history``. Nothing already
    saved is lost: before the first epoch, ``checkpoint_path`` is checked to be a writable file
    path, and an existing checkpoint there is replaced only by the run it holds (``history``
    continues it) or with ``overwrite=True``; leftovers of a killed save are removed.
    """
    if isinstance(step, torch.nn.Module) or not callable(getattr(step, "modules", None)):
        raise ArgumentTypeError(
            f"train_gan trains a step (gh.AdversarialStep or a subclass) that holds both "
            f"networks and their optimizers, got {type(step).__name__}: build one with "
            "gh.AdversarialStep(generator, discriminator, gh.adam(generator, lr), "
            "gh.adam(discriminator, lr))"
        )
    if history is not None and not isinstance(history, History):
        raise ArgumentTypeError(
            f"history must be a gh.History (e.g. from gh.load_checkpoint), got "
            f"{type(history).__name__}"
        )
    callbacks = _as_callbacks(callbacks)
    epochs = as_count(epochs, "epochs")
    batch_size = as_count(batch_size, "batch_size")
    checkpoint_every = as_count(checkpoint_every, "checkpoint_every")
    if time_budget is not None:
        time_budget = as_seconds(time_budget, "time_budget")
    samples, labels = as_tensors(data)
    _check_arguments(batch_size, samples, labels)
    if precision not in PRECISIONS:
        raise ArgumentError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    if not isinstance(discriminator_pretraining, int) or discriminator_pretraining < 0:
        raise ArgumentError(
            f"discriminator_pretraining must be a number of updates >= 0, "
            f"got {discriminator_pretraining!r}"
        )
    if history is not None and epochs <= len(history):
        raise ArgumentError(
            f"epochs={epochs} but the history already holds {len(history)} epochs, so there is "
            f"nothing to train: epochs is the epoch to reach, counting those done; pass "
            f"epochs={len(history) + 10} to train 10 more"
        )
    if checkpoint_path is not None:
        _check_checkpoint_path(Path(checkpoint_path), history, overwrite)
    device = as_device(device) if device is not None else samples.device
    samples = samples.to(device)
    labels = labels.to(device) if labels is not None else None
    history = history if history is not None else History()
    history.interrupted = False
    n_batches = len(samples) // batch_size  # the last, incomplete batch is dropped
    # float32 enters no autocast context at all: the per-batch path stays as it was.
    autocast = torch.autocast(device.type, torch.bfloat16) if precision == "bf16" else nullcontext()

    epoch_bar = tqdm(
        range(len(history) + 1, epochs + 1), desc="epochs", unit="epoch", disable=not progress
    )
    batch_bar = tqdm(total=n_batches, desc="batches", leave=False, disable=not progress)
    budget_start = time.perf_counter()
    saved = len(history)  # epochs already in the checkpoint
    if discriminator_pretraining and len(history) == 0:
        with autocast:
            _pretrain_discriminator(step, samples, labels, discriminator_pretraining, batch_size)
    with _stop_requests() as stop:
        for epoch in epoch_bar:
            step.train()
            started = time.perf_counter()
            order = torch.randperm(len(samples), device=device)
            epoch_stats = torch.empty(n_batches, len(STAT_NAMES), device=device)
            checked = 0  # batches of this epoch already checked for non-finite losses
            batch_bar.reset()
            for batch in range(n_batches):
                index = order[batch * batch_size : (batch + 1) * batch_size]
                with autocast:
                    epoch_stats[batch] = step(
                        samples[index], labels[index] if labels is not None else None
                    )
                batch_bar.update()
                if (batch + 1) % READ_EVERY == 0 or batch + 1 == n_batches or stop.is_set():
                    _raise_if_diverged(epoch_stats, checked, batch + 1, epoch)
                    checked = batch + 1
                    if progress:
                        d_loss, g_loss = epoch_stats[batch, :2].tolist()
                        batch_bar.set_postfix(d_loss=f"{d_loss:.3f}", g_loss=f"{g_loss:.3f}")
                if stop.is_set():
                    break
            if stop.is_set():
                history.interrupted = True
                print(
                    f"Interrupted during epoch {epoch} after batch {batch + 1}/{n_batches}: "
                    f"returning the networks as trained so far and the history of "
                    f"{len(history)} complete epochs."
                )
                break
            means = epoch_stats.mean(dim=0).tolist()
            history.append(
                epoch=epoch, seconds=time.perf_counter() - started, **dict(zip(STAT_NAMES, means))
            )
            for callback in callbacks:
                callback(epoch, step, history)
            epoch_bar.set_postfix(d_loss=f"{means[0]:.3f}", g_loss=f"{means[1]:.3f}")
            if checkpoint_path is not None and epoch % checkpoint_every == 0:
                save_checkpoint(checkpoint_path, step, history)
                saved = len(history)
            if time_budget is not None and time.perf_counter() - budget_start >= time_budget:
                break
    batch_bar.close()
    epoch_bar.close()
    if checkpoint_path is not None and len(history) and saved != len(history):
        save_checkpoint(checkpoint_path, step, history)  # the last epochs are never lost
    return history
