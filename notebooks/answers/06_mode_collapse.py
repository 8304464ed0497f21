"""Worked answers to notebook 06's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): WGAN-GP's gradient penalty (Gulrajani et al. 2017). Draw u ~ U(0, 1) once
per sample, x̂ = u·real + (1 − u)·fake, take the critic's gradient at x̂ with `create_graph=True`
(the penalty is itself trained through), and average (‖∇‖ − 1)² over the batch. The fakes are
detached: the penalty trains the critic, not G.

Exercise 2 (question): why at random points *between* real and fake? Answer: the optimal critic
has gradient norm 1 along the lines joining real and generated samples (the paper's Proposition 1),
so that is where the 1-Lipschitz constraint matters; enforcing it everywhere is impossible and
needless.
"""

import torch
from torch import Tensor


def gradient_penalty(critic, real: Tensor, fake: Tensor) -> Tensor:
    u = torch.rand(len(real), *[1] * (real.ndim - 1))
    between = (u * real + (1 - u) * fake.detach()).requires_grad_(True)
    (gradient,) = torch.autograd.grad(critic(between).sum(), between, create_graph=True)
    return (gradient.flatten(1).norm(dim=1) - 1).pow(2).mean()


ANSWERS = {"06-gradient-penalty": gradient_penalty}
