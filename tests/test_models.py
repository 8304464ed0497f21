import pytest
import torch

from ganhelpers import models


def test_sine_models_shapes():
    generator, discriminator = models.SineGenerator(), models.SineDiscriminator()
    points = generator(torch.randn(8, 2))
    assert points.shape == (8, 2)
    assert discriminator(points).shape == (8, 1)


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
