"""An autoencoder and a variational autoencoder (Kingma & Welling 2014) whose decoder is the DCGAN
generator, for notebook 08's question: why not just learn to reconstruct the data?

The encoder mirrors the DCGAN discriminator (28 → 14 → 7, strided convolutions, LeakyReLU(0.2),
batch norm on the second block) and ends in a linear layer to the code: ``latent_dim`` numbers,
or a mean and a log-variance each for the VAE. The autoencoder minimises the squared pixel
error; the VAE the negative ELBO with a Bernoulli likelihood on pixels mapped to [0, 1] (the
usual choice for MNIST) and the KL divergence to N(0, I)."""

from __future__ import annotations

import time

import torch
from torch import Tensor, nn
from tqdm.auto import tqdm

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError, TrainingDiverged
from ..course.history import History
from ..course.validation import check_image_batch, check_images, check_optimizer_settings
from .models import DCGANGenerator, dcgan_init


class ConvEncoder(nn.Module):
    """28×28 images → ``outputs`` numbers, the DCGAN discriminator's body with a linear head."""

    def __init__(self, outputs: int, width: int = 32) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 4, 2, 1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(width, 2 * width, 4, 2, 1, bias=False),
            nn.BatchNorm2d(2 * width),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
            nn.Linear(2 * width * 7 * 7, outputs),
        )
        self.apply(dcgan_init)

    def forward(self, x: Tensor) -> Tensor:
        check_image_batch(x, (1, 28, 28), "encoder")
        return self.body(x)


@checked_arguments
class Autoencoder(nn.Module):
    """x → code z → DCGAN generator(z), trained to minimise the mean squared pixel error.
    ``width`` and ``refinements``: the generator's (``DCGANGenerator``)."""

    variational = False

    def __init__(self, latent_dim: int = 100, width: int = 32, refinements: int = 0) -> None:
        super().__init__()
        self.latent_dim = latent_dim
        self.encoder = ConvEncoder(latent_dim, width)
        self.decoder = DCGANGenerator(latent_dim, width, refinements=refinements)

    def encode(self, x: Tensor) -> Tensor:
        return self.encoder(x)

    def forward(self, x: Tensor) -> Tensor:
        """The reconstruction of ``x``."""
        return self.decoder(self.encode(x))

    def loss(self, x: Tensor) -> Tensor:
        """Mean squared error between ``x`` and its reconstruction: the L2 distance whose
        minimiser, for an uncertain input, is the average of the plausible outputs."""
        return nn.functional.mse_loss(self(x), x)


def gaussian_kl(mean: Tensor, log_variance: Tensor) -> Tensor:
    """KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − 1 − log σ²), summed over the latent dimensions and
    the batch (Kingma & Welling 2014, appendix B)."""
    return 0.5 * (mean.pow(2) + log_variance.exp() - 1 - log_variance).sum()


@checked_arguments
class VariationalAutoencoder(Autoencoder):
    """The encoder gives a Gaussian q(z | x) = N(μ, σ²); the loss is the negative ELBO per
    image: Bernoulli reconstruction cross-entropy summed over pixels plus KL(q(z | x) ‖ N(0, I))."""

    variational = True

    def __init__(self, latent_dim: int = 100, width: int = 32, refinements: int = 0) -> None:
        super().__init__(latent_dim, width, refinements)
        self.encoder = ConvEncoder(2 * latent_dim, width)

    def posterior(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """(μ, log σ²) of q(z | x)."""
        mean, log_variance = self.encoder(x).chunk(2, dim=1)
        return mean, log_variance

    def encode(self, x: Tensor) -> Tensor:
        """A code drawn from q(z | x) in training mode (reparametrised), its mean otherwise."""
        mean, log_variance = self.posterior(x)
        if not self.training:
            return mean
        return mean + torch.randn_like(mean) * (0.5 * log_variance).exp()

    def loss(self, x: Tensor) -> Tensor:
        mean, log_variance = self.posterior(x)
        z = mean + torch.randn_like(mean) * (0.5 * log_variance).exp()
        probabilities = ((self.decoder(z) + 1) / 2).clamp(1e-6, 1 - 1e-6)
        targets = (x + 1) / 2
        reconstruction = nn.functional.binary_cross_entropy(probabilities, targets, reduction="sum")
        return (reconstruction + gaussian_kl(mean, log_variance)) / len(x)


@checked_arguments
@torch.no_grad()
def sample_autoencoder(model: Autoencoder, n: int, fitted_to: Tensor | None = None) -> Tensor:
    """``n`` images decoded from random codes: from the VAE's prior N(0, I), or, for a plain
    autoencoder (whose codes follow no prior), from a Gaussian fitted to the codes of the images
    ``fitted_to`` (their mean and full covariance)."""
    model.eval()
    if model.variational:
        z = torch.randn(n, model.latent_dim)
    else:
        if fitted_to is None:
            raise ArgumentError("a plain autoencoder needs fitted_to: images whose codes to fit")
        codes = model.encode(fitted_to)
        covariance = torch.cov(codes.T) + 1e-4 * torch.eye(model.latent_dim)
        gaussian = torch.distributions.MultivariateNormal(codes.mean(dim=0), covariance)
        z = gaussian.sample((n,))
    return model.decoder(z)


@checked_arguments
def train_autoencoder(
    model: Autoencoder,
    images: Tensor,
    *,
    time_budget: float,
    batch_size: int = 64,
    lr: float = 1e-3,
    max_epochs: int = 10_000,
    progress: bool = True,
) -> History:
    """Adam on ``model.loss`` over shuffled batches of ``images`` until ``time_budget`` seconds
    are used up (checked after each epoch) or ``max_epochs``; the history holds ``loss`` and
    ``seconds`` per epoch. Ctrl-C stops after the current epoch's batch, keeping the model."""
    check_images(images)
    if time_budget <= 0 or batch_size <= 0 or batch_size > len(images):
        raise ArgumentError(
            f"need a positive time_budget and 0 < batch_size <= {len(images)}, "
            f"got {time_budget} and {batch_size}"
        )
    check_optimizer_settings(lr, (0.9, 0.999))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history, start = History(), time.perf_counter()
    bar = tqdm(range(1, max_epochs + 1), desc="epochs", unit="epoch", disable=not progress)
    try:
        for epoch in bar:
            model.train()
            started, total = time.perf_counter(), torch.zeros(())
            order = torch.randperm(len(images))
            batches = len(images) // batch_size
            for batch in range(batches):
                loss = model.loss(images[order[batch * batch_size : (batch + 1) * batch_size]])
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                total += loss.detach()
            mean = (total / batches).item()
            if not torch.isfinite(torch.tensor(mean)):
                raise TrainingDiverged(
                    f"non-finite autoencoder loss at epoch {epoch}: lower the learning rate"
                )
            history.append(epoch=epoch, loss=mean, seconds=time.perf_counter() - started)
            bar.set_postfix(loss=f"{mean:.4f}")
            if time.perf_counter() - start >= time_budget:
                break
    except KeyboardInterrupt:
        history.interrupted = True
        print(f"Interrupted: keeping the model after {len(history)} complete epochs.")
    finally:
        bar.close()
    model.eval()
    return history
