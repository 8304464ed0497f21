import torch

from ganhelpers.course.widgets import digit_controls, infogan_controls, interpolation_controls
from ganhelpers.gan.models import ConditionalGenerator, DCGANGenerator, InfoGANDiscriminator
from ganhelpers.gan.variants import InfoGANStep


def test_interpolation_slider_mode_and_button_rerender():
    torch.manual_seed(0)
    controls = interpolation_controls(DCGANGenerator(latent_dim=8, width=8))
    assert controls.images.shape == (3, 1, 28, 28)
    first_png, first_middle = controls.image.value, controls.images[1].clone()
    controls.controls["t"].value = 0.0
    assert torch.allclose(controls.images[1], controls.images[0])
    assert controls.image.value != first_png
    controls.controls["t"].value = 0.5
    assert torch.allclose(controls.images[1], first_middle)
    controls.controls["mode"].value = "linear"
    assert not torch.allclose(controls.images[1], first_middle)
    start = controls.images[0].clone()
    controls.buttons[0].click()
    assert not torch.allclose(controls.images[0], start)


def assert_rerenders(controls, name: str, value) -> None:
    """Setting control ``name`` to ``value`` must re-render different images."""
    before = controls.images.clone()
    controls.controls[name].value = value
    assert not torch.equal(before, controls.images), f"{name}={value!r} changed nothing"


def test_digit_picker_and_seed_change_the_grid():
    torch.manual_seed(0)
    controls = digit_controls(ConditionalGenerator(latent_dim=8, width=8), samples=9)
    assert controls.images.shape == (9, 1, 28, 28)
    assert_rerenders(controls, "digit", 7)
    assert_rerenders(controls, "seed", 5)
    assert controls.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def _infogan_step(noise_std: float = 1.0) -> InfoGANStep:
    return InfoGANStep(
        DCGANGenerator(latent_dim=6 + 10 + 2, width=8),
        InfoGANDiscriminator(width=8),
        None,
        None,
        noise_dim=6,
        noise_std=noise_std,
    )


def test_infogan_sliders_change_the_images():
    torch.manual_seed(0)
    step = _infogan_step()
    controls = infogan_controls(step, samples=4)
    assert controls.images.shape == (4, 1, 28, 28)
    assert_rerenders(controls, "code_1", 2.0)
    assert_rerenders(controls, "category", 3)


def test_infogan_sliders_draw_the_noise_at_the_scale_g_was_trained_on():
    torch.manual_seed(0)
    step = _infogan_step(noise_std=0.1)
    latents = []
    sample = step.sample
    step.sample = lambda z, labels=None: latents.append(z) or sample(z, labels)
    infogan_controls(step, samples=64)
    noise, _, _ = step.split_latent(latents[-1])
    assert 0.07 < noise.std().item() < 0.13
