"""Goodfellow et al. (2014)'s own MNIST networks, for notebook 02's paper-recipe run: MLPs with a
maxout discriminator (Goodfellow et al. 2013) and dropout, the sizes of the released code
(``goodfeli/adversarial``'s ``mnist.yaml``). Deviations: G's sigmoid output is rescaled to the
course's pixel range [−1, 1] (2·sigmoid − 1), D returns a logit (the sigmoid lives in the loss),
and the noise is the step's N(0, I) rather than U(−1, 1)."""

from __future__ import annotations

import math

from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError
from ..course.validation import check_image_batch, check_latent
from .models import check_image_shape

MAX_NORM = 1.9365  # the released code's max_col_norm on the maxout layers


@checked_arguments
class Maxout(nn.Module):
    """Maxout (Goodfellow et al. 2013): ``pieces`` linear maps per unit, the unit's output their
    maximum, so each unit learns a convex piecewise-linear activation of its own. With
    ``max_norm`` each linear map's weight vector is scaled down to that norm when longer (the
    paper's code projects after each update; here it is applied in the forward pass): without it,
    SGD at the paper's learning rate 0.1 diverged within 30 epochs here."""

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
            nn.Linear(1200, math.prod(self.image_shape)),
            nn.Sigmoid(),
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
