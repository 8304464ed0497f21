"""The GAN training step and the epoch loop shared by every notebook."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from .averaging import GeneratorAverage
from .checkpoint import save_checkpoint
from .history import History
from .modes import evaluating
from .validation import check_images, check_labels

STAT_NAMES = ("d_loss", "g_loss", "d_real", "d_fake")
# Batches between the loop's reads of the step's statistics on the host (divergence check and
# progress bar). Between reads a GPU can run ahead: nothing waits for a batch to finish.
READ_EVERY = 50
PRECISIONS = ("fp32", "bf16")  # train_gan's choices: float32, or bfloat16 autocast


class TrainingDiverged(FloatingPointError):
    """A loss became NaN or infinite."""


class AdversarialStep:
    """The GAN update of Goodfellow et al. (2014): one step of the discriminator D, then one of
    the generator G with the non-saturating loss −log D(G(z)) (their §3), both on logits with
    ``BCEWithLogitsLoss``.

    Variants and techniques are subclasses that override what they change: ``sample_latent``,
    ``generate`` and ``discriminate`` (what G and D see), ``discriminator_loss`` and
    ``generator_loss`` (how they are scored). Three options are not about the losses:
    ``augment`` (e.g. ``RandomTranslation(2)``) transforms every image D sees, real and fake, in
    both losses (DiffAugment, Zhao et al. 2020); ``generator_average`` (e.g. 0.999) keeps an
    exponential moving average of G's weights, which ``sample`` draws from (Yazici et al. 2019);
    ``standing_statistics`` recomputes that average's batch-norm statistics before sampling
    (``GeneratorAverage``).
    """

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer,
        d_optimizer: torch.optim.Optimizer,
        *,
        augment: Callable[[Tensor], Tensor] | None = None,
        generator_average: float = 0.0,
        standing_statistics: bool = False,
    ) -> None:
        self.generator = generator
        self.discriminator = discriminator
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        self.augment = augment
        self.average = (
            GeneratorAverage(generator, generator_average, standing_statistics)
            if generator_average
            else None
        )
        if standing_statistics and not generator_average:
            raise ValueError("standing_statistics needs a weight average: set generator_average")
        self.bce = nn.BCEWithLogitsLoss()
        self.separate_batches = any(
            isinstance(m, nn.modules.batchnorm._BatchNorm) or getattr(m, "mixes_batch", False)
            for m in discriminator.modules()
        )

    def __call__(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        """Train on one batch of real samples (and their labels, for a conditional GAN).
        Returns ``[d_loss, g_loss, D(x), D(G(z))]`` as a tensor on the device."""
        z = self.sample_latent(len(real), real.device)
        fake = self.generate(z, labels)

        # Discriminator: real → 1, fake → 0. ``detach``: this update must not reach G.
        d_loss, real_logits, fake_logits = self.discriminator_loss(real, fake.detach(), z, labels)
        self.update(self.d_optimizer, d_loss)

        # Generator: make the updated D call the same fakes real.
        g_loss = self.generator_loss(real, fake, z, labels)
        self.update(self.g_optimizer, g_loss)
        return self.statistics(d_loss, g_loss, real_logits, fake_logits)

    def train_discriminator(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        """One update of D alone, against fakes of the current G (D pre-training). Returns D's
        loss, detached."""
        z = self.sample_latent(len(real), real.device)
        with torch.no_grad():
            fake = self.generate(z, labels)
        d_loss, _, _ = self.discriminator_loss(real, fake, z, labels)
        self.update(self.d_optimizer, d_loss)
        return d_loss.detach()

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """D's loss, the mean of its two binary cross-entropies (real → 1, fake → 0), and its
        logits on real and fake."""
        real_logits, fake_logits = self.score(real, fake, labels)
        real_loss = self.bce(real_logits, torch.ones_like(real_logits))
        fake_loss = self.bce(fake_logits, torch.zeros_like(fake_logits))
        return 0.5 * (real_loss + fake_loss), real_logits, fake_logits

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        """The non-saturating loss −log D(G(z)): the cross-entropy of D's verdict against "real"."""
        fooled_logits = self.judge(fake, labels)
        return self.bce(fooled_logits, torch.ones_like(fooled_logits))

    def sample_latent(self, n: int, device: torch.device | str) -> Tensor:
        """Noise for ``n`` fakes: a standard normal of the generator's ``latent_dim``."""
        return torch.randn(n, self.generator.latent_dim, device=device)

    def generate(
        self, z: Tensor, labels: Tensor | None, generator: nn.Module | None = None
    ) -> Tensor:
        """Fakes from ``z`` by ``generator`` (default: the one being trained)."""
        return (generator or self.generator)(z)

    def discriminate(self, x: Tensor, labels: Tensor | None) -> Tensor:
        """D's logits for ``x``."""
        return self.discriminator(x)

    def judge(self, x: Tensor, labels: Tensor | None) -> Tensor:
        """D's logits for ``x`` as seen in training: augmented first when ``augment`` is set."""
        return self.discriminate(self.augment(x) if self.augment else x, labels)

    def score(self, real: Tensor, fake: Tensor, labels: Tensor | None) -> tuple[Tensor, Tensor]:
        """D's logits on real and on fake samples: in one forward pass (half the per-call
        overhead) unless a layer of D mixes the batch (batch norm, minibatch discrimination),
        when real and fake must be scored separately."""
        if self.separate_batches:
            return self.judge(real, labels), self.judge(fake, labels)
        both_labels = torch.cat([labels, labels]) if labels is not None else None
        logits = self.judge(torch.cat([real, fake]), both_labels)
        half = len(logits) // 2  # not len(real): a packed D gives one logit per pack
        return logits[:half], logits[half:]

    def update(self, optimizer: torch.optim.Optimizer, loss: Tensor) -> None:
        """One step of ``optimizer`` on ``loss``, with gradients only for the parameters it
        updates; after a G step the weight average (if any) follows G."""
        optimizer.zero_grad(set_to_none=True)
        loss.backward(inputs=[p for group in optimizer.param_groups for p in group["params"]])
        optimizer.step()
        if optimizer is self.g_optimizer and self.average is not None:
            self.average.update()

    def statistics(
        self, d_loss: Tensor, g_loss: Tensor, real_logits: Tensor, fake_logits: Tensor
    ) -> Tensor:
        """``[d_loss, g_loss, D(x), D(G(z))]``: the losses and D's mean probability "real" on the
        real and on the fake batch, detached, on the device."""
        with torch.no_grad():
            d_real, d_fake = torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean()
            return torch.stack([d_loss, g_loss, d_real, d_fake])

    def sampling_inputs(self, n: int, device: torch.device | str) -> tuple[Tensor, Tensor | None]:
        """Random inputs of ``generate`` for ``n`` samples: latents, and labels (here none)."""
        return self.sample_latent(n, device), None

    @property
    def sampling_generator(self) -> nn.Module:
        """The generator to draw samples from: the weight average if kept (its batch-norm
        statistics recomputed for its weights first), else G itself."""
        if self.average is None:
            return self.generator
        average = self.average.average
        device = next(average.parameters()).device
        self.average.refresh_statistics(
            lambda n: self.generate(*self.sampling_inputs(n, device), average)
        )
        return average

    def sample(self, z: Tensor, labels: Tensor | None = None) -> Tensor:
        """Samples for ``z`` (and ``labels``) in evaluation mode, without gradients."""
        generator = self.sampling_generator
        with evaluating(generator):
            return self.generate(z, labels, generator)

    def modules(self) -> dict[str, nn.Module | torch.optim.Optimizer]:
        """Everything with state a checkpoint must keep."""
        state = {
            "generator": self.generator,
            "discriminator": self.discriminator,
            "g_optimizer": self.g_optimizer,
            "d_optimizer": self.d_optimizer,
        }
        if self.average is not None:
            self.sampling_generator  # noqa: B018 -- refreshes its statistics, so they are saved
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


def _pretrain_discriminator(
    step: AdversarialStep, samples: Tensor, labels: Tensor | None, updates: int, batch_size: int
) -> None:
    """``updates`` steps of D alone on random batches, before G's first update."""
    step.train()
    for _ in range(updates):
        index = torch.randint(len(samples), (batch_size,), device=samples.device)
        step.train_discriminator(samples[index], labels[index] if labels is not None else None)


def _check_arguments(epochs: int, batch_size: int, samples: Tensor, labels: Tensor | None) -> None:
    if not isinstance(epochs, int) or epochs <= 0:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not isinstance(batch_size, int) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if batch_size > len(samples):
        raise ValueError(
            f"batch_size {batch_size} is larger than the data set ({len(samples)} samples): "
            f"use batch_size <= {len(samples)} or add more samples"
        )
    if samples.ndim == 4:  # images; 2-D points need no pixel range
        check_images(samples)
    if labels is not None:
        check_labels(labels, len(samples))


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
    discriminator_pretraining: int = 0,
    precision: str = "fp32",
    progress: bool = True,
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
    """
    samples, labels = as_tensors(data)
    _check_arguments(epochs, batch_size, samples, labels)
    if checkpoint_every <= 0:
        raise ValueError(f"checkpoint_every must be positive, got {checkpoint_every}")
    if time_budget is not None and time_budget <= 0:
        raise ValueError(f"time_budget must be positive seconds, got {time_budget}")
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    if not isinstance(discriminator_pretraining, int) or discriminator_pretraining < 0:
        raise ValueError(
            f"discriminator_pretraining must be a number of updates >= 0, "
            f"got {discriminator_pretraining!r}"
        )
    device = torch.device(device) if device is not None else samples.device
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
