"""Variants of the GAN step: conditional GAN, InfoGAN and WGAN-GP. Each is a subclass of
``AdversarialStep`` that overrides what it changes: what G and D see (``generate``,
``discriminate``) or how they are scored (``discriminator_loss``, ``generator_loss``)."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.config import device_of
from ..course.errors import ArgumentError, ArgumentTypeError
from ..course.validation import check_tensor
from .models import InfoGANDiscriminator
from .modes import evaluating
from .regularizers import gradient_penalty
from .step import AdversarialStep


@checked_arguments
class ConditionalStep(AdversarialStep):
    """cGAN: G and D both see the class label; fakes are made for the real batch's labels."""

    def generate(
        self, z: Tensor, labels: Tensor | None, generator: nn.Module | None = None
    ) -> Tensor:
        if labels is None:
            raise ArgumentError(
                "a conditional GAN needs labels: train on (images, labels) or Digits"
            )
        return (generator or self.generator)(z, labels)

    def sampling_inputs(self, n: int, device: torch.device | str) -> tuple[Tensor, Tensor | None]:
        """Latents and uniformly drawn labels for ``n`` samples."""
        labels = torch.randint(0, self.generator.n_classes, (n,), device=device)
        return self.sample_latent(n, device), labels

    def discriminate(self, x: Tensor, labels: Tensor | None) -> Tensor:
        return self.discriminator(x, labels)


@checked_arguments
def code_information(category_logits: Tensor) -> Tensor:
    """The mutual information between a batch's samples and the category Q gives them, in nats:
    H(mean of Q(c | x)) − mean of H(Q(c | x)). High when Q is confident for each sample (small
    second term) and uses every category equally over the batch (large first term, at most
    log of the number of categories)."""
    check_tensor(category_logits, "category_logits", ndim=2, kind="float")
    probabilities = category_logits.softmax(dim=1)
    marginal = probabilities.mean(dim=0)
    marginal_entropy = -(marginal * marginal.clamp_min(1e-12).log()).sum()
    conditional_entropy = -(probabilities * category_logits.log_softmax(dim=1)).sum(1).mean()
    return marginal_entropy - conditional_entropy


@checked_arguments
class InfoGANStep(AdversarialStep):
    """InfoGAN: G's input is noise + a categorical code + continuous codes U(−1, 1); Q (sharing D's
    body) must recover the codes from the fake, which maximises a lower bound on their mutual
    information with the image. Q's loss: cross-entropy on the category (weight
    ``categorical_weight``) + squared error on the continuous codes (a fixed-variance Gaussian
    log-likelihood, weight ``continuous_weight``). Put Q's head in the generator's optimizer.

    With ``real_information_weight`` λ > 0, D's loss also subtracts λ · ``code_information`` of
    Q's category on the real batch, so that Q sorts *real* digits into confident, equally large
    groups (regularised information maximisation, Krause et al. 2010, as in IMSAT, Hu et al.
    2017). This course's deviation from InfoGAN, which reads the code on fakes only. A
    discriminator built with ``code_projection=True`` judges each fake together with its
    category (and each real digit with Q's reading of it): a second deviation."""

    def __init__(
        self,
        generator: nn.Module,
        discriminator: InfoGANDiscriminator,
        g_optimizer: torch.optim.Optimizer | None,
        d_optimizer: torch.optim.Optimizer | None,
        noise_dim: int = 62,
        categorical_weight: float = 1.0,
        continuous_weight: float = 0.1,
        noise_std: float = 1.0,
        real_information_weight: float = 0.0,
        **options: object,
    ) -> None:
        super().__init__(generator, discriminator, g_optimizer, d_optimizer, **options)
        if noise_std <= 0:
            raise ArgumentError(f"noise_std must be positive, got {noise_std}")
        if real_information_weight < 0:
            raise ArgumentError(
                f"real_information_weight must be >= 0, got {real_information_weight}"
            )
        self.real_information_weight = real_information_weight
        self.noise_std = noise_std
        self.noise_dim = noise_dim
        self.n_categories = discriminator.n_categories
        self.n_continuous = discriminator.n_continuous
        expected = noise_dim + self.n_categories + self.n_continuous
        if generator.latent_dim != expected:
            raise ArgumentError(
                f"generator.latent_dim is {generator.latent_dim}, expected {expected}"
            )
        self.categorical_weight = categorical_weight
        self.continuous_weight = continuous_weight

    def latent(self, noise: Tensor, category: Tensor, continuous: Tensor) -> Tensor:
        """G's input from its three parts (category as integer class indices)."""
        if category.is_floating_point():
            raise ArgumentTypeError(
                f"category must hold class indices (integers), got {category.dtype}"
            )
        # A comparison, not ``one_hot``: on a GPU that reads the indices back to check their range
        # (a host sync, which CUDA-graph capture forbids). On the CPU the check is free: done here.
        if category.device.type == "cpu" and len(category):
            low, high = int(category.min()), int(category.max())
            if low < 0 or high >= self.n_categories:
                raise ArgumentError(
                    f"category indices must be in [0, {self.n_categories}), got {low}..{high}"
                )
        classes = torch.arange(self.n_categories, device=category.device)
        one_hot = (category[:, None] == classes).float()
        return torch.cat([noise, one_hot, continuous], dim=1)

    def split_latent(self, z: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """``(noise, category indices, continuous codes)`` of G's input."""
        noise, one_hot, continuous = z.split(
            [self.noise_dim, self.n_categories, self.n_continuous], 1
        )
        return noise, one_hot.argmax(dim=1), continuous

    def category(self, z: Tensor) -> Tensor:
        """The categorical code's indices in ``z``."""
        return self.split_latent(z)[1]

    def sample_latent(self, n: int, device: torch.device | str) -> Tensor:
        noise = torch.randn(n, self.noise_dim, device=device) * self.noise_std
        category = torch.randint(0, self.n_categories, (n,), device=device)
        continuous = torch.rand(n, self.n_continuous, device=device) * 2 - 1
        return self.latent(noise, category, continuous)

    def judge_with_codes(
        self, x: Tensor, category: Tensor | None = None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """D's logit, Q's category logits and continuous means for ``x`` as seen in training;
        ``category``: the fakes' codes, which a D with code projection pairs them with."""
        return self.discriminator.with_codes(self.augment(x) if self.augment else x, category)

    def information_loss(self, category_logits: Tensor, continuous: Tensor, z: Tensor) -> Tensor:
        """Q's loss on fakes made from ``z``, given Q's outputs on them: cross-entropy on the
        category, squared error on the continuous codes, each with its weight."""
        _, category, true_continuous = self.split_latent(z)
        categorical = nn.functional.cross_entropy(category_logits, category)
        continuous_error = nn.functional.mse_loss(continuous, true_continuous)
        return self.categorical_weight * categorical + self.continuous_weight * continuous_error

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """The GAN loss of D plus Q's information loss on the fakes (Q shares D's body), minus
        λ · ``code_information`` of Q's category on the real digits when λ > 0."""
        if self.real_information_weight:
            real_logits, real_category_logits, _ = self.judge_with_codes(real)
        else:
            real_logits = self.judge(real, labels)
        fake_logits, category_logits, continuous = self.judge_with_codes(fake, self.category(z))
        gan_loss = 0.5 * (
            self.bce(real_logits, torch.ones_like(real_logits))
            + self.bce(fake_logits, torch.zeros_like(fake_logits))
        )
        loss = gan_loss + self.information_loss(category_logits, continuous, z)
        if self.real_information_weight:
            loss = loss - self.real_information_weight * code_information(real_category_logits)
        return loss, real_logits, fake_logits

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        """−log D(G(z)) plus Q's information loss: G must make its codes recoverable."""
        fooled_logits, category_logits, continuous = self.judge_with_codes(fake, self.category(z))
        gan_loss = self.bce(fooled_logits, torch.ones_like(fooled_logits))
        return gan_loss + self.information_loss(category_logits, continuous, z)

    def code_metrics(self, n: int = 1000) -> dict[str, float]:
        """On ``n`` fresh fakes: ``code_recovery``, the share whose category Q recovers (chance:
        1 / categories), and ``information_loss``, Q's weighted loss on them."""
        device = device_of(self.generator)
        z = self.sample_latent(n, device)
        with evaluating(self.generator, self.discriminator), torch.no_grad():
            _, category_logits, continuous = self.discriminator.with_codes(self.generator(z))
            loss = self.information_loss(category_logits, continuous, z).item()
        recovered = (category_logits.argmax(1) == self.split_latent(z)[1]).float().mean().item()
        return {"code_recovery": recovered, "information_loss": loss}

    def code_recovery(self, n: int = 1000) -> float:
        """Share of fresh fakes whose categorical code Q recovers (chance: 1 / categories)."""
        return self.code_metrics(n)["code_recovery"]


@checked_arguments
class WassersteinStep(AdversarialStep):
    """WGAN-GP (Gulrajani et al. 2017): D is a critic whose raw score (no sigmoid) estimates the
    Wasserstein distance, E[D(real)] − E[D(fake)]; a gradient penalty keeps it near 1-Lipschitz.
    The critic is updated on every batch, G on one batch in ``critic_steps`` (default 5; the
    paper's n_critic). The recorded ``d_real`` / ``d_fake`` are the critic's mean scores, not
    probabilities, and ``g_loss`` is the latest G update's."""

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer | None,
        d_optimizer: torch.optim.Optimizer | None,
        *,
        penalty_weight: float = 10.0,
        critic_steps: int = 5,
        **options: object,
    ) -> None:
        super().__init__(generator, discriminator, g_optimizer, d_optimizer, **options)
        if self.separate_batches:
            raise ArgumentError(
                "the gradient penalty is per sample: the critic must not mix batches"
            )
        if penalty_weight < 0:
            raise ArgumentError(f"penalty_weight must be >= 0, got {penalty_weight}")
        if not isinstance(critic_steps, int) or critic_steps <= 0:
            raise ArgumentError(f"critic_steps must be a positive int, got {critic_steps!r}")
        self.penalty_weight = penalty_weight
        self.critic_steps = critic_steps
        self.critic_updates = 0
        self.g_loss = torch.tensor(0.0)

    def __call__(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        """A critic update on every batch; a G update after every ``critic_steps``-th."""
        z = self.sample_latent(len(real), real.device)
        fake = self.generate(z, labels)
        d_loss, real_scores, fake_scores = self.discriminator_loss(real, fake.detach(), z, labels)
        self.update(self.d_optimizer, d_loss)
        if self.critic_updates % self.critic_steps == 0:
            g_loss = self.generator_loss(real, fake, z, labels)
            self.update(self.g_optimizer, g_loss)
            self.g_loss = g_loss.detach()  # kept for the statistics, without its graph
        self.critic_updates += 1
        return self.statistics(d_loss, self.g_loss.to(d_loss.device), real_scores, fake_scores)

    def discriminator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """−(E[D(real)] − E[D(fake)]) + λ · gradient penalty."""
        real_scores, fake_scores = self.score(real, fake, labels)
        penalty = gradient_penalty(lambda x: self.discriminate(x, labels), real, fake)
        loss = fake_scores.mean() - real_scores.mean() + self.penalty_weight * penalty
        return loss, real_scores, fake_scores

    def generator_loss(
        self, real: Tensor, fake: Tensor, z: Tensor, labels: Tensor | None
    ) -> Tensor:
        """−E[D(G(z))]: raise the critic's score of the fakes."""
        return -self.discriminate(fake, labels).mean()

    def statistics(
        self, d_loss: Tensor, g_loss: Tensor, real_scores: Tensor, fake_scores: Tensor
    ) -> Tensor:
        with torch.no_grad():
            return torch.stack([d_loss, g_loss, real_scores.mean(), fake_scores.mean()])
