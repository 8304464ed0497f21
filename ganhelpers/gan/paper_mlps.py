"""The 2014 papers' own MNIST networks, for the notebooks' paper-recipe runs: the MLPs of
Goodfellow et al. (2014, notebook 02) and of Mirza & Osindero (2014, notebook 04), with maxout
discriminators (Goodfellow et al. 2013) and dropout. Sizes are the papers' (from the released
code, ``goodfeli/adversarial``'s ``mnist.yaml``, and Mirza & Osindero §4.1). Deviations: G's
sigmoid output is rescaled to the course's pixel range [−1, 1] (2·sigmoid − 1), D returns a logit
(the sigmoid lives in the loss), and the noise is the step's N(0, I) rather than U(−1, 1)."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError
from ..course.validation import as_labels, check_image_batch, check_latent
from .models import check_image_shape

MAX_NORM = 1.9365  # the released code's max_col_norm on the maxout layers


@checked_arguments
class Maxout(nn.Module):
    """Maxout (Goodfellow et al. 2013): ``pieces`` linear maps per unit, the unit's output their
    maximum, so each unit learns a convex piecewise-linear activation of its own. With
    ``max_norm`` each linear map's weight vector is scaled down to that norm when longer (the
    papers' code projects after each update; here it is applied in the forward pass): without it,
    SGD at the papers' learning rate 0.1 diverged within 30 epochs here."""

    def __init__(
        self, in_features: int, units: int, pieces: int, max_norm: float | None = None
    ) -> None:
        super().__init__()
        if min(in_features, units, pieces) < 1:
            raise ArgumentError(
                f"in_features, units and pieces must be positive, got {in_features}, {units}, "
                f"{pieces}"
            )
        if max_norm is not None and max_norm <= 0:
            raise ArgumentError(f"max_norm must be positive, got {max_norm}")
        self.units, self.pieces, self.max_norm = units, pieces, max_norm
        self.linear = nn.Linear(in_features, units * pieces)

    def forward(self, x: Tensor) -> Tensor:
        weight = self.linear.weight
        if self.max_norm is not None:
            norms = weight.norm(dim=1, keepdim=True).clamp(min=1e-12)
            weight = weight * (self.max_norm / norms).clamp(max=1.0)
        out = nn.functional.linear(x, weight, self.linear.bias)
        return out.view(len(x), self.units, self.pieces).amax(dim=2)


def _pixels_out(hidden: int, image_shape: tuple[int, ...]) -> nn.Sequential:
    """The output layer: one unit per pixel, sigmoid rescaled to [−1, 1]."""
    return nn.Sequential(nn.Linear(hidden, math.prod(image_shape)), nn.Sigmoid())


@checked_arguments
class PaperMLPGenerator(nn.Module):
    """Goodfellow et al. (2014)'s MNIST generator: noise (100) → 1200 ReLU → 1200 ReLU → 784."""

    def __init__(self, latent_dim: int = 100, image_shape: tuple[int, ...] = (1, 28, 28)) -> None:
        super().__init__()
        check_image_shape(image_shape)
        self.latent_dim, self.image_shape = latent_dim, tuple(image_shape)
        self.net = nn.Sequential(
            nn.Linear(latent_dim, 1200),
            nn.ReLU(),
            nn.Linear(1200, 1200),
            nn.ReLU(),
            _pixels_out(1200, self.image_shape),
        )

    def forward(self, z: Tensor) -> Tensor:
        z = check_latent(z, self.latent_dim, self.training, has_batch_norm=False)
        return (2 * self.net(z) - 1).view(len(z), *self.image_shape)


@checked_arguments
class MaxoutDiscriminator(nn.Module):
    """Goodfellow et al. (2014)'s MNIST discriminator: the flattened image (dropout 0.2) →
    maxout 240 units × 5 pieces (dropout 0.5) → maxout 240 × 5 (dropout 0.5) → one logit; the
    maxout weights kept to norm ``MAX_NORM``."""

    def __init__(self, image_shape: tuple[int, ...] = (1, 28, 28)) -> None:
        super().__init__()
        check_image_shape(image_shape)
        self.input_shape = tuple(image_shape)
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(0.2),
            Maxout(math.prod(image_shape), 240, 5, MAX_NORM),
            nn.Dropout(0.5),
            Maxout(240, 240, 5, MAX_NORM),
            nn.Dropout(0.5),
            nn.Linear(240, 1),
        )

    def forward(self, x: Tensor) -> Tensor:
        check_image_batch(x, self.input_shape, "discriminator")
        return self.net(x)


@checked_arguments
class PaperConditionalGenerator(nn.Module):
    """Mirza & Osindero (2014)'s MNIST generator: noise (100) → 200 ReLU and the one-hot label →
    1000 ReLU, joined (1200, dropout 0.5) → 784."""

    def __init__(self, latent_dim: int = 100, n_classes: int = 10) -> None:
        super().__init__()
        self.latent_dim, self.n_classes, self.image_shape = latent_dim, n_classes, (1, 28, 28)
        self.noise = nn.Sequential(nn.Linear(latent_dim, 200), nn.ReLU())
        self.label = nn.Sequential(nn.Linear(n_classes, 1000), nn.ReLU())
        self.joint = nn.Sequential(nn.Dropout(0.5), _pixels_out(1200, self.image_shape))

    def forward(self, z: Tensor, labels: Tensor) -> Tensor:
        z = check_latent(z, self.latent_dim, self.training, has_batch_norm=False)
        labels = as_labels(labels, len(z), self.n_classes).to(z.device)
        one_hot = nn.functional.one_hot(labels.long(), self.n_classes).float()
        joined = torch.cat([self.noise(z), self.label(one_hot)], dim=1)
        return (2 * self.joint(joined) - 1).view(len(z), *self.image_shape)


@checked_arguments
class PaperConditionalDiscriminator(nn.Module):
    """Mirza & Osindero (2014)'s MNIST discriminator: the image → maxout 240 × 5 and the one-hot
    label → maxout 50 × 5, joined → maxout 240 × 4 → one logit, dropout 0.5 before each maxout
    above the input (the paper gives the rate, not its places)."""

    def __init__(self, n_classes: int = 10) -> None:
        super().__init__()
        self.n_classes, self.input_shape = n_classes, (1, 28, 28)
        self.image = nn.Sequential(nn.Flatten(), Maxout(784, 240, 5, MAX_NORM))
        self.label = Maxout(n_classes, 50, 5, MAX_NORM)
        self.joint = nn.Sequential(nn.Dropout(0.5), Maxout(290, 240, 4, MAX_NORM), nn.Dropout(0.5))
        self.head = nn.Linear(240, 1)

    def forward(self, x: Tensor, labels: Tensor) -> Tensor:
        check_image_batch(x, self.input_shape, "conditional discriminator")
        labels = as_labels(labels, len(x), self.n_classes).to(x.device)
        one_hot = nn.functional.one_hot(labels.long(), self.n_classes).float()
        joined = torch.cat([self.image(x), self.label(one_hot)], dim=1)
        return self.head(self.joint(joined))
