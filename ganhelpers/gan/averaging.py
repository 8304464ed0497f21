"""An exponential moving average of the generator's weights, used to draw samples (Karras et al.
2018; Yazici et al. 2019, "The unusual effectiveness of averaging in GAN training"): the
average of the last few thousand generators is smoother and usually better than the latest."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from ..course.arguments import checked_arguments
from ..course.errors import ArgumentError


def _seed_device(device: torch.device, seed: int) -> None:
    """Seed the CPU's random stream and ``device``'s, and no other device's."""
    torch.default_generator.manual_seed(seed)
    if device.type == "cuda":
        with torch.cuda.device(device):
            torch.cuda.manual_seed(seed)
    elif device.type != "cpu":
        getattr(torch, device.type).manual_seed(seed)  # e.g. torch.mps


@checked_arguments
class GeneratorAverage(nn.Module):
    """A frozen copy of ``generator`` whose weights follow it: after each update,
    θ_avg ← d · θ_avg + (1 − d) · θ with d = min(``decay``, n / (n + 1)) after n updates: the plain
    mean of all generators so far until d reaches ``decay``, so the average never lingers on the
    untrained generator (the decay's warm-up; TensorFlow's ``ExponentialMovingAverage`` has a
    slower one). ``decay`` 0.999 averages over roughly the last 1,000 updates.

    Batch-norm statistics (buffers) are copied from the generator as they are, unless
    ``standing_statistics``: then ``refresh_statistics`` recomputes them from the average's own
    outputs before it is sampled ("standing statistics", Brock et al. 2019), since the
    generator's running statistics describe another network's activations. Off by default, so
    that the figures measured before it existed can be reproduced; notebook 03 uses it."""

    def __init__(
        self, generator: nn.Module, decay: float = 0.999, standing_statistics: bool = False
    ) -> None:
        super().__init__()
        if not 0 < decay < 1:
            raise ArgumentError(
                f"the weight average's decay (generator_average) must be in (0, 1), e.g. 0.999, "
                f"got {decay}"
            )
        self.decay = decay
        self.average = copy.deepcopy(generator).eval().requires_grad_(False)
        self.register_buffer("updates", torch.zeros((), dtype=torch.long))
        self._source = [generator]  # a list: not registered as a submodule (not checkpointed twice)
        self.standing_statistics = standing_statistics
        self._statistics_fresh = False  # recomputed since the weights last moved or were loaded

    @torch.no_grad()
    def update(self) -> None:
        source = self._source[0]
        # On the device, as a tensor: reading the counter back would sync a GPU every update.
        decay = (self.updates / (self.updates + 1)).clamp(max=self.decay).float()
        self.updates += 1
        for averaged, current in zip(self.average.parameters(), source.parameters()):
            averaged.lerp_(current, (1 - decay).to(averaged.dtype))
        if not self.standing_statistics:
            for averaged, current in zip(self.average.buffers(), source.buffers()):
                averaged.copy_(current)
        self._statistics_fresh = False

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False
    ) -> Any:
        """``nn.Module.load_state_dict``; the loaded statistics count as stale."""
        self._statistics_fresh = False
        return super().load_state_dict(state_dict, strict, assign)

    @torch.no_grad()
    def refresh_statistics(
        self, run_batch: Callable[[int], object], batches: int = 8, batch_size: int = 64
    ) -> None:
        """Recompute the average's batch-norm statistics as the plain mean over ``batches``
        calls of ``run_batch(batch_size)``, which must pass fresh random inputs through
        ``self.average``; nothing to do without ``standing_statistics`` or batch norm, or if the
        weights have not moved since the last call. Its random numbers come from a fork of the
        random stream of the average's device, seeded with the update count (the same weights
        always get the same statistics); the training's stream is left as it was."""
        norms = [m for m in self.average.modules() if isinstance(m, _BatchNorm)]
        if not self.standing_statistics or not norms or self._statistics_fresh:
            return
        momenta = [norm.momentum for norm in norms]
        device = next(self.average.parameters()).device
        accelerator = device.type != "cpu"
        with torch.random.fork_rng(
            devices=[device] if accelerator else [],
            device_type=device.type if accelerator else "cuda",
        ):
            _seed_device(device, int(self.updates))  # one host read per refresh
            for norm in norms:
                norm.reset_running_stats()
                norm.momentum = None  # a cumulative average over the batches
            self.average.train()
            try:
                for _ in range(batches):
                    run_batch(batch_size)
            finally:
                self.average.eval()
                for norm, momentum in zip(norms, momenta):
                    norm.momentum = momentum
        self._statistics_fresh = True

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self.average(*inputs)
