"""Generators and discriminators. Every discriminator returns logits: the sigmoid that turns a
logit into the probability "real" lives in the loss (``BCEWithLogitsLoss``), which is the same
function as Sigmoid + BCELoss but numerically stable."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError
from ..course.validation import are_class_indices, as_labels, check_image_batch, check_latent
from .layers import MinibatchDiscrimination, VirtualBatchNorm


def check_image_shape(image_shape: tuple[int, ...]) -> None:
    """(channels, height, width), each positive."""
    if len(image_shape) != 3 or min(image_shape) <= 0:
        raise ArgumentError(
            f"image_shape must be (channels, height, width), e.g. (1, 28, 28), got {image_shape}"
        )


def _check_positive(**sizes: int) -> None:
    for name, value in sizes.items():
        if not isinstance(value, int) or value <= 0:
            raise ArgumentError(f"{name} must be a positive int, got {value!r}")


def check_hidden(hidden: list[int], dropout: float = 0.0) -> None:
    """At least one hidden layer, every width positive, dropout a probability below 1."""
    if len(hidden) == 0 or min(hidden) <= 0:
        raise ArgumentError(f"hidden must list one or more positive widths, got {tuple(hidden)}")
    if not 0 <= dropout < 1:
        raise ArgumentError(f"dropout must be in [0, 1), got {dropout}")


def _hidden_layers(
    sizes: list[int],
    dropout: float = 0.0,
    virtual_batch_norm: bool = False,
    batch_norm: bool = False,
    negative_slope: float = 0.0,
) -> list[nn.Module]:
    """Linear (→ VirtualBatchNorm or BatchNorm1d) → ReLU or LeakyReLU (→ Dropout) for each
    consecutive pair of ``sizes``. ``batch_norm`` skips the first layer, as in PyTorch-GAN's
    MLP generator (normalising the layer that reads the noise only removes information)."""
    check_hidden(sizes[1:], dropout)
    layers: list[nn.Module] = []
    for index, (size_in, size_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(size_in, size_out))
        if virtual_batch_norm:
            layers.append(VirtualBatchNorm(size_out))
        elif batch_norm and index > 0:
            layers.append(nn.BatchNorm1d(size_out))
        layers.append(nn.LeakyReLU(negative_slope) if negative_slope else nn.ReLU())
        if dropout:
            layers.append(nn.Dropout(dropout))
    return layers


@checked_arguments
class SineGenerator(nn.Module):
    """Notebook 01's generator: 2-D noise → 16 → 32 → a 2-D point."""

    def __init__(self, latent_dim: int = 2) -> None:
        super().__init__()
        _check_positive(latent_dim=latent_dim)
        self.latent_dim = latent_dim
        self.net = nn.Sequential(*_hidden_layers([latent_dim, 16, 32]), nn.Linear(32, 2))

    def forward(self, z: Tensor) -> Tensor:
        return self.net(z)


@checked_arguments
class SineDiscriminator(nn.Module):
    """Notebook 01's discriminator: a 2-D point → 256 → 128 → 64 → one logit, dropout 0.3."""

    def __init__(self, dropout: float = 0.3) -> None:
        super().__init__()
        self.net = nn.Sequential(*_hidden_layers([2, 256, 128, 64], dropout), nn.Linear(64, 1))

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim != 2 or x.shape[1] != 2:
            raise ArgumentError(f"expected points of shape (batch, 2), got {tuple(x.shape)}")
        return self.net(x)


@checked_arguments
class MLPGenerator(nn.Module):
    """Notebook 02's generator: noise → ``hidden`` layers → a 28×28 image in [-1, 1].

    The defaults are the seed tutorial's (256 → 512 → 1024, ReLU). The improved recipe
    (PyTorch-GAN's ``gan.py``) uses ``hidden=(128, 256, 512, 1024)``, ``batch_norm=True`` and
    ``negative_slope=0.2`` (LeakyReLU). With ``virtual_batch_norm`` a ``VirtualBatchNorm``
    follows each hidden layer (then wrap the generator in ``ReferenceBatch``)."""

    def __init__(
        self,
        latent_dim: int = 100,
        image_shape: tuple[int, ...] = (1, 28, 28),
        virtual_batch_norm: bool = False,
        hidden: tuple[int, ...] = (256, 512, 1024),
        batch_norm: bool = False,
        negative_slope: float = 0.0,
    ) -> None:
        super().__init__()
        _check_positive(latent_dim=latent_dim)
        self.latent_dim = latent_dim
        check_image_shape(image_shape)
        self.image_shape = tuple(image_shape)
        pixels = math.prod(self.image_shape)
        self.has_batch_norm = batch_norm or virtual_batch_norm
        self.net = nn.Sequential(
            *_hidden_layers(
                [latent_dim, *hidden],
                virtual_batch_norm=virtual_batch_norm,
                batch_norm=batch_norm,
                negative_slope=negative_slope,
            ),
            nn.Linear(hidden[-1], pixels),
            nn.Tanh(),
        )

    def forward(self, z: Tensor) -> Tensor:
        z = check_latent(z, self.latent_dim, self.training, self.has_batch_norm)
        return self.net(z).view(len(z), *self.image_shape)


@checked_arguments
class MLPDiscriminator(nn.Module):
    """Notebook 02's discriminator: a flattened image → ``hidden`` layers → one logit.

    The defaults are the seed tutorial's (1024 → 512 → 256, ReLU, dropout 0.3); the improved
    recipe uses ``hidden=(512, 256)``, ``dropout=0`` and ``negative_slope=0.2``. With
    ``minibatch_kernels`` > 0 a ``MinibatchDiscrimination`` layer comes before the logit; with
    ``pack`` > 1 it reads ``pack`` images at once (PacGAN: wrap it in ``PackedDiscriminator``)."""

    def __init__(
        self,
        image_shape: tuple[int, ...] = (1, 28, 28),
        dropout: float = 0.3,
        minibatch_kernels: int = 0,
        hidden: tuple[int, ...] = (1024, 512, 256),
        negative_slope: float = 0.0,
        pack: int = 1,
    ) -> None:
        super().__init__()
        _check_positive(pack=pack)
        check_image_shape(image_shape)
        pixels = math.prod(image_shape) * pack
        self.input_shape = (image_shape[0] * pack, *image_shape[1:])
        layers = _hidden_layers([pixels, *hidden], dropout, negative_slope=negative_slope)
        self.body = nn.Sequential(nn.Flatten(), *layers)
        self.head = _logit_head(hidden[-1], minibatch_kernels)

    def features(self, x: Tensor) -> Tensor:
        """The last hidden layer's activations (what feature matching compares)."""
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        check_image_batch(x, self.input_shape, "discriminator")
        return self.head(self.body(x))


def _logit_head(in_features: int, minibatch_kernels: int) -> nn.Module:
    """One logit from ``in_features``, after a minibatch-discrimination layer if asked for."""
    if minibatch_kernels < 0:
        raise ArgumentError(f"minibatch_kernels must be >= 0, got {minibatch_kernels}")
    if not minibatch_kernels:
        return nn.Linear(in_features, 1)
    minibatch = MinibatchDiscrimination(in_features, kernels=minibatch_kernels)
    return nn.Sequential(minibatch, nn.Linear(minibatch.out_features, 1))


class MixtureGenerator(nn.Module):
    """Notebook 06's generator for 2-D mixtures: noise → 128 → 128 → a point (``depth`` hidden
    layers of ``hidden`` units); with
    ``virtual_batch_norm`` a ``VirtualBatchNorm`` after each hidden layer (then wrap it in
    ``ReferenceBatch``)."""

    def __init__(
        self,
        latent_dim: int = 16,
        hidden: int = 128,
        virtual_batch_norm: bool = False,
        depth: int = 2,
    ) -> None:
        super().__init__()
        _check_positive(latent_dim=latent_dim, hidden=hidden, depth=depth)
        self.latent_dim = latent_dim
        self.net = nn.Sequential(
            *_hidden_layers([latent_dim] + [hidden] * depth, virtual_batch_norm=virtual_batch_norm),
            nn.Linear(hidden, 2),
        )

    def forward(self, z: Tensor) -> Tensor:
        return self.net(z)


class MixtureDiscriminator(nn.Module):
    """Notebook 06's discriminator: a 2-D point → 128 → 128 → one logit (``depth`` hidden layers
    of ``hidden`` units); with
    ``minibatch_kernels`` > 0 a ``MinibatchDiscrimination`` layer before the logit. For PacGAN,
    ``pack`` points come concatenated (2 × ``pack`` inputs): wrap it in ``PackedDiscriminator``."""

    def __init__(
        self, hidden: int = 128, minibatch_kernels: int = 0, pack: int = 1, depth: int = 2
    ) -> None:
        super().__init__()
        _check_positive(hidden=hidden, pack=pack, depth=depth)
        self.inputs = 2 * pack
        self.body = nn.Sequential(*_hidden_layers([self.inputs] + [hidden] * depth))
        self.head = _logit_head(hidden, minibatch_kernels)

    def features(self, x: Tensor) -> Tensor:
        """The last hidden layer's activations (what feature matching compares)."""
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim != 2 or x.shape[1] != self.inputs:
            raise ArgumentError(
                f"expected points of shape (batch, {self.inputs}), got {tuple(x.shape)}"
            )
        return self.head(self.body(x))


def dcgan_init(module: nn.Module) -> None:
    """DCGAN initialisation (Radford et al.): conv and linear weights ~ N(0, 0.02), batch-norm
    scales ~ N(1, 0.02), biases 0. Use as ``model.apply(dcgan_init)``."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


IMAGE_SIZES = {28: 2, 32: 3, 64: 4}  # supported image sizes → stride-2 (de)convolutions


def resampling_steps(image_size: int) -> int:
    """The stride-2 (de)convolutions the DCGAN networks use for ``image_size``; any size but
    ``IMAGE_SIZES`` is refused with the list."""
    if image_size not in IMAGE_SIZES:
        raise ArgumentError(
            f"image_size {image_size!r} is not supported; choose one of {sorted(IMAGE_SIZES)} "
            "(resize your images to one of them, e.g. image_folder(..., image_size=32))"
        )
    return IMAGE_SIZES[image_size]


def _refinement_layers(maps: int, count: int) -> list[nn.Module]:
    """``count`` × (3×3 convolution keeping size and maps, batch norm, ReLU)."""
    layers: list[nn.Module] = []
    for _ in range(count):
        layers += [nn.Conv2d(maps, maps, 3, padding=1, bias=False), nn.BatchNorm2d(maps), nn.ReLU()]
    return layers


@checked_arguments
class DCGANGenerator(nn.Module):
    """DCGAN: project the input to a small stack of feature maps, then stride-2 transposed
    convolutions double the size up to ``image_size`` (28: 7 → 14 → 28; 32: 4 → 8 → 16 → 32;
    64: one more). Batch norm and ReLU everywhere except the tanh output, which has ``channels``
    (1: grey, 3: colour); no hidden dense layers. The last hidden layer has ``width`` maps, each
    earlier one twice as many. ``refinements`` (this course's addition, not in DCGAN): that many
    3×3 stride-1 convolutions (+ batch norm, ReLU) at each size below the output, more depth for
    a narrow generator (notebook 03: 1, which makes its G about half again as costly)."""

    def __init__(
        self,
        latent_dim: int = 100,
        width: int = 64,
        image_size: int = 28,
        channels: int = 1,
        refinements: int = 0,
    ) -> None:
        super().__init__()
        _check_positive(latent_dim=latent_dim, width=width, channels=channels)
        if refinements < 0:
            raise ArgumentError(f"refinements must be >= 0, got {refinements}")
        steps = resampling_steps(image_size)
        self.latent_dim, self.image_size, self.channels = latent_dim, image_size, channels
        start, maps = image_size // 2**steps, width * 2 ** (steps - 1)
        self.project = nn.Sequential(
            nn.Linear(latent_dim, start * start * maps, bias=False),
            nn.BatchNorm1d(start * start * maps),
            nn.ReLU(),
            nn.Unflatten(1, (maps, start, start)),
        )
        layers: list[nn.Module] = _refinement_layers(maps, refinements)
        for _ in range(steps - 1):
            layers += [
                nn.ConvTranspose2d(maps, maps // 2, 4, stride=2, padding=1, bias=False),
                nn.BatchNorm2d(maps // 2),
                nn.ReLU(),
            ]
            maps //= 2
            layers += _refinement_layers(maps, refinements)
        layers += [nn.ConvTranspose2d(maps, channels, 4, stride=2, padding=1), nn.Tanh()]
        self.upsample = nn.Sequential(*layers)
        self.apply(dcgan_init)

    def forward(self, z: Tensor) -> Tensor:
        z = check_latent(z, self.latent_dim, self.training, has_batch_norm=True)
        return self.upsample(self.project(z))


@checked_arguments
class DCGANDiscriminator(nn.Module):
    """DCGAN: stride-2 convolutions halve the size down to 7×7 (28) or 4×4 (32, 64) with
    LeakyReLU(0.2), batch norm on all but the first (never on D's input), then one logit from
    the last feature map. ``batch_norm=False`` drops D's batch norm (then real and fake can share
    one forward pass, and PacGAN's packs are judged on their own). ``in_channels``: 1 for grey
    images, 3 for colour (times the pack size for PacGAN)."""

    def __init__(
        self,
        in_channels: int = 1,
        width: int = 64,
        batch_norm: bool = True,
        image_size: int = 28,
    ) -> None:
        super().__init__()
        _check_positive(in_channels=in_channels, width=width)
        steps = resampling_steps(image_size)
        self.input_shape = (in_channels, image_size, image_size)
        layers: list[nn.Module] = [nn.Conv2d(in_channels, width, 4, stride=2, padding=1)]
        layers.append(nn.LeakyReLU(0.2))
        maps = width
        for _ in range(steps - 1):
            norm = [nn.BatchNorm2d(2 * maps)] if batch_norm else []
            layers += [
                nn.Conv2d(maps, 2 * maps, 4, stride=2, padding=1, bias=not batch_norm),
                *norm,
                nn.LeakyReLU(0.2),
            ]
            maps *= 2
        self.body = nn.Sequential(*layers, nn.Flatten())
        side = image_size // 2**steps
        self.feature_dim = maps * side * side
        self.head = nn.Linear(self.feature_dim, 1)
        self.apply(dcgan_init)

    def forward(self, x: Tensor) -> Tensor:
        check_image_batch(x, self.input_shape, "discriminator")
        return self.head(self.body(x))


def with_label_planes(x: Tensor, labels: Tensor, n_classes: int) -> Tensor:
    """The conditional D's input: the images with ``n_classes`` constant planes appended, the
    label's plane all ones and the others zeros, (N, C + n_classes, H, W)."""
    planes = _one_hot(labels, n_classes)[:, :, None, None].expand(-1, -1, *x.shape[2:])
    return torch.cat([x, planes], dim=1)


def _one_hot(labels: Tensor, n_classes: int) -> Tensor:
    if not are_class_indices(labels):
        raise ArgumentError(
            f"labels must be a 1-D tensor of integer class indices (torch.long), got "
            f"{labels.dtype} of shape {tuple(labels.shape)}: use labels.long()"
        )
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ArgumentError(
            f"labels must lie in [0, {n_classes}), got {labels.min()}..{labels.max()}"
        )
    return nn.functional.one_hot(labels.long(), n_classes).float()  # one_hot takes int64 only


@checked_arguments
class ConditionalGenerator(nn.Module):
    """cGAN generator: a DCGAN generator fed the noise concatenated with the one-hot label."""

    def __init__(
        self,
        latent_dim: int = 100,
        n_classes: int = 10,
        width: int = 64,
        image_size: int = 28,
        channels: int = 1,
    ) -> None:
        super().__init__()
        _check_positive(n_classes=n_classes)
        self.latent_dim, self.n_classes = latent_dim, n_classes
        self.net = DCGANGenerator(latent_dim + n_classes, width, image_size, channels)

    def forward(self, z: Tensor, labels: Tensor) -> Tensor:
        z = check_latent(z, self.latent_dim, self.training, has_batch_norm=True)
        labels = as_labels(labels, len(z), self.n_classes).to(z.device)
        return self.net(torch.cat([z, _one_hot(labels, self.n_classes)], dim=1))


@checked_arguments
class ConditionalDiscriminator(nn.Module):
    """cGAN discriminator: the image with the one-hot label broadcast as extra channels."""

    def __init__(
        self, n_classes: int = 10, width: int = 64, image_size: int = 28, channels: int = 1
    ) -> None:
        super().__init__()
        _check_positive(n_classes=n_classes, channels=channels)
        self.n_classes = n_classes
        self.input_shape = (channels, image_size, image_size)
        self.net = DCGANDiscriminator(channels + n_classes, width, image_size=image_size)

    def forward(self, x: Tensor, labels: Tensor) -> Tensor:
        check_image_batch(x, self.input_shape, "conditional discriminator")
        if len(labels) != len(x):
            raise ArgumentError(f"{len(x)} images but {len(labels)} labels")
        return self.net(with_label_planes(x, labels, self.n_classes))


@checked_arguments
class InfoGANDiscriminator(nn.Module):
    """InfoGAN's D and Q sharing one convolutional body: D's head gives the real/fake logit, Q's
    head the categorical code's logits and the continuous codes' predicted means.

    ``code_projection=True`` (this course's addition, after self-conditioned GANs, Liu et al.
    2020, and projection discriminators, Miyato & Koyama 2018) makes D judge (image, category)
    pairs: its logit gains ⟨e_c, φ(x)⟩, the body's features φ(x) against a learned vector e_c for
    the category c, which is the fake's own code when given and otherwise Q's reading of x (for
    real digits). D then compares each code's fakes with the real digits Q files under that code."""

    def __init__(
        self,
        n_categories: int = 10,
        n_continuous: int = 2,
        width: int = 64,
        code_projection: bool = False,
    ) -> None:
        super().__init__()
        _check_positive(n_categories=n_categories, n_continuous=n_continuous)
        self.n_categories, self.n_continuous = n_categories, n_continuous
        self.shared = DCGANDiscriminator(1, width)
        self.q_head = nn.Sequential(
            nn.Linear(self.shared.feature_dim, 128),
            nn.BatchNorm1d(128),
            nn.LeakyReLU(0.2),
            nn.Linear(128, n_categories + n_continuous),
        )
        self.q_head.apply(dcgan_init)
        self.code_embedding = (
            nn.Embedding(n_categories, self.shared.feature_dim) if code_projection else None
        )
        if self.code_embedding is not None:
            nn.init.normal_(self.code_embedding.weight, 0.0, 0.02)

    def d_parameters(self) -> list[nn.Parameter]:
        """What D's optimizer trains: the shared body, D's head and any code embedding (Q's head
        belongs in G's optimizer)."""
        extra = [] if self.code_embedding is None else list(self.code_embedding.parameters())
        return [*self.shared.parameters(), *extra]

    def forward(self, x: Tensor) -> Tensor:
        return self.with_codes(x)[0]

    def with_codes(
        self, x: Tensor, category: Tensor | None = None
    ) -> tuple[Tensor, Tensor, Tensor]:
        """``(real/fake logit, category logits, continuous means)`` from one pass of the body;
        with code projection, the logit is that of the pair (x, ``category``), or (x, Q's
        reading of x) when no category is given."""
        check_image_batch(x, self.shared.input_shape, "InfoGAN discriminator")
        features = self.shared.body(x)
        codes = self.q_head(features)
        category_logits = codes[:, : self.n_categories]
        logit = self.shared.head(features)
        if self.code_embedding is not None:
            paired = category if category is not None else category_logits.argmax(dim=1)
            logit = logit + (self.code_embedding(paired) * features).sum(dim=1, keepdim=True)
        return logit, category_logits, codes[:, self.n_categories :]
