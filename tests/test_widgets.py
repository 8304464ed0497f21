import torch

from ganhelpers.models import ConditionalGenerator, DCGANGenerator, InfoGANDiscriminator
from ganhelpers.steps import InfoGANStep
from ganhelpers.widgets import digit_controls, infogan_controls, interpolation_controls


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


def test_digit_picker_and_seed_change_the_grid():
    torch.manual_seed(0)
    controls = digit_controls(ConditionalGenerator(latent_dim=8, width=8), samples=9)
    assert controls.images.shape == (9, 1, 28, 28)
    zero = controls.images.clone()
    controls.controls["digit"].value = 7
    seven = controls.images.clone()
    assert not torch.equal(zero, seven)
    controls.controls["seed"].value = 5
    assert not torch.equal(seven, controls.images)
    assert controls.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_infogan_sliders_change_the_images():
    torch.manual_seed(0)
    step = InfoGANStep(
        DCGANGenerator(latent_dim=6 + 10 + 2, width=8),
        InfoGANDiscriminator(width=8),
        None,
        None,
        noise_dim=6,
    )
    controls = infogan_controls(step, samples=4)
    assert controls.images.shape == (4, 1, 28, 28)
    before = controls.images.clone()
    controls.controls["code_1"].value = 2.0
    after_code = controls.images.clone()
    assert not torch.equal(before, after_code)
    controls.controls["category"].value = 3
    assert not torch.equal(after_code, controls.images)
