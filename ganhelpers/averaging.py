"""An exponential moving average of the generator's weights, used to draw samples (Karras et al.
2018; Yazici et al. 2019, "The unusual effectiveness of averaging in GAN training"): the
average of the last few thousand generators is smoother and usually better than the latest."""

from __future__ import annotations

import copy

import torch
from torch import nn


class GeneratorAverage(nn.Module):
    """A frozen copy of ``generator`` whose weights follow it: after each update,
    θ_avg ← d · θ_avg + (1 − d) · θ with d = min(``decay``, n / (n + 1)) after n updates: the plain
    mean of all generators so far until d reaches ``decay``, so the average never lingers on the
    untrained generator (the decay's warm-up; TensorFlow's ``ExponentialMovingAverage`` has a
    slower one). Batch-norm statistics (buffers) are copied
    as they are. ``decay`` 0.999 averages over roughly the last 1,000 updates."""

    def __init__(self, generator: nn.Module, decay: float = 0.999) -> None:
        super().__init__()
        if not 0 < decay < 1:
            raise ValueError(f"decay must be in (0, 1), got {decay}")
        self.decay = decay
        self.average = copy.deepcopy(generator).eval().requires_grad_(False)
        self.register_buffer("updates", torch.zeros((), dtype=torch.long))
        self._source = [generator]  # a list: not registered as a submodule (not checkpointed twice)

    @torch.no_grad()
    def update(self) -> None:
        source = self._source[0]
        # On the device, as a tensor: reading the counter back would sync a GPU every update.
        decay = (self.updates / (self.updates + 1)).clamp(max=self.decay).float()
        self.updates += 1
        for averaged, current in zip(self.average.parameters(), source.parameters()):
            averaged.lerp_(current, (1 - decay).to(averaged.dtype))
        for averaged, current in zip(self.average.buffers(), source.buffers()):
            averaged.copy_(current)

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self.average(*inputs)
