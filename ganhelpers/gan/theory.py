"""Small, exact computations behind notebook 00: a discriminative and a generative classifier on a
2-D toy set, the optimal discriminator, and the Jensen–Shannon divergence of 1-D Gaussians."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor
from torch.distributions import MultivariateNormal, Normal

from ..course.errors import ArgumentError


def two_class_blobs(
    n_per_class: int = 200,
    generator: torch.Generator | None = None,
    same_covariance: bool = False,
) -> tuple[Tensor, Tensor]:
    """Two overlapping 2-D Gaussian classes: points ``(2n, 2)`` and labels ``(2n,)``. With
    ``same_covariance`` both classes share class 0's covariance (then the Bayes boundary is a
    line)."""
    if n_per_class <= 0:
        raise ArgumentError(f"n_per_class must be positive, got {n_per_class}")
    noise = torch.randn(2 * n_per_class, 2, generator=generator)
    shape0 = torch.tensor([[1.0, 0.0], [0.6, 0.5]])
    shape1 = torch.tensor([[0.6, 0.0], [-0.3, 0.9]])
    class0 = noise[:n_per_class] @ shape0.T + torch.tensor([-1.0, -0.5])
    shape1 = shape0 if same_covariance else shape1
    class1 = noise[n_per_class:] @ shape1.T + torch.tensor([1.2, 0.8])
    labels = torch.cat([torch.zeros(n_per_class), torch.ones(n_per_class)]).long()
    return torch.cat([class0, class1]), labels


@dataclass
class LogisticRegression:
    """A discriminative model: P(y=1 | x) = σ(w·x + b), nothing about P(x)."""

    weight: Tensor
    bias: Tensor

    @classmethod
    def fit(cls, points: Tensor, labels: Tensor, steps: int = 200) -> LogisticRegression:
        weight = torch.zeros(points.shape[1], requires_grad=True)
        bias = torch.zeros((), requires_grad=True)
        optimizer = torch.optim.LBFGS([weight, bias], max_iter=steps)

        def closure() -> Tensor:
            optimizer.zero_grad()
            logits = points @ weight + bias
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels.float())
            loss.backward()
            return loss

        optimizer.step(closure)
        return cls(weight.detach(), bias.detach())

    def probability(self, points: Tensor) -> Tensor:
        """P(y = 1 | x) for each point."""
        return torch.sigmoid(points @ self.weight + self.bias)


@dataclass
class ClassGaussians:
    """A generative model: P(x, y) = P(y) · N(x; μ_y, Σ_y). It classifies through Bayes' rule
    and, unlike the discriminative model, can also *sample* new points."""

    priors: Tensor
    distributions: list[MultivariateNormal]

    @classmethod
    def fit(cls, points: Tensor, labels: Tensor) -> ClassGaussians:
        classes = labels.unique(sorted=True)
        priors = torch.stack([(labels == c).float().mean() for c in classes])
        distributions = []
        for c in classes:
            members = points[labels == c]
            distributions.append(MultivariateNormal(members.mean(0), torch.cov(members.T)))
        return cls(priors, distributions)

    def joint_log_density(self, points: Tensor) -> Tensor:
        """log P(x, y) for every class y, shape ``(n, classes)``."""
        return torch.stack(
            [d.log_prob(points) + p.log() for d, p in zip(self.distributions, self.priors)],
            dim=1,
        )

    def probability(self, points: Tensor) -> Tensor:
        """P(y = 1 | x) by Bayes' rule."""
        return torch.softmax(self.joint_log_density(points), dim=1)[:, 1]

    def sample(self, n: int, generator: torch.Generator | None = None) -> tuple[Tensor, Tensor]:
        """New points from P(x, y): draw y from the priors, then x from that class's Gaussian."""
        labels = torch.multinomial(self.priors, n, replacement=True, generator=generator)
        noise = torch.randn(n, 2, generator=generator)
        points = torch.empty(n, 2)
        for c, d in enumerate(self.distributions):
            chosen = labels == c
            points[chosen] = d.loc + noise[chosen] @ d.scale_tril.T
        return points, labels


def optimal_discriminator(p_data: Tensor, p_generator: Tensor) -> Tensor:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)), the best D for a fixed generator."""
    return p_data / (p_data + p_generator)


def _two_gaussians(
    mean_a: float, std_a: float, mean_b: float, std_b: float, points: int
) -> tuple[Tensor, Tensor, Tensor]:
    """A fine grid covering both Gaussians and their two log-densities on it (float64)."""
    if std_a <= 0 or std_b <= 0:
        raise ArgumentError("standard deviations must be positive")
    low = min(mean_a - 10 * std_a, mean_b - 10 * std_b)
    high = max(mean_a + 10 * std_a, mean_b + 10 * std_b)
    x = torch.linspace(low, high, points, dtype=torch.float64)
    return x, Normal(mean_a, std_a).log_prob(x), Normal(mean_b, std_b).log_prob(x)


def js_divergence_gaussians(
    mean_a: float, std_a: float, mean_b: float, std_b: float, points: int = 20_001
) -> float:
    """JSD(N(mean_a, std_a²) || N(mean_b, std_b²)) in nats, by numerical integration."""
    x, log_p, log_q = _two_gaussians(mean_a, std_a, mean_b, std_b, points)
    log_m = torch.logaddexp(log_p, log_q) - math.log(2)
    integrand = 0.5 * log_p.exp() * (log_p - log_m) + 0.5 * log_q.exp() * (log_q - log_m)
    return float(torch.trapezoid(integrand, x))


def value_at_optimal_discriminator(
    mean_a: float, std_a: float, mean_b: float, std_b: float, points: int = 20_001
) -> float:
    """V(G, D*) = E_data[log D*] + E_g[log(1 − D*)], integrated numerically (data: a, G: b),
    with log D* = log p − log(p + q) and log(1 − D*) = log q − log(p + q)."""
    x, log_p, log_q = _two_gaussians(mean_a, std_a, mean_b, std_b, points)
    log_sum = torch.logaddexp(log_p, log_q)
    integrand = log_p.exp() * (log_p - log_sum) + log_q.exp() * (log_q - log_sum)
    return float(torch.trapezoid(integrand, x))


def generator_loss_gradients(d_of_fake: Tensor) -> dict[str, Tensor]:
    """Gradients of the two generator losses with respect to D's logit a, where D(G(z)) = σ(a).

    saturating ``log(1 − D)``, minimised: d/da = −σ(a) = −D, tiny when D ≈ 0 (early training);
    non-saturating ``−log D``, minimised: d/da = −(1 − σ(a)) = −(1 − D), large when D ≈ 0.
    """
    logits = torch.logit(d_of_fake.clamp(1e-6, 1 - 1e-6)).requires_grad_(True)
    saturating = torch.log1p(-torch.sigmoid(logits)).sum()
    (grad_saturating,) = torch.autograd.grad(saturating, logits)
    non_saturating = (-torch.nn.functional.logsigmoid(logits)).sum()
    (grad_non_saturating,) = torch.autograd.grad(non_saturating, logits)
    return {"saturating": grad_saturating, "non_saturating": grad_non_saturating}


LOG_4 = math.log(4.0)
