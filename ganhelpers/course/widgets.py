"""ipywidgets front ends for trained generators: each builder returns an ``ImageControls`` whose
``widget`` a notebook displays and whose ``render`` can be called (and tested) without a browser."""

from __future__ import annotations

import io
from collections.abc import Callable

import ipywidgets as widgets
import torch
from PIL import Image
from torch import Tensor, nn

from ..gan.modes import evaluating
from .arguments import checked_arguments
from .config import device_of
from .errors import ArgumentError
from .latent import MODES, interpolate
from .validation import as_count
from .viz import image_grid


def png_bytes(rgb) -> bytes:
    """An RGB array as PNG file bytes (what ``ipywidgets.Image`` shows)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageControls:
    """Controls whose values feed ``render(**values) -> images``, re-rendered on every change."""

    def __init__(
        self,
        render: Callable[..., Tensor],
        controls: dict[str, widgets.ValueWidget],
        nrow: int,
        buttons: tuple[widgets.Button, ...] = (),
        scale: int = 4,
    ) -> None:
        self.render, self.controls, self.nrow, self.scale = render, controls, nrow, scale
        self.buttons = buttons
        self.image = widgets.Image(format="png")
        for control in controls.values():
            control.observe(self.update, names="value")
        self.widget = widgets.VBox([widgets.HBox([*controls.values(), *buttons]), self.image])
        self.images: Tensor | None = None
        self.update()

    def values(self) -> dict[str, object]:
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change: object = None) -> None:
        """Re-render the images from the current control values."""
        self.images = self.render(**self.values())
        self.image.value = png_bytes(image_grid(self.images, nrow=self.nrow, scale=self.scale))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _check_generator(generator: object, caller: str) -> None:
    if not isinstance(generator, nn.Module) or not hasattr(generator, "latent_dim"):
        raise ArgumentError(
            f"{caller} needs a generator (an nn.Module with latent_dim), got "
            f"{type(generator).__name__}: pass step.generator (or step.sampling_generator)"
        )


@checked_arguments
def interpolation_controls(generator: nn.Module, seed: int = 0) -> ImageControls:
    """Start, current and end image of a walk between two latent vectors: a slider for the
    fraction, linear or spherical paths, and a button for a new pair of end points."""
    _check_generator(generator, "interpolation_controls")
    generator_rng = torch.Generator().manual_seed(seed)
    ends = {}

    def new_ends() -> None:
        ends["a"], ends["b"] = torch.randn(2, generator.latent_dim, generator=generator_rng)

    def render(t: float, mode: str) -> Tensor:
        z = torch.stack([ends["a"], interpolate(ends["a"], ends["b"], t, mode), ends["b"]])
        with evaluating(generator):
            return generator(z.to(device_of(generator))).cpu()

    new_ends()
    slider = widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="t")
    mode = widgets.Dropdown(options=list(MODES), value="spherical", description="path")
    button = widgets.Button(description="new sample")
    controls = ImageControls(render, {"t": slider, "mode": mode}, nrow=3, buttons=(button,))

    def on_click(_: widgets.Button) -> None:
        new_ends()
        controls.update()

    button.on_click(on_click)
    return controls


@checked_arguments
def digit_controls(generator: nn.Module, samples: int = 16) -> ImageControls:
    """A conditional generator's digits: pick the class, slide through noise seeds."""
    _check_generator(generator, "digit_controls")
    if not hasattr(generator, "n_classes"):
        raise ArgumentError(
            f"digit_controls needs a conditional generator (one with n_classes, e.g. "
            f"gh.ConditionalGenerator), got {type(generator).__name__}: for an unconditional "
            "one use gh.interpolation_controls"
        )
    samples = as_count(samples, "samples")

    def render(digit: int, seed: int) -> Tensor:
        z = torch.randn(
            samples, generator.latent_dim, generator=torch.Generator().manual_seed(seed)
        )
        labels = torch.full((samples,), digit, dtype=torch.long)
        device = device_of(generator)
        with evaluating(generator):
            return generator(z.to(device), labels.to(device)).cpu()

    digit = widgets.Dropdown(options=list(range(generator.n_classes)), value=0, description="digit")
    seed = widgets.IntSlider(value=0, min=0, max=99, description="noise seed")
    return ImageControls(render, {"digit": digit, "seed": seed}, nrow=int(samples**0.5), scale=3)


@checked_arguments
def infogan_controls(step, samples: int = 4) -> ImageControls:
    """InfoGAN's codes by hand: the categorical code and the two continuous codes, on a few fixed
    noise vectors drawn at the step's ``noise_std``, as in training (one image each)."""
    if not hasattr(step, "latent") or not hasattr(step, "noise_std"):
        raise ArgumentError(
            f"infogan_controls needs an InfoGAN step (gh.InfoGANStep), got {type(step).__name__}"
        )
    samples = as_count(samples, "samples")
    noise = step.noise_std * torch.randn(
        samples, step.noise_dim, generator=torch.Generator().manual_seed(0)
    )

    def render(category: int, code_1: float, code_2: float) -> Tensor:
        z = step.latent(
            noise,
            torch.full((samples,), category, dtype=torch.long),
            torch.tensor([[code_1, code_2]]).expand(samples, -1),
        )
        return step.sample(z.to(device_of(step.generator))).cpu()

    controls = {
        "category": widgets.Dropdown(
            options=list(range(step.n_categories)), value=0, description="category"
        ),
        "code_1": widgets.FloatSlider(value=0.0, min=-2.0, max=2.0, step=0.1, description="code 1"),
        "code_2": widgets.FloatSlider(value=0.0, min=-2.0, max=2.0, step=0.1, description="code 2"),
    }
    return ImageControls(render, controls, nrow=samples)
