"""The playground's model, without a browser: its settings, the GAN it trains with the course's own
step classes (``AdversarialStep`` and its subclasses), one update at a time or part by part, and
the frames the panel draws (D's map, real and fake points, G's gradients, the latent grid, and
running curves of the losses, the divergences and the quality)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from ..gan.layers import PackedDiscriminator
from ..gan.losses import HingeStep, LeastSquaresStep, SaturatingStep
from ..gan.models import MixtureDiscriminator, MixtureGenerator
from ..gan.modes import evaluating
from ..gan.step import AdversarialStep
from ..gan.techniques import FeatureMatchingStep, LabelSmoothingStep
from ..gan.variants import WassersteinStep
from .arguments import checked_arguments
from .config import seed_everything
from .errors import ArgumentError
from .targets import EXTENT, TARGETS, Target, drawn_target

LOSSES = {
    "non-saturating": AdversarialStep,
    "saturating": SaturatingStep,
    "least squares": LeastSquaresStep,
    "hinge": HingeStep,
    "WGAN-GP": WassersteinStep,
}
PROBABILITY_LOSSES = ("non-saturating", "saturating")  # D's output is the logit of P(real)
OPTIMIZERS = ("Adam", "SGD")
NOISES = ("gaussian", "uniform")
VIEWS = ("map", "real", "fake", "gradients", "manifold", "losses", "divergences", "quality")
CURVES = ("updates", "d_loss", "g_loss", "kl", "js", "regions_covered", "high_quality")
MAP_SIZE = 48  # D's map: MAP_SIZE × MAP_SIZE points over the view
HISTOGRAM_BINS = 20  # the grid on which KL and JS are estimated, as GAN Lab does
DISPLAY_POINTS = 512  # real and fake points drawn (and measured) in each frame
ARROWS = 128  # fakes that carry a gradient arrow
HISTORY_LENGTH = 300  # points kept per curve; older ones are thinned to every other
SLOW_MOTION = (  # GAN Lab's parts of one update: five of D's, then four of G's
    "1/9 D's turn: G draws a batch of fakes from fresh noise",
    "2/9 D scores a real and a fake batch: mean D(x) {d_real}, mean D(G(z)) {d_fake}",
    "3/9 D's loss L_D = {d_loss}: it falls as D(x) → real and D(G(z)) → fake",
    "4/9 D's gradients: ∂L_D with respect to each of D's weights",
    "5/9 D updated ({d_steps} step(s) on L_D): the map moved, the points did not",
    "6/9 G's turn: G draws a batch of fakes from fresh noise; D scores them: mean D(G(z)) {d_fake}",
    "7/9 G's loss L_G = {g_loss}: it falls as D calls the fakes real",
    "8/9 G's gradients: each arrow is −∂L_G/∂x, where G's loss pushes that fake",
    "9/9 G updated (one step on L_G): the fakes moved along their arrows, the map did not",
)
NETWORK_FIELDS = {"latent_dim": "G", "width": "G and D", "depth": "G and D"}
DISCRIMINATOR_FIELDS = ("pacgan", "minibatch")
PACK = 2  # PacGAN's pack size (as in notebook 06)
MINIBATCH_KERNELS = 5  # minibatch discrimination's kernels (as in notebook 06)


class PlaygroundError(ArgumentError):
    """A setting the playground cannot use; the message says which and what to do instead.
    Nothing was changed."""


def _check_range(name: str, value: object, low: float, high: float, kind: type) -> None:
    ok_type = isinstance(value, kind) and not isinstance(value, bool)
    if kind is float:
        ok_type = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok_type or not (low <= value <= high) or (kind is float and not math.isfinite(value)):
        raise PlaygroundError(
            f"{name} must be a {kind.__name__} in [{low:g}, {high:g}], got {value!r}"
        )


def _check_choice(name: str, value: object, choices: Iterable[str]) -> None:
    if value not in choices:
        raise PlaygroundError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


@dataclass(frozen=True)
class PlaygroundSettings:
    """Everything the learner can change. Learning rates must be positive (a rate of 0 trains
    nothing, a negative one climbs the loss)."""

    target: str = "ring"
    noise: str = "gaussian"
    latent_dim: int = 2
    loss: str = "non-saturating"
    optimizer: str = "Adam"
    g_lr: float = 1e-3
    d_lr: float = 1e-3
    d_steps: int = 1
    width: int = 64
    depth: int = 2
    batch_size: int = 256
    pacgan: bool = False
    minibatch: bool = False
    label_smoothing: bool = False
    feature_matching: bool = False
    seed: int = 0

    def check(self) -> None:
        """Raise ``PlaygroundError`` for a value or a combination the playground cannot train."""
        _check_choice("target", self.target, (*TARGETS, "drawn"))
        _check_choice("noise", self.noise, NOISES)
        _check_choice("loss", self.loss, LOSSES)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_range("latent size", self.latent_dim, 1, 16, int)
        _check_range("G's learning rate", self.g_lr, 1e-7, 1.0, float)
        _check_range("D's learning rate", self.d_lr, 1e-7, 1.0, float)
        _check_range("D steps per G step", self.d_steps, 1, 20, int)
        _check_range("width", self.width, 1, 512, int)
        _check_range("depth", self.depth, 1, 6, int)
        _check_range("batch size", self.batch_size, 2, 4096, int)
        _check_range("seed", self.seed, 0, 2**31 - 1, int)
        if self.pacgan and self.batch_size % PACK:
            raise PlaygroundError(
                f"PacGAN judges packs of {PACK}: the batch size must be even, got {self.batch_size}"
            )
        if self.label_smoothing and self.loss not in PROBABILITY_LOSSES:
            raise PlaygroundError(
                f"label smoothing changes a cross-entropy target; the {self.loss} loss has none: "
                "pick the non-saturating or saturating loss, or turn label smoothing off"
            )
        if self.feature_matching and self.pacgan:
            raise PlaygroundError(
                "feature matching compares D's features of single points, and a packed D has "
                "none: turn PacGAN or feature matching off"
            )
        if self.loss == "WGAN-GP" and self.minibatch:
            raise PlaygroundError(
                "WGAN-GP's gradient penalty is per point, and minibatch discrimination mixes the "
                "batch: turn one of them off"
            )


def _uniform_latent(step: AdversarialStep, n: int, device: torch.device | str) -> Tensor:
    """Noise uniform on [−1, 1] (GAN Lab's other choice) instead of a standard normal."""
    return 2 * torch.rand(n, step.generator.latent_dim, device=device) - 1


def step_class(settings: PlaygroundSettings) -> type[AdversarialStep]:
    """The course's step for these settings: the loss's class, with the techniques' classes in
    front of it (feature matching replaces G's loss, label smoothing D's targets) and uniform
    noise if asked for. One class when nothing is combined."""
    bases = []
    if settings.feature_matching:
        bases.append(FeatureMatchingStep)
    if settings.label_smoothing:
        bases.append(LabelSmoothingStep)
    bases.append(LOSSES[settings.loss])
    namespace = {"sample_latent": _uniform_latent} if settings.noise == "uniform" else {}
    if len(bases) == 1 and not namespace:
        return bases[0]
    name = "+".join(base.__name__ for base in bases) + ("+UniformNoise" if namespace else "")
    return type(name, tuple(bases), namespace)


def build_generator(settings: PlaygroundSettings) -> MixtureGenerator:
    return MixtureGenerator(settings.latent_dim, settings.width, depth=settings.depth)


def build_discriminator(settings: PlaygroundSettings) -> nn.Module:
    kernels = MINIBATCH_KERNELS if settings.minibatch else 0
    if settings.pacgan:
        return PackedDiscriminator(
            MixtureDiscriminator(settings.width, kernels, pack=PACK, depth=settings.depth), PACK
        )
    return MixtureDiscriminator(settings.width, kernels, depth=settings.depth)


def build_optimizer(settings: PlaygroundSettings, module: nn.Module, lr: float):
    """Adam with the DCGAN betas (0.5, 0.999) (WGAN-GP: (0.5, 0.9)), or plain SGD."""
    if settings.optimizer == "SGD":
        return torch.optim.SGD(module.parameters(), lr=lr)
    betas = (0.5, 0.9) if settings.loss == "WGAN-GP" else (0.5, 0.999)
    return torch.optim.Adam(module.parameters(), lr=lr, betas=betas)


def _thin(values: list[float]) -> None:
    """Keep every other value (the newest always kept) once a curve is full."""
    if len(values) > HISTORY_LENGTH:
        del values[-2::-2]


@checked_arguments
class PlaygroundSession:
    """One GAN being trained in the playground. ``apply(**changes)`` changes settings while it
    trains (all checked first: on a ``PlaygroundError`` nothing changed); ``update()`` is one
    update (``d_steps`` of D, then one of G); ``update_discriminator()`` and
    ``update_generator()`` one half; ``slow_motion()`` one part of an update at a time;
    ``frame(views)`` what the panel draws."""

    def __init__(self, settings: PlaygroundSettings | None = None) -> None:
        self.settings = settings or PlaygroundSettings()
        self.settings.check()
        self.drawn: Tensor | None = None
        self.reset()

    # --- building ----------------------------------------------------------------------
    def reset(self) -> None:
        """New networks from the seed, counters and curves cleared; settings kept."""
        seed_everything(self.settings.seed)
        self.data_rng = torch.Generator().manual_seed(self.settings.seed)
        self.target = self._target(self.settings)
        generator, discriminator = (
            build_generator(self.settings),
            build_discriminator(self.settings),
        )
        self.step = self._step(self.settings, generator, discriminator)
        self._new_display()
        self.d_updates = self.g_updates = self.updates = 0
        self.phase = 0
        self.last = dict.fromkeys(("d_loss", "g_loss", "d_real", "d_fake"), math.nan)
        self.history: dict[str, list[float]] = {name: [] for name in CURVES}

    def _target(self, settings: PlaygroundSettings) -> Target:
        if settings.target == "drawn":
            if self.drawn is None:
                raise PlaygroundError("draw some points first (click on the map in draw mode)")
            return drawn_target(self.drawn)
        return TARGETS[settings.target]()

    def _step(
        self,
        settings: PlaygroundSettings,
        generator: nn.Module,
        discriminator: nn.Module,
        g_optimizer: torch.optim.Optimizer | None = None,
        d_optimizer: torch.optim.Optimizer | None = None,
    ) -> AdversarialStep:
        options = {"critic_steps": 1} if settings.loss == "WGAN-GP" else {}
        try:
            return step_class(settings)(
                generator,
                discriminator,
                g_optimizer or build_optimizer(settings, generator, settings.g_lr),
                d_optimizer or build_optimizer(settings, discriminator, settings.d_lr),
                **options,
            )
        except ValueError as error:
            raise PlaygroundError(str(error)) from None

    def _new_display(self) -> None:
        """The fixed noise and real points every frame shows (so that motion is training's)."""
        display_rng = torch.Generator().manual_seed(self.settings.seed + 1)
        self.display_real = self.target.sample(DISPLAY_POINTS, display_rng)
        self.histogram_real = _histogram(self.target.sample(16 * DISPLAY_POINTS, display_rng))
        with torch.random.fork_rng():
            torch.manual_seed(self.settings.seed + 2)
            self.display_latent = self.step.sample_latent(DISPLAY_POINTS, "cpu")

    def draw(self, points: Tensor | list[list[float]]) -> str:
        """Make the drawn ``points`` (inside [−4, 4]²) the target. Returns what happened."""
        try:
            drawn_target(torch.as_tensor(points, dtype=torch.float32))
        except (ValueError, TypeError, RuntimeError) as error:
            raise PlaygroundError(str(error)) from None
        self.drawn = torch.as_tensor(points, dtype=torch.float32)
        message = self.apply(target="drawn") if self.settings.target != "drawn" else ""
        self.target = drawn_target(self.drawn)
        self._new_display()
        notes = [f"target: your {len(self.drawn)} points"]
        if len(self.drawn) < self.settings.batch_size:
            notes.append(
                f"a batch of {self.settings.batch_size} draws them with replacement, each blurred "
                f"by σ = {self.target.std:g}"
            )
        return "; ".join(filter(None, [message] + notes))

    def apply(self, **changes: object) -> str:
        """Change settings mid-run. Learning rates change in place; the loss, techniques and
        noise build a new step around the same networks and optimizers; the optimizer kind builds
        new optimizers; the latent size, width and depth build new networks (D alone for PacGAN
        and minibatch discrimination). Returns a sentence saying what happened."""
        unknown = set(changes) - {field.name for field in dataclasses.fields(PlaygroundSettings)}
        if unknown:
            raise PlaygroundError(f"no such setting: {', '.join(sorted(unknown))}")
        new = dataclasses.replace(self.settings, **changes)
        new.check()
        changed = {name for name in changes if getattr(new, name) != getattr(self.settings, name)}
        if not changed:
            return ""
        old_step = self.step
        generator, discriminator = old_step.generator, old_step.discriminator
        g_optimizer, d_optimizer = old_step.g_optimizer, old_step.d_optimizer
        said = []
        rebuilt = sorted({who for name, who in NETWORK_FIELDS.items() if name in changed})
        if rebuilt:
            generator, discriminator = build_generator(new), build_discriminator(new)
            g_optimizer = d_optimizer = None
            said.append(f"{' and '.join(rebuilt)} rebuilt with new random weights")
        elif changed & set(DISCRIMINATOR_FIELDS):
            discriminator, d_optimizer = build_discriminator(new), None
            said.append("D rebuilt with new random weights (G kept)")
        wgan_betas = (new.loss == "WGAN-GP") != (self.settings.loss == "WGAN-GP")
        if ("optimizer" in changed or wgan_betas) and (g_optimizer or d_optimizer):
            g_optimizer = d_optimizer = None
            said.append(f"new {new.optimizer} optimizers")
        target = self._target(new) if "target" in changed else self.target
        step = self._step(new, generator, discriminator, g_optimizer, d_optimizer)
        # Everything built: from here on nothing can fail.
        for optimizer, lr in ((step.g_optimizer, new.g_lr), (step.d_optimizer, new.d_lr)):
            for group in optimizer.param_groups:
                group["lr"] = lr
        self.settings, self.step, self.target = new, step, target
        if changed & {"target", "latent_dim", "noise"}:
            self._new_display()
        for name in sorted(changed - {"target"}):
            said.append(f"{name.replace('_', ' ')} → {getattr(new, name)}")
        if "target" in changed:
            said.append(f"target → {target.name}")
        return "; ".join(said)

    # --- training ----------------------------------------------------------------------
    def _real_batch(self) -> Tensor:
        return self.target.sample(self.settings.batch_size, self.data_rng)

    def update(self) -> None:
        """One update: ``d_steps`` updates of D (the last inside the step's ``__call__``), then
        one of G, each on a fresh real batch."""
        for _ in range(self.settings.d_steps - 1):
            self.step.train_discriminator(self._real_batch())
        statistics = self.step(self._real_batch()).tolist()
        self.last.update(zip(("d_loss", "g_loss", "d_real", "d_fake"), statistics))
        self.updates += 1
        self.d_updates += self.settings.d_steps
        self.g_updates += 1

    def update_discriminator(self) -> None:
        """``d_steps`` updates of D alone."""
        for _ in range(self.settings.d_steps):
            self.last["d_loss"] = self.step.train_discriminator(self._real_batch()).item()
        self.d_updates += self.settings.d_steps

    def update_generator(self) -> None:
        """One update of G alone."""
        self.last["g_loss"] = self.step.train_generator(self._real_batch()).item()
        self.g_updates += 1

    def slow_motion(self) -> str:
        """One part of an update, as GAN Lab's slow-motion mode walks through it: fakes, D's
        verdicts, D's loss, gradients and step; fakes, D's verdicts, G's loss, gradients and step.
        D is updated in part 5, G in part 9. Returns the part's caption."""
        if self.phase in (0, 5):
            self.last.update(self.losses())
        elif self.phase == 4:
            self.update_discriminator()
        elif self.phase == 8:
            self.update_generator()
            self.updates += 1
        caption = SLOW_MOTION[self.phase].format(
            **{name: f"{value:.3f}" for name, value in self.last.items()},
            d_steps=self.settings.d_steps,
        )
        self.phase = (self.phase + 1) % len(SLOW_MOTION)
        return caption

    def losses(self) -> dict[str, float]:
        """D's and G's losses and D's mean outputs on a fresh batch, without updating anything
        (the step's ``statistics``: probabilities for the cross-entropy losses, else scores)."""
        real = self._real_batch()
        step = self.step
        z = step.sample_latent(len(real), "cpu")
        with torch.enable_grad():  # WGAN-GP's penalty differentiates D
            fake = step.generate(z, None).detach()
            d_loss, real_out, fake_out = step.discriminator_loss(real, fake, z, None)
            g_loss = step.generator_loss(real, fake, z, None)
        values = step.statistics(d_loss.detach(), g_loss.detach(), real_out, fake_out).tolist()
        return dict(zip(("d_loss", "g_loss", "d_real", "d_fake"), values))

    # --- frames ------------------------------------------------------------------------
    def frame(self, views: Iterable[str] = VIEWS) -> dict[str, object]:
        """What the panel draws now: arrays (float32, row-major) for the views asked for, the
        curves, and the counters. Also appends this moment to the curves."""
        views = set(views)
        step = self.step
        fake = step.sample(self.display_latent)
        frame: dict[str, object] = {
            "extent": EXTENT,
            "updates": self.updates,
            "d_updates": self.d_updates,
            "g_updates": self.g_updates,
            "target": self.target.name,
            "step_class": type(step).__name__,
        }
        if "map" in views:
            frame["map"], frame["map_kind"] = self.discriminator_map()
        if "real" in views:
            frame["real"] = self.display_real
        if "fake" in views:
            frame["fake"] = fake
        if "gradients" in views:
            frame["arrows"], frame["gradient_norm"] = self.generator_gradients()
        if "manifold" in views:
            frame["manifold"] = self.latent_manifold()
        self._record(fake)
        frame["history"] = self.history
        return frame

    def discriminator_map(self) -> tuple[Tensor, str]:
        """D over a MAP_SIZE² grid of the view: P(real) for the cross-entropy losses, the raw
        score for hinge and WGAN-GP. PacGAN's D judges pairs: the map shows it the pair (x, x).
        With minibatch discrimination D's verdict depends on the batch: the grid is judged in
        batches of ``batch_size``."""
        axis = torch.linspace(-EXTENT, EXTENT, MAP_SIZE)
        y, x = torch.meshgrid(axis.flip(0), axis, indexing="ij")  # row 0 at the top
        grid = torch.stack([x.flatten(), y.flatten()], dim=1)
        pack = PACK if self.settings.pacgan else 1
        chunk = self.settings.batch_size // pack if self.settings.minibatch else len(grid)
        parts = grid.tensor_split(math.ceil(len(grid) / max(chunk, 2)))
        with evaluating(self.step.discriminator):
            scores = torch.cat(
                [self.step.discriminate(part.repeat_interleave(pack, 0), None) for part in parts]
            ).flatten()
        if self.settings.loss in PROBABILITY_LOSSES:
            return torch.sigmoid(scores).view(MAP_SIZE, MAP_SIZE), "probability"
        return scores.view(MAP_SIZE, MAP_SIZE), "score"

    def generator_gradients(self) -> tuple[Tensor, float]:
        """−∂L_G/∂x for the first ARROWS display fakes (a batch's loss × its size: each fake's
        own share), and the mean length of those arrows. With minibatch discrimination D's verdict
        depends on the batch, so the fakes are judged in batches of ``batch_size``."""
        step = self.step
        fake = step.sample(self.display_latent)
        size = self.settings.batch_size if self.settings.minibatch else len(fake)
        gradients = []
        with torch.enable_grad():
            for part, z, real in zip(
                fake.split(size), self.display_latent.split(size), self.display_real.split(size)
            ):
                part = part.clone().requires_grad_(True)
                loss = step.generator_loss(real, part, z, None)
                gradients.append(torch.autograd.grad(loss * len(part), part)[0])
        arrows = -torch.cat(gradients)[:ARROWS]
        return torch.cat([fake[:ARROWS], arrows], dim=1), arrows.norm(dim=1).mean().item()

    def latent_manifold(self) -> Tensor:
        """Where G sends a regular grid of noise (GAN Lab's "manifold"): an 11 × 11 grid over the
        first two noise dimensions (the others 0), or 41 points on a line for 1-D noise. Spans
        [−1, 1] for uniform noise, [−2.5, 2.5] standard deviations for Gaussian noise."""
        span = 1.0 if self.settings.noise == "uniform" else 2.5
        latent_dim = self.settings.latent_dim
        if latent_dim == 1:
            z = torch.linspace(-span, span, 41).unsqueeze(1)
        else:
            axis = torch.linspace(-span, span, 11)
            a, b = torch.meshgrid(axis, axis, indexing="ij")
            z = torch.zeros(121, latent_dim)
            z[:, 0], z[:, 1] = a.flatten(), b.flatten()
        points = self.step.sample(z)
        return points if latent_dim == 1 else points.view(11, 11, 2)

    def _record(self, fake: Tensor) -> None:
        divergences = grid_divergences(self.histogram_real, _histogram(fake))
        measures = {
            "updates": float(self.updates),
            **self.last,
            **divergences,
            **self.target.quality(fake),
        }
        for name in CURVES:
            self.history[name].append(float(measures[name]))
            _thin(self.history[name])


def _histogram(points: Tensor) -> Tensor:
    """The share of ``points`` in each cell of a HISTOGRAM_BINS² grid over the view (points
    outside counted in the nearest edge cell)."""
    cells = ((points.detach() + EXTENT) / (2 * EXTENT) * HISTOGRAM_BINS).long()
    cells = cells.clamp(0, HISTOGRAM_BINS - 1)
    counts = torch.bincount(cells[:, 0] * HISTOGRAM_BINS + cells[:, 1], minlength=HISTOGRAM_BINS**2)
    return counts.float() / len(points)


def grid_divergences(real: Tensor, fake: Tensor, floor: float = 1e-4) -> dict[str, float]:
    """KL(real ‖ fake) and the Jensen-Shannon divergence of two histograms on the same grid, in
    nats, each cell floored at ``floor`` (and renormalised) so that an empty fake cell gives a
    large but finite KL. GAN Lab plots the same two estimates."""
    p = (real + floor) / (real + floor).sum()
    q = (fake + floor) / (fake + floor).sum()
    m = 0.5 * (p + q)
    kl = (p * (p / q).log()).sum().item()
    js = 0.5 * ((p * (p / m).log()).sum() + (q * (q / m).log()).sum()).item()
    return {"kl": kl, "js": js}
