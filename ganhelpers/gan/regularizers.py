"""Loss terms of the improved GAN training techniques: feature matching and historical averaging
(Salimans et al. 2016, §3.1 and §3.3) and the WGAN-GP gradient penalty (Gulrajani et al. 2017)."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError


@checked_arguments
def feature_matching_loss(real_features: Tensor, fake_features: Tensor) -> Tensor:
    """Squared L2 distance between the mean intermediate D features of real and fake samples;
    G minimises it instead of fooling D's last layer. The real side carries no gradient."""
    if real_features.shape[1:] != fake_features.shape[1:] or 0 in (
        len(real_features),
        len(fake_features),
    ):
        raise ArgumentError(
            "real and fake features must be non-empty batches of the same feature shape, got "
            f"{tuple(real_features.shape)} and {tuple(fake_features.shape)}"
        )
    return (real_features.detach().mean(dim=0) - fake_features.mean(dim=0)).pow(2).sum()


@checked_arguments
class ParameterAverage(nn.Module):
    """The running mean θ̄ of a module's parameters over all updates so far. ``penalty()`` is
    ‖θ − θ̄‖², summed over the parameters: historical averaging adds it to a player's loss to
    damp oscillation. Call ``update()`` after each optimizer step."""

    def __init__(self, module: nn.Module) -> None:
        super().__init__()
        self._parameters_of = list(module.parameters())  # a list: not registered as a submodule
        for index, parameter in enumerate(self._parameters_of):
            self.register_buffer(f"mean_{index}", parameter.detach().clone())
        self.register_buffer("updates", torch.ones((), dtype=torch.long))

    def means(self) -> list[Tensor]:
        """θ̄, moved to the parameters' device and dtype if the module moved since."""
        means = []
        for index, parameter in enumerate(self._parameters_of):
            mean = getattr(self, f"mean_{index}")
            if mean.device != parameter.device or mean.dtype != parameter.dtype:
                mean = mean.to(parameter)
                setattr(self, f"mean_{index}", mean)
            means.append(mean)
        return means

    def penalty(self) -> Tensor:
        return sum((p - mean).pow(2).sum() for p, mean in zip(self._parameters_of, self.means()))

    @torch.no_grad()
    def update(self) -> None:
        self.updates += 1
        for parameter, mean in zip(self._parameters_of, self.means()):
            mean += (parameter - mean) / self.updates


@checked_arguments
def gradient_penalty(critic: Callable[[Tensor], Tensor], real: Tensor, fake: Tensor) -> Tensor:
    """WGAN-GP: E[(‖∇ critic(x̂)‖ − 1)²] at random points x̂ on lines between real and fake
    samples, pushing the critic towards being 1-Lipschitz."""
    if real.shape != fake.shape:
        raise ArgumentError(
            f"real {tuple(real.shape)} and fake {tuple(fake.shape)} differ in shape"
        )
    mix = torch.rand(len(real), *[1] * (real.ndim - 1), device=real.device)
    between = (mix * real + (1 - mix) * fake.detach()).requires_grad_(True)
    (gradient,) = torch.autograd.grad(critic(between).sum(), between, create_graph=True)
    return (gradient.flatten(1).norm(dim=1) - 1).pow(2).mean()
