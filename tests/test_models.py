import pytest
import torch

from ganhelpers.gan import models


def test_sine_models_shapes():
    generator, discriminator = models.SineGenerator(), models.SineDiscriminator()
    points = generator(torch.randn(8, 2))
    assert points.shape == (8, 2)
    assert discriminator(points).shape == (8, 1)


@pytest.mark.parametrize("image_size", [28, 32])
def test_dcgan_refinements_keep_the_sizes_and_add_3x3_layers(image_size):
    plain = models.DCGANGenerator(16, 8, image_size=image_size)
    refined = models.DCGANGenerator(16, 8, image_size=image_size, refinements=2)
    z = torch.randn(3, 16)
    assert refined(z).shape == plain(z).shape == (3, 1, image_size, image_size)
    kernels = [m.kernel_size for m in refined.modules() if isinstance(m, torch.nn.Conv2d)]
    sizes_below_output = models.resampling_steps(image_size)
    assert kernels == [(3, 3)] * (2 * sizes_below_output)
    with pytest.raises(ValueError, match="refinements"):
        models.DCGANGenerator(16, 8, refinements=-1)


def test_sine_discriminator_rejects_three_columns():
    with pytest.raises(ValueError, match=r"\(batch, 2\)"):
        models.SineDiscriminator()(torch.randn(4, 3))


def test_mlp_models_shapes_and_range():
    generator, discriminator = models.MLPGenerator(), models.MLPDiscriminator()
    images = generator(torch.randn(5, 100))
    assert images.shape == (5, 1, 28, 28)
    assert images.min() >= -1 and images.max() <= 1
    assert discriminator(images).shape == (5, 1)


def test_mlp_discriminator_has_the_seed_layers():
    sizes = [
        m.out_features
        for m in models.MLPDiscriminator().modules()
        if isinstance(m, torch.nn.Linear)
    ]
    assert sizes == [1024, 512, 256, 1]
    sizes = [
        m.out_features for m in models.MLPGenerator().modules() if isinstance(m, torch.nn.Linear)
    ]
    assert sizes == [256, 512, 1024, 784]


@pytest.mark.parametrize("latent_dim", [0, -2])
def test_generators_reject_bad_latent_sizes(latent_dim):
    with pytest.raises(ValueError, match="latent_dim"):
        models.MLPGenerator(latent_dim=latent_dim)
