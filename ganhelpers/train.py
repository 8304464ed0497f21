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

from .averaging import GeneratorAverage
from .history import History
from .modes import evaluating
from .regularizers import ParameterAverage, feature_matching_loss

STAT_NAMES = ("d_loss", "g_loss", "d_real", "d_fake")
# Batches between the loop's reads of the step's statistics on the host (divergence check and
# progress bar). Between reads a GPU can run ahead: nothing waits for a batch to finish.
READ_EVERY = 50


class TrainingDiverged(FloatingPointError):
    """A loss became NaN or infinite."""


class AdversarialStep:
    """One alternating update: the discriminator D, then the generator G (non-saturating loss).

    Options, from "Improved techniques for training GANs" (Salimans et al. 2016):
    ``real_label`` below 1 (e.g. 0.9) is one-sided label smoothing: only real targets are
    softened; ``feature_matching`` trains G to match the mean of D's intermediate features on
    real data (D needs a ``features`` method); ``historical_averaging`` > 0 adds that weight
    times ‖θ − θ̄‖² (θ̄: the running mean of past parameters) to each player's loss.
    ``discriminator_steps`` D updates come before each G update (one per batch).

    For training on few images: ``augment`` (e.g. ``RandomTranslation(2)``) transforms every
    image D sees, real and fake, in both losses (DiffAugment, Zhao et al. 2020);
    ``generator_average`` (e.g. 0.999) keeps an exponential moving average of G's weights, which
    ``sample`` then draws from (Yazici et al. 2019).

    Subclasses change what G and D see (labels, codes) by overriding ``sample_latent``,
    ``generate``, ``discriminate`` and the ``extra_*_loss`` hooks, or the losses themselves
    (``discriminator_loss``, ``generator_loss``); the update itself stays here.
    """

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer,
        d_optimizer: torch.optim.Optimizer,
        *,
        real_label: float = 1.0,
        feature_matching: bool = False,
        historical_averaging: float = 0.0,
        discriminator_steps: int = 1,
        augment: Callable[[Tensor], Tensor] | None = None,
        generator_average: float = 0.0,
    ) -> None:
        if not 0.5 < real_label <= 1:
            raise ValueError(f"real_label must be in (0.5, 1], got {real_label}")
        if feature_matching and not hasattr(discriminator, "features"):
            raise ValueError("feature matching needs a discriminator with a features() method")
        if historical_averaging < 0:
            raise ValueError(f"historical_averaging must be >= 0, got {historical_averaging}")
        if not isinstance(discriminator_steps, int) or discriminator_steps <= 0:
            raise ValueError(
                f"discriminator_steps must be a positive int, got {discriminator_steps}"
            )
        self.generator = generator
        self.discriminator = discriminator
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.real_label = real_label
        self.feature_matching = feature_matching
        self.historical_averaging = historical_averaging
        self.averages = (
            {
                "generator": ParameterAverage(generator),
                "discriminator": ParameterAverage(discriminator),
            }
            if historical_averaging
            else {}
        )
        self.discriminator_steps = discriminator_steps
        self.augment = augment
        self.average = GeneratorAverage(generator, generator_average) if generator_average else None
        self.bce = nn.BCEWithLogitsLoss()
        self.separate_batches = any(
            isinstance(m, nn.modules.batchnorm._BatchNorm) or getattr(m, "mixes_batch", False)
            for m in discriminator.modules()
        )
        self._batches = 0
        self._g_loss = torch.tensor(0.0)  # replaced on the first batch, which always updates G

    def sample_latent(self, n: int, device: torch.device | str) -> Tensor:
        """Noise for ``n`` fakes: a standard normal of the generator's ``latent_dim``."""
        return torch.randn(n, self.generator.latent_dim, device=device)

    def generate(
        self, z: Tensor, labels: Tensor | None, generator: nn.Module | None = None
    ) -> Tensor:
        """Fakes from ``z`` by ``generator`` (default: the one being trained)."""
        return (generator or self.generator)(z)

    @property
    def sampling_generator(self) -> nn.Module:
        """The generator to draw samples from: the weight average if kept, else G itself."""
        return self.average.average if self.average is not None else self.generator

    def sample(self, z: Tensor, labels: Tensor | None = None) -> Tensor:
        """Samples for ``z`` (and ``labels``) in evaluation mode, without gradients."""
        generator = self.sampling_generator
        with evaluating(generator):
            return self.generate(z, labels, generator)

    def judge(self, x: Tensor, labels: Tensor | None) -> Tensor:
        """D's logits for ``x`` as seen in training: augmented first when ``augment`` is set."""
        return self.discriminate(self.augment(x) if self.augment else x, labels)

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
        overhead) unless a layer of D mixes the batch (batch norm, minibatch discrimination),
        when real and fake must be scored separately."""
        if self.separate_batches:
            return self.judge(real, labels), self.judge(fake, labels)
        both_labels = torch.cat([labels, labels]) if labels is not None else None
        logits = self.judge(torch.cat([real, fake]), both_labels)
        half = len(logits) // 2  # not len(real): a packed D gives one logit per pack
        return logits[:half], logits[half:]

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """D's loss and its logits on real and fake: real → ``real_label``, fake → 0."""
        real_logits, fake_logits = self._score(real, fake, labels)
        real_targets = torch.full_like(real_logits, self.real_label)  # smoothing: real side only
        fake_targets = torch.zeros_like(fake_logits)
        loss = 0.5 * (self.bce(real_logits, real_targets) + self.bce(fake_logits, fake_targets))
        return loss, real_logits, fake_logits

    def generator_loss(self, real: Tensor, fake: Tensor, labels: Tensor | None) -> Tensor:
        """−log D(G(z)) (non-saturating), or with feature matching the distance between the
        mean D features of real and fake samples."""
        if self.feature_matching:
            with torch.no_grad():
                real_features = self.discriminator.features(real)
            return feature_matching_loss(real_features, self.discriminator.features(fake))
        fooled_logits = self.judge(fake, labels)
        return self.bce(fooled_logits, torch.ones_like(fooled_logits))

    def output_stats(self, real_logits: Tensor, fake_logits: Tensor) -> tuple[Tensor, Tensor]:
        """D's mean probability "real" on the real and on the fake batch."""
        return torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean()

    def _add_extra(self, loss: Tensor, extra: Tensor | None, player: str) -> Tensor:
        if extra is not None:
            loss = loss + extra
        if self.averages:
            loss = loss + self.historical_averaging * self.averages[player].penalty()
        return loss

    def __call__(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        """Train on one batch of real samples; returns ``[d_loss, g_loss, D(x), D(G(z))]``
        (``g_loss`` is the latest G update's when this batch only updated D)."""
        z = self.sample_latent(len(real), real.device)
        fake = self.generate(z, labels)

        # Discriminator: real → 1, fake → 0. ``detach`` keeps this backward pass out of G.
        d_loss, real_logits, fake_logits = self.discriminator_loss(real, fake.detach(), labels)
        d_loss = self._add_extra(d_loss, self.extra_discriminator_loss(z), "discriminator")
        self.d_optimizer.zero_grad(set_to_none=True)
        d_loss.backward()
        self.d_optimizer.step()
        if self.averages:
            self.averages["discriminator"].update()

        # Generator: make the updated D call the same fakes real, i.e. minimise -log D(G(z)).
        update_generator = self._batches % self.discriminator_steps == 0
        self._batches += 1
        if update_generator:
            g_loss = self.generator_loss(real, fake, labels)
            g_loss = self._add_extra(g_loss, self.extra_generator_loss(z), "generator")
            self.g_optimizer.zero_grad(set_to_none=True)
            # Gradients only for what G's optimizer updates: D's weight gradients aren't needed.
            g_loss.backward(
                inputs=[p for group in self.g_optimizer.param_groups for p in group["params"]]
            )
            self.g_optimizer.step()
            if self.averages:
                self.averages["generator"].update()
            if self.average is not None:
                self.average.update()
            self._g_loss = g_loss.detach()

        with torch.no_grad():
            d_real, d_fake = self.output_stats(real_logits, fake_logits)
            return torch.stack([d_loss.detach(), self._g_loss.to(d_loss.device), d_real, d_fake])

    def modules(self) -> dict[str, nn.Module | torch.optim.Optimizer]:
        """Everything with state a checkpoint must keep."""
        state = {
            "generator": self.generator,
            "discriminator": self.discriminator,
            "g_optimizer": self.g_optimizer,
            "d_optimizer": self.d_optimizer,
        }
        state.update({f"{player}_average": avg for player, avg in self.averages.items()})
        if self.average is not None:
            state["generator_ema"] = self.average
        return state

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
    loss raises ``TrainingDiverged`` naming the epoch and batch where it first appeared. The
    statistics stay on the device and are read every ``READ_EVERY`` batches, not after each.
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
            epoch_stats = torch.empty(n_batches, len(STAT_NAMES), device=device)
            checked = 0  # batches of this epoch already checked for non-finite losses
            batch_bar.reset()
            for batch in range(n_batches):
                index = order[batch * batch_size : (batch + 1) * batch_size]
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
            if time_budget is not None and time.perf_counter() - budget_start >= time_budget:
                break
    batch_bar.close()
    epoch_bar.close()
    return history
