"""Standard training loops for the time-to-quality benchmark: a DCGAN in the style of
pytorch/examples ``dcgan/main.py`` with the DCGAN paper's recipe (Radford et al. 2016: strided
convolutions, batch norm in G and in D after its first layer, ReLU in G, LeakyReLU 0.2 in D,
weights N(0, 0.02), Adam 2e-4 with β1 = 0.5, batch 128, binary cross-entropy, one D update then
one G update), and the same loop with a conditional head (the label as one-hot input channels of
G and D, Mirza & Osindero 2014) and an InfoGAN head (Chen et al. 2016: 62 noise numbers, a
10-way category and 2 continuous codes U(−1, 1); Q shares D's body; the information loss enters
D's loss and G's, as in the paper's code). All three keep the DCGAN paper's rates (2e-4 for both
players). Deviations: sizes for 28×28 digits (7×7 → 14×14 → 28×28) instead of the example's
64×64; InfoGAN's own rates (G and Q's head at 1e-3) were tried first and did worse on these
networks (FID 841, 3 classes, code accuracy 26.5% after 301 s).

Nothing here comes from ``ganhelpers``: these are the baselines the course's recipes are
compared with. Each model exposes what the course's step classes read (``latent_dim``,
``n_classes``, ``n_categories``, ``n_continuous``), so that the benchmark measures them with the
same ``DigitQuality``."""

from __future__ import annotations

import time

import torch
from torch import Tensor, nn
from torch.nn import functional

LATENT_DIM, CLASSES, NOISE_DIM, CONTINUOUS = 100, 10, 62, 2


def paper_init(module: nn.Module) -> None:
    """The DCGAN paper's initialisation: N(0, 0.02) weights; batch norm scales N(1, 0.02)."""
    if isinstance(module, nn.Conv2d | nn.ConvTranspose2d | nn.Linear):
        nn.init.normal_(module.weight, 0.0, 0.02)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


class Generator(nn.Module):
    """z (plus a one-hot label when ``n_classes``) → 256×7×7 → 128×14×14 → 1×28×28, tanh."""

    def __init__(self, latent_dim: int = LATENT_DIM, n_classes: int = 0) -> None:
        super().__init__()
        self.latent_dim, self.n_classes = latent_dim, n_classes
        self.net = nn.Sequential(
            nn.ConvTranspose2d(latent_dim + n_classes, 256, 7, 1, 0, bias=False),
            nn.BatchNorm2d(256),
            nn.ReLU(True),
            nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(True),
            nn.ConvTranspose2d(128, 1, 4, 2, 1, bias=False),
            nn.Tanh(),
        )
        self.apply(paper_init)

    def forward(self, z: Tensor, labels: Tensor | None = None) -> Tensor:
        if self.n_classes:
            z = torch.cat([z, functional.one_hot(labels, self.n_classes).float()], 1)
        return self.net(z[:, :, None, None])


class Discriminator(nn.Module):
    """1×28×28 (plus one-hot label maps) → 64×14×14 → 128×7×7 → a logit; ``features`` is the
    128×7×7 body, which an InfoGAN Q head shares."""

    def __init__(self, n_classes: int = 0) -> None:
        super().__init__()
        self.n_classes = n_classes
        self.body = nn.Sequential(
            nn.Conv2d(1 + n_classes, 64, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, True),
            nn.Conv2d(64, 128, 4, 2, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.LeakyReLU(0.2, True),
        )
        self.head = nn.Conv2d(128, 1, 7, 1, 0, bias=False)
        self.apply(paper_init)

    def features(self, x: Tensor, labels: Tensor | None = None) -> Tensor:
        if self.n_classes:
            maps = functional.one_hot(labels, self.n_classes).float()[:, :, None, None]
            x = torch.cat([x, maps.expand(-1, -1, *x.shape[2:])], 1)
        return self.body(x)

    def forward(self, x: Tensor, labels: Tensor | None = None) -> Tensor:
        return self.head(self.features(x, labels)).flatten()


class InfoDiscriminator(Discriminator):
    """D with InfoGAN's Q head on its body: category logits and continuous codes' means."""

    def __init__(self) -> None:
        super().__init__()
        self.n_categories, self.n_continuous = CLASSES, CONTINUOUS
        self.q_head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(128 * 7 * 7, 128),
            nn.BatchNorm1d(128),
            nn.LeakyReLU(0.2, True),
            nn.Linear(128, CLASSES + CONTINUOUS),
        )
        self.apply(paper_init)

    def with_codes(self, x: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        features = self.features(x)
        codes = self.q_head(features)
        return self.head(features).flatten(), codes[:, :CLASSES], codes[:, CLASSES:]


class StandardLoop:
    """One of the three standard loops (``kind``: ``"dcgan"``, ``"cgan"`` or ``"infogan"``) on
    ``images`` (and ``labels`` for the cGAN); ``run()`` trains one epoch and returns its seconds."""

    BATCH_SIZE = 128

    def __init__(self, kind: str, images: Tensor, labels: Tensor | None = None) -> None:
        if kind not in ("dcgan", "cgan", "infogan"):
            raise ValueError(f"kind must be dcgan, cgan or infogan, got {kind!r}")
        self.kind, self.images, self.labels = kind, images, labels
        n_classes = CLASSES if kind == "cgan" else 0
        latent = NOISE_DIM + CLASSES + CONTINUOUS if kind == "infogan" else LATENT_DIM
        self.generator = Generator(latent, n_classes)
        self.discriminator = InfoDiscriminator() if kind == "infogan" else Discriminator(n_classes)
        betas = (0.5, 0.999)
        g_parameters = list(self.generator.parameters())
        d_parameters = list(self.discriminator.parameters())
        if kind == "infogan":  # Q's head trains with G, the shared body with D (Chen et al. 2016)
            q_parameters = set(self.discriminator.q_head.parameters())
            d_parameters = [p for p in d_parameters if p not in q_parameters]
            g_parameters += list(q_parameters)
        self.g_optimizer = torch.optim.Adam(g_parameters, 2e-4, betas=betas)
        self.d_optimizer = torch.optim.Adam(d_parameters, 2e-4, betas=betas)

    def latent(self, n: int) -> tuple[Tensor, Tensor | None, Tensor | None]:
        """z, and the category and continuous codes of an InfoGAN latent."""
        if self.kind != "infogan":
            return torch.randn(n, self.generator.latent_dim), None, None
        category = torch.randint(0, CLASSES, (n,))
        continuous = torch.rand(n, CONTINUOUS) * 2 - 1
        noise = torch.randn(n, NOISE_DIM)
        return (
            torch.cat([noise, functional.one_hot(category, CLASSES).float(), continuous], 1),
            (category),
            continuous,
        )

    @staticmethod
    def information(
        category_logits: Tensor, means: Tensor, category: Tensor, continuous: Tensor
    ) -> Tensor:
        """InfoGAN's loss on Q's reading of the fakes (λ = 1 for the category; a fixed-variance
        Gaussian, weight 0.1, for the continuous codes), in D's loss and in G's."""
        return functional.cross_entropy(category_logits, category) + 0.1 * functional.mse_loss(
            means, continuous
        )

    def run(self) -> float:
        started = time.perf_counter()
        order = torch.randperm(len(self.images))
        for batch in order[: len(order) // self.BATCH_SIZE * self.BATCH_SIZE].split(
            self.BATCH_SIZE
        ):
            self.update(self.images[batch], None if self.labels is None else self.labels[batch])
        return time.perf_counter() - started

    def update(self, real: Tensor, labels: Tensor | None) -> None:
        bce = functional.binary_cross_entropy_with_logits
        z, category, continuous = self.latent(len(real))
        fake = self.generator(z, labels)
        real_logits = self.discriminator(real, labels)
        if self.kind == "infogan":  # the information loss trains the shared body too
            fake_logits, category_logits, means = self.discriminator.with_codes(fake.detach())
            information = self.information(category_logits, means, category, continuous)
        else:
            fake_logits, information = self.discriminator(fake.detach(), labels), 0.0
        d_loss = (
            bce(real_logits, torch.ones_like(real_logits))
            + bce(fake_logits, torch.zeros_like(fake_logits))
            + information
        )
        self.d_optimizer.zero_grad()
        d_loss.backward()
        self.d_optimizer.step()

        if self.kind == "infogan":
            logits, category_logits, means = self.discriminator.with_codes(fake)
            information = self.information(category_logits, means, category, continuous)
            g_loss = bce(logits, torch.ones_like(logits)) + information
        else:
            logits = self.discriminator(fake, labels)
            g_loss = bce(logits, torch.ones_like(logits))
        self.g_optimizer.zero_grad()
        g_loss.backward()
        self.g_optimizer.step()
