"""The GAN update of Goodfellow et al. (2014) that every notebook trains: ``AdversarialStep``
(one step of D, then one of G), and ``adam``, the optimizer the notebooks build for each player."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError
from ..course.validation import check_optimizer_settings, check_players
from .averaging import GeneratorAverage
from .modes import evaluating


@checked_arguments
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
        g_optimizer: torch.optim.Optimizer | None,
        d_optimizer: torch.optim.Optimizer | None,
        *,
        augment: Callable[[Tensor], Tensor] | None = None,
        generator_average: float = 0.0,
        standing_statistics: bool = False,
    ) -> None:
        check_players(generator, discriminator, g_optimizer, d_optimizer)
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
            raise ArgumentError("standing_statistics needs a weight average: set generator_average")
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

    def train_generator(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        """One update of G alone, against the current D (the second half of ``__call__``;
        ``real`` is read only by losses that compare with it, such as feature matching).
        Returns G's loss, detached."""
        z = self.sample_latent(len(real), real.device)
        g_loss = self.generator_loss(real, self.generate(z, labels), z, labels)
        self.update(self.g_optimizer, g_loss)
        return g_loss.detach()

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
        if real.shape[1:] != fake.shape[1:]:
            raise ArgumentError(
                f"real samples of shape {tuple(real.shape[1:])} but G makes "
                f"{tuple(fake.shape[1:])}: build the networks for the data's size"
            )
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


@checked_arguments
def adam(
    parameters: nn.Module | Iterable[nn.Parameter],
    lr: float,
    betas: tuple[float, float] = (0.9, 0.999),
) -> torch.optim.Adam:
    """Adam over a module's (or a list of) parameters, fused into one kernel per step (faster,
    same update rule)."""
    check_optimizer_settings(lr, betas)
    if isinstance(parameters, nn.Module):
        parameters = parameters.parameters()
    parameters = list(parameters)
    if not parameters or not all(isinstance(p, torch.Tensor) for p in parameters):
        raise ArgumentError(
            "adam needs a network (gh.adam(generator, lr)) or a non-empty list of its "
            f"parameters, got {len(parameters)} item(s) that are not all tensors"
        )
    return torch.optim.Adam(parameters, lr=lr, betas=betas, fused=True)
