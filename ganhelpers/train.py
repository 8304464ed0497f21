"""The GAN training step and the epoch loop shared by every notebook."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from .history import History

STAT_NAMES = ("d_loss", "g_loss", "d_real", "d_fake")


class TrainingDiverged(FloatingPointError):
    """A loss became NaN or infinite."""


class AdversarialStep:
    """One alternating update: the discriminator D, then the generator G (non-saturating loss).

    Subclasses change what G and D see (labels, codes) by overriding ``sample_latent``,
    ``generate``, ``discriminate`` and the ``extra_*_loss`` hooks; the update itself stays here.
    """

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer,
        d_optimizer: torch.optim.Optimizer,
    ) -> None:
        self.generator = generator
        self.discriminator = discriminator
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.bce = nn.BCEWithLogitsLoss()
        self.separate_batches = any(
            isinstance(m, nn.modules.batchnorm._BatchNorm) for m in discriminator.modules()
        )

    def sample_latent(self, n: int, device: torch.device | str) -> Tensor:
        """Noise for ``n`` fakes: a standard normal of the generator's ``latent_dim``."""
        return torch.randn(n, self.generator.latent_dim, device=device)

    def generate(self, z: Tensor, labels: Tensor | None) -> Tensor:
        return self.generator(z)

    def discriminate(self, x: Tensor, labels: Tensor | None) -> Tensor:
        return self.discriminator(x)

    def extra_discriminator_loss(self, z: Tensor) -> Tensor | None:
        """A term added to D's loss after it scored the fakes made from ``z``; none by default."""
        return None

    def extra_generator_loss(self, z: Tensor) -> Tensor | None:
        """A term added to G's loss after D scored the fakes made from ``z``; none by default."""
        return None

    def _score(self, real: Tensor, fake: Tensor, labels: Tensor | None) -> tuple[Tensor, Tensor]:
        """D's logits on real and on fake samples: in one forward pass (half the per-call
        overhead) unless D has batch norm, which must normalise real and fake separately."""
        if self.separate_batches:
            return self.discriminate(real, labels), self.discriminate(fake, labels)
        both_labels = torch.cat([labels, labels]) if labels is not None else None
        logits = self.discriminate(torch.cat([real, fake]), both_labels)
        return logits[: len(real)], logits[len(real) :]

    def __call__(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        """Train on one batch of real samples; returns ``[d_loss, g_loss, D(x), D(G(z))]``."""
        z = self.sample_latent(len(real), real.device)
        fake = self.generate(z, labels)

        # Discriminator: real → 1, fake → 0. ``detach`` keeps this backward pass out of G.
        real_logits, fake_logits = self._score(real, fake.detach(), labels)
        ones, zeros = torch.ones_like(real_logits), torch.zeros_like(fake_logits)
        d_loss = 0.5 * (self.bce(real_logits, ones) + self.bce(fake_logits, zeros))
        extra = self.extra_discriminator_loss(z)
        if extra is not None:
            d_loss = d_loss + extra
        self.d_optimizer.zero_grad(set_to_none=True)
        d_loss.backward()
        self.d_optimizer.step()

        # Generator: make the updated D call the same fakes real, i.e. minimise -log D(G(z)).
        fooled_logits = self.discriminate(fake, labels)
        g_loss = self.bce(fooled_logits, ones)
        extra = self.extra_generator_loss(z)
        if extra is not None:
            g_loss = g_loss + extra
        self.g_optimizer.zero_grad(set_to_none=True)
        # Gradients only for what G's optimizer updates: D's weight gradients are not needed here.
        g_loss.backward(
            inputs=[p for group in self.g_optimizer.param_groups for p in group["params"]]
        )
        self.g_optimizer.step()

        with torch.no_grad():
            d_real = torch.sigmoid(real_logits).mean()
            d_fake = torch.sigmoid(fake_logits).mean()
            return torch.stack([d_loss, g_loss, d_real, d_fake])

    def modules(self) -> dict[str, nn.Module | torch.optim.Optimizer]:
        """Everything with state a checkpoint must keep."""
        return {
            "generator": self.generator,
            "discriminator": self.discriminator,
            "g_optimizer": self.g_optimizer,
            "d_optimizer": self.d_optimizer,
        }

    def train(self) -> None:
        """Put both networks in training mode (dropout, batch-norm statistics on)."""
        self.generator.train()
        self.discriminator.train()


def adam(
    parameters: nn.Module | Iterable[nn.Parameter],
    lr: float,
    betas: tuple[float, float] = (0.9, 0.999),
) -> torch.optim.Adam:
    """Adam over a module's (or a list of) parameters, fused into one kernel per step (faster,
    same update rule)."""
    if lr <= 0:
        raise ValueError(f"learning rate must be positive, got {lr}")
    if isinstance(parameters, nn.Module):
        parameters = parameters.parameters()
    return torch.optim.Adam(parameters, lr=lr, betas=betas, fused=True)


Callback = Callable[[int, AdversarialStep, History], None]


def as_tensors(data: Tensor | Sequence[Tensor] | object) -> tuple[Tensor, Tensor | None]:
    """``(samples, labels or None)`` from a tensor, a ``(samples, labels)`` pair or ``Digits``."""
    if isinstance(data, Tensor):
        return data, None
    if hasattr(data, "images") and hasattr(data, "labels"):
        return data.images, data.labels
    if isinstance(data, (tuple, list)) and len(data) == 2:
        samples, labels = data
        if len(samples) != len(labels):
            raise ValueError(f"{len(samples)} samples but {len(labels)} labels")
        return samples, labels
    raise TypeError(
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


def _check_arguments(epochs: int, batch_size: int, n_samples: int) -> None:
    if not isinstance(epochs, int) or epochs <= 0:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not isinstance(batch_size, int) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if batch_size > n_samples:
        raise ValueError(f"batch_size {batch_size} is larger than the dataset ({n_samples})")


def train_gan(
    step: AdversarialStep,
    data: Tensor | Sequence[Tensor] | object,
    *,
    epochs: int,
    batch_size: int,
    device: torch.device | str | None = None,
    callbacks: Sequence[Callback] = (),
    history: History | None = None,
    checkpoint_path: str | Path | None = None,
    checkpoint_every: int = 1,
    time_budget: float | None = None,
    progress: bool = True,
) -> History:
    """Train ``step``'s networks on ``data`` up to epoch ``epochs`` and return the history.

    The data is moved to ``device`` once and shuffled there each epoch (no DataLoader: MNIST
    fits in memory). A ``history`` from ``load_checkpoint`` resumes after its last epoch.
    After every epoch each callback is called as ``callback(epoch, step, history)``; with a
    ``checkpoint_path`` a checkpoint is written every ``checkpoint_every`` epochs. With a
    ``time_budget`` (seconds), training ends after the epoch that used it up. Ctrl-C stops
    cleanly after the current batch (``history.interrupted`` is then set); a NaN or infinite
    loss raises ``TrainingDiverged`` naming the epoch and batch.
    """
    from .checkpoint import save_checkpoint

    samples, labels = as_tensors(data)
    _check_arguments(epochs, batch_size, len(samples))
    if checkpoint_every <= 0:
        raise ValueError(f"checkpoint_every must be positive, got {checkpoint_every}")
    if time_budget is not None and time_budget <= 0:
        raise ValueError(f"time_budget must be positive seconds, got {time_budget}")
    device = torch.device(device) if device is not None else samples.device
    samples = samples.to(device)
    labels = labels.to(device) if labels is not None else None
    history = history if history is not None else History()
    history.interrupted = False
    n_batches = len(samples) // batch_size  # the last, incomplete batch is dropped

    epoch_bar = tqdm(
        range(len(history) + 1, epochs + 1), desc="epochs", unit="epoch", disable=not progress
    )
    batch_bar = tqdm(total=n_batches, desc="batches", leave=False, disable=not progress)
    budget_start = time.perf_counter()
    with _stop_requests() as stop:
        for epoch in epoch_bar:
            step.train()
            started = time.perf_counter()
            order = torch.randperm(len(samples), device=device)
            totals = torch.zeros(len(STAT_NAMES), device=device)
            batch_bar.reset()
            for batch in range(n_batches):
                index = order[batch * batch_size : (batch + 1) * batch_size]
                stats = step(samples[index], labels[index] if labels is not None else None)
                if not bool(torch.isfinite(stats).all()):
                    values = dict(zip(STAT_NAMES, stats.tolist()))
                    raise TrainingDiverged(
                        f"non-finite loss at epoch {epoch}, batch {batch + 1}/{n_batches}: {values}"
                    )
                totals += stats
                batch_bar.update()
                if progress and batch % 50 == 0:
                    batch_bar.set_postfix(d_loss=f"{stats[0]:.3f}", g_loss=f"{stats[1]:.3f}")
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
            means = (totals / n_batches).tolist()
            history.append(
                epoch=epoch, seconds=time.perf_counter() - started, **dict(zip(STAT_NAMES, means))
            )
            for callback in callbacks:
                callback(epoch, step, history)
            epoch_bar.set_postfix(d_loss=f"{means[0]:.3f}", g_loss=f"{means[1]:.3f}")
            if checkpoint_path is not None and epoch % checkpoint_every == 0:
                save_checkpoint(checkpoint_path, step, history)
            if time_budget is not None and time.perf_counter() - budget_start >= time_budget:
                break
    batch_bar.close()
    epoch_bar.close()
    return history
