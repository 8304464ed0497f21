"""Fill-in exercises: ``check_exercise(name, your_function)`` runs a learner's function on fixed
inputs beside the course's own code and says whether they agree, or what is wrong: ``None``
returned, a wrong shape, or one of the mistakes learners make most (a flipped sign, a sum for a
mean, the saturating loss for the non-saturating one...), each named with a hint. Worked answers:
``notebooks/answers/``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .arguments import checked_arguments
from .errors import ArgumentError


@dataclass(frozen=True)
class Exercise:
    """What to compare: ``reference`` (the course's code) and the learner's answer are called on
    each of ``inputs()``; ``mistakes`` maps a known wrong function to what it tells the learner."""

    task: str
    reference: Callable[..., Tensor]
    inputs: Callable[[], list[tuple]]
    mistakes: tuple[tuple[Callable[..., Tensor], str], ...] = ()
    seeded: bool = False  # reseed before each call (the answer draws random numbers)


def _logits() -> list[tuple]:
    generator = torch.Generator().manual_seed(0)
    return [(torch.randn(n, 1, generator=generator) * scale,) for n, scale in ((8, 1), (64, 4))]


def _pairs() -> list[tuple]:
    generator = torch.Generator().manual_seed(1)
    return [
        (torch.randn(n, 1, generator=generator) + 1, torch.randn(n, 1, generator=generator) - 1)
        for n in (8, 64)
    ]


def _categories() -> list[tuple]:
    generator = torch.Generator().manual_seed(2)
    sharp = torch.eye(10).repeat(3, 1) * 8  # confident and balanced: information near log 10
    return [(sharp,), (torch.randn(32, 10, generator=generator) * 2,), (torch.zeros(16, 10),)]


def _critic_batches() -> list[tuple]:
    torch.manual_seed(3)
    critic = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    generator = torch.Generator().manual_seed(3)
    return [
        (critic, torch.randn(n, 2, generator=generator), torch.randn(n, 2, generator=generator))
        for n in (8, 32)
    ]


def _weights() -> list[tuple]:
    generator = torch.Generator().manual_seed(4)
    return [
        (torch.randn(5, 3, generator=generator), torch.randn(5, 3, generator=generator), decay)
        for decay in (0.999, 0.9, 0.5)
    ]


def _images_and_labels() -> list[tuple]:
    generator = torch.Generator().manual_seed(5)
    return [
        (torch.rand(4, 1, 6, 6, generator=generator) * 2 - 1, torch.tensor([3, 0, 9, 3]), 10),
        (torch.rand(2, 3, 4, 4, generator=generator), torch.tensor([1, 0]), 2),
    ]


def _posteriors() -> list[tuple]:
    generator = torch.Generator().manual_seed(6)
    return [
        (torch.randn(n, 4, generator=generator), torch.randn(n, 4, generator=generator))
        for n in (3, 16)
    ] + [(torch.zeros(2, 4), torch.zeros(2, 4))]


def _class_logits() -> list[tuple]:
    generator = torch.Generator().manual_seed(7)
    return [(torch.randn(8, 10, generator=generator) * scale,) for scale in (1, 10)]


def _layer_settings() -> list[tuple]:
    # (input size, kernel, stride, padding): the DCGAN generator's upsampling layers, and others
    return [(7, 4, 2, 1), (14, 4, 2, 1), (4, 4, 2, 1), (3, 3, 1, 0), (5, 5, 3, 2)]


def _image_sets() -> list[tuple]:
    generator = torch.Generator().manual_seed(8)
    return [
        (
            torch.rand(n, 1, 5, 5, generator=generator) * 2 - 1,
            torch.rand(m, 1, 5, 5, generator=generator) * 2 - 1,
        )
        for n, m in ((3, 7), (6, 2))
    ]


def _transposed_size(size: int, kernel: int, stride: int, padding: int) -> Tensor:
    layer = nn.ConvTranspose2d(1, 1, kernel, stride=stride, padding=padding)
    return torch.tensor(layer(torch.zeros(1, 1, size, size)).shape[-1])


def _nearest(queries: Tensor, reference: Tensor) -> Tensor:
    from .metrics import nearest_neighbours

    return nearest_neighbours(queries, reference)[0][:, 0].float()


def _ema(average: Tensor, current: Tensor, decay: float) -> Tensor:
    return average.lerp(current, 1 - decay)  # what GeneratorAverage.update does, in place


def _label_planes(x: Tensor, labels: Tensor, n_classes: int) -> Tensor:
    from ..gan.models import with_label_planes

    return with_label_planes(x, labels, n_classes)


def _kl(mean: Tensor, log_variance: Tensor) -> Tensor:
    from ..gan.autoencoders import gaussian_kl

    return gaussian_kl(mean, log_variance)


def _log_z(class_logits: Tensor) -> Tensor:
    from ..gan.semi_supervised import real_fake_logit

    return real_fake_logit(class_logits)


def _non_saturating(fake_logits: Tensor) -> Tensor:
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


def _discriminator_loss(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return (real + fake) / 2


def _information(logits: Tensor) -> Tensor:
    from ..gan.variants import code_information

    return code_information(logits)


def _penalty(critic, real: Tensor, fake: Tensor) -> Tensor:
    from ..gan.regularizers import gradient_penalty

    return gradient_penalty(critic, real, fake)


def _penalty_on(points: Callable[[Tensor, Tensor], Tensor], squared_norm: bool = False):
    def wrong(critic, real: Tensor, fake: Tensor) -> Tensor:
        x = points(real, fake).requires_grad_(True)
        (gradient,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
        norm = gradient.flatten(1).norm(dim=1)
        return norm.pow(2).mean() if squared_norm else (norm - 1).pow(2).mean()

    return wrong


def _between(real: Tensor, fake: Tensor) -> Tensor:
    mix = torch.rand(len(real), *[1] * (real.ndim - 1))
    return mix * real + (1 - mix) * fake


EXERCISES: dict[str, Exercise] = {
    "02-weight-average": Exercise(
        "the new average of G's weights: keep `decay` of the old average, add 1 − decay of the "
        "current weights",
        _ema,
        _weights,
        (
            (
                lambda a, c, d: c.lerp(a, 1 - d),
                "the weights are swapped: the average keeps `decay` (e.g. 0.999) of itself and "
                "takes only 1 − decay of the current weights",
            ),
            (lambda a, c, d: c.clone(), "that is the current weights, not an average"),
            (
                lambda a, c, d: (a + c) / 2,
                "an equal mix: weigh the old average by decay and the current weights by 1 − decay",
            ),
        ),
    ),
    "03-upsampled-size": Exercise(
        "the output size of a transposed convolution from the input size, kernel, stride and "
        "padding",
        _transposed_size,
        _layer_settings,
        (
            (
                lambda n, k, s, p: torch.tensor((n + 2 * p - k) // s + 1),
                "that is an ordinary convolution's formula (it shrinks); a transposed convolution "
                "runs it backwards: (n − 1)·stride − 2·padding + kernel",
            ),
            (
                lambda n, k, s, p: torch.tensor((n - 1) * s + k),
                "padding is missing: a transposed convolution crops `padding` pixels from each "
                "side, so subtract 2·padding",
            ),
            (
                lambda n, k, s, p: torch.tensor(n * s),
                "n·stride is right for the DCGAN's layers (kernel 4, padding 1) only; count the "
                "kernel and the padding: (n − 1)·stride − 2·padding + kernel",
            ),
        ),
    ),
    "04-label-planes": Exercise(
        "D's input: the images with n_classes constant planes after their channels, the label's "
        "plane ones, the others zeros",
        _label_planes,
        _images_and_labels,
        (
            (
                lambda x, y, k: torch.cat([_label_planes(x, y, k)[:, x.shape[1] :], x], dim=1),
                "the planes come first: put the image's channels first, then the label planes",
            ),
            (
                lambda x, y, k: torch.cat([x, 1 - _label_planes(x, y, k)[:, x.shape[1] :]], 1),
                "the planes are inverted: the label's plane is all ones, the others zeros",
            ),
        ),
    ),
    "07-nearest-distance": Exercise(
        "for each query image, the root-mean-square pixel distance to its nearest reference image",
        _nearest,
        _image_sets,
        (
            (
                lambda q, r: torch.cdist(q.flatten(1), r.flatten(1)).min(dim=1).values,
                "a Euclidean distance: divide the squared differences by the number of pixels "
                "inside the root (root mean square), so it does not grow with the image size",
            ),
            (
                lambda q, r: (torch.cdist(q.flatten(1), r.flatten(1)) / q[0].numel() ** 0.5).mean(
                    dim=1
                ),
                "the mean distance to all reference images: take the nearest one (the minimum)",
            ),
        ),
    ),
    "08-vae-kl": Exercise(
        "KL(N(μ, σ²) ‖ N(0, I)) from μ and log σ², summed over the latent dimensions and the batch",
        _kl,
        _posteriors,
        (
            (
                lambda m, v: -_kl(m, v),
                "the sign is flipped: a KL divergence is never negative",
            ),
            (
                lambda m, v: 0.5 * (m.pow(2) + v - 1 - v.log().nan_to_num()).sum(),
                "the second argument is log σ², not σ²: σ² = exp(log σ²)",
            ),
            (
                lambda m, v: _kl(m, v) / len(m),
                "a mean over the batch: the loss sums it over the batch (and divides the whole "
                "loss by the batch size at the end)",
            ),
        ),
    ),
    "09-real-fake-logit": Exercise(
        "D's real/fake logit log Z(x) from its K class logits, Z = Σ_k exp(logit_k)",
        _log_z,
        _class_logits,
        (
            (
                lambda a: a.max(dim=1).values,
                "the largest logit only: Z sums over every class (torch.logsumexp)",
            ),
            (
                lambda a: a.exp().sum(dim=1),
                "that is Z itself: D's logit is log Z (then σ(log Z) = Z / (Z + 1))",
            ),
            (
                lambda a: a.sum(dim=1),
                "a sum of logits: take log of the sum of their exponentials (torch.logsumexp)",
            ),
        ),
    ),
    "01-generator-loss": Exercise(
        "G's non-saturating loss −mean log D(G(z)) from D's logits on the fakes",
        _non_saturating,
        _logits,
        (
            (
                lambda a: -F.softplus(a).mean(),
                "this is the saturating (minimax) loss mean log(1 − D(G(z))): it goes flat where "
                "D rejects the fakes; G should minimise −log D(G(z)) instead",
            ),
            (
                lambda a: F.binary_cross_entropy_with_logits(a, torch.zeros_like(a)),
                "you score the fakes against the label 'fake' (0): that is D's goal; G wants D to "
                "call them real (target 1)",
            ),
            (
                lambda a: F.softplus(-a).sum(),
                "a sum over the batch: take the mean, so the loss does not grow with the batch",
            ),
        ),
    ),
    "01-discriminator-loss": Exercise(
        "D's loss: the mean of BCE(D(x), real) and BCE(D(G(z)), fake), from D's logits",
        _discriminator_loss,
        _pairs,
        (
            (
                lambda r, f: 2 * _discriminator_loss(r, f),
                "twice the expected value: you add the two terms (as the PyTorch DCGAN tutorial "
                "does); this course averages them, so the loss tends to log 2 at equilibrium",
            ),
            (
                lambda r, f: _discriminator_loss(f, r),
                "real and fake are swapped: real samples get the target 1, fakes 0",
            ),
            (
                lambda r, f: F.binary_cross_entropy_with_logits(r, torch.ones_like(r)),
                "only the real half: add the fakes' BCE against 0 and average the two",
            ),
        ),
    ),
    "05-mutual-information": Exercise(
        "InfoGAN's information over a batch: H(mean of Q(c|x)) − mean of H(Q(c|x)), in nats",
        _information,
        _categories,
        (
            (
                lambda a: -_information(a),
                "the sign is flipped: the entropy of the average prediction comes first, the "
                "average entropy is subtracted",
            ),
            (
                lambda a: -(a.softmax(1) * a.log_softmax(1)).sum(1).mean(),
                "this is only the mean entropy H(Q(c|x)) (how unsure Q is per sample); subtract it "
                "from the entropy of the batch's mean prediction",
            ),
            (
                lambda a: -(a * a.clamp_min(1e-12).log()).sum(1).mean(),
                "these are logits, not probabilities: apply softmax over the categories first",
            ),
        ),
    ),
    "06-gradient-penalty": Exercise(
        "WGAN-GP's penalty: mean (‖∇ critic(x̂)‖ − 1)² at x̂ = u·real + (1 − u)·fake, u ~ U(0, 1) "
        "per sample",
        _penalty,
        _critic_batches,
        (
            (
                _penalty_on(_between, squared_norm=True),
                "you penalise the squared norm itself: the penalty is on its distance from 1, "
                "(‖∇‖ − 1)²",
            ),
            (
                _penalty_on(lambda real, fake: real.clone()),
                "the gradient is taken at the real samples only: WGAN-GP takes it at random "
                "points between real and fake (draw u with torch.rand(len(real), 1))",
            ),
        ),
        seeded=True,
    ),
}


@checked_arguments
def check_exercise(name: str, answer: Callable) -> bool:
    """Compare ``answer`` with the course's code on the exercise's inputs; print ✓ or what is
    wrong, and return whether it agrees (to 1e-5)."""
    if name not in EXERCISES:
        raise ArgumentError(f"no exercise {name!r}; the exercises: {', '.join(EXERCISES)}")
    exercise = EXERCISES[name]
    verdict = _verdict(exercise, answer)
    print(f"✓ {name}: right, on every test input" if verdict is None else f"✗ {name}: {verdict}")
    return verdict is None


def _call(exercise: Exercise, function: Callable, inputs: tuple):
    if exercise.seeded:
        torch.manual_seed(0)
    return function(*inputs)


def _verdict(exercise: Exercise, answer: Callable) -> str | None:
    """``None`` when ``answer`` agrees with the reference on every input, else what is wrong."""
    for inputs in exercise.inputs():
        expected = _call(exercise, exercise.reference, inputs)
        try:
            got = _call(exercise, answer, inputs)
        except Exception as error:  # noqa: BLE001 - the learner's code: report, do not crash
            return f"your function raised {type(error).__name__}: {error}"
        if isinstance(got, int | float) and not isinstance(got, bool):
            got = torch.tensor(got)
        if got is None:
            return f"your function returns None: finish it ({exercise.task}) and return the value"
        if not isinstance(got, Tensor):
            return f"return a tensor (so that it can be backpropagated), got {type(got).__name__}"
        if got.shape != expected.shape:
            single = " (a single number)" if expected.ndim == 0 else ""
            return (
                f"the result has shape {tuple(got.shape)}, expected {tuple(expected.shape)}{single}"
            )
        if torch.allclose(got.float(), expected.float(), atol=1e-5, rtol=1e-4):
            continue
        for mistake, message in exercise.mistakes:
            known = _call(exercise, mistake, inputs)
            if torch.allclose(got.float(), known.float(), atol=1e-5, rtol=1e-4):
                return message
        if expected.ndim == 0:
            return f"got {got.item():.4f}, expected {expected.item():.4f}: {exercise.task}"
        worst = (got.float() - expected.float()).abs().max().item()
        return f"off by up to {worst:.4f} from the expected values: {exercise.task}"
    return None
