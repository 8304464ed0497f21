import pytest
import torch

from ganhelpers import (
    Autoencoder,
    DCGANGenerator,
    VariationalAutoencoder,
    sample_autoencoder,
    seed_everything,
    sharpness,
    train_autoencoder,
)


def _digits(n=256):
    # Bars at random positions: a toy data set with sharp edges.
    images = -torch.ones(n, 1, 28, 28)
    columns = torch.randint(4, 24, (n,))
    for i, column in enumerate(columns.tolist()):
        images[i, 0, 4:24, column : column + 3] = 1
    return images


def test_the_decoder_is_the_dcgan_generator():
    model = VariationalAutoencoder(latent_dim=16, width=8)
    assert isinstance(model.decoder, DCGANGenerator)
    assert model.encoder(torch.zeros(2, 1, 28, 28)).shape == (2, 32)  # mean and log-variance
    refined = VariationalAutoencoder(latent_dim=16, width=8, refinements=1)
    assert len(refined.decoder.state_dict()) > len(model.decoder.state_dict())  # the extra layers


def test_autoencoder_and_vae_losses_fall_and_samples_have_the_data_shape():
    seed_everything(0)
    images = _digits()
    for model in (Autoencoder(16, 8), VariationalAutoencoder(16, 8)):
        history = train_autoencoder(
            model, images, time_budget=60, batch_size=32, max_epochs=8, progress=False
        )
        assert len(history) == 8 and history["loss"][-1] < history["loss"][0]
        samples = sample_autoencoder(model, 10, images)
        assert samples.shape == (10, 1, 28, 28) and samples.abs().max() <= 1


def test_plain_autoencoder_sampling_needs_codes_to_fit():
    with pytest.raises(ValueError, match="fitted_to"):
        sample_autoencoder(Autoencoder(8, 8), 4)


def test_sharpness_is_lower_for_blurred_images():
    images = _digits(32)
    blurred = torch.nn.functional.avg_pool2d(
        images, 3, stride=1, padding=1, count_include_pad=False
    )
    assert sharpness(blurred) < sharpness(images)
    assert sharpness(torch.zeros(2, 1, 28, 28)) == 0


def test_train_autoencoder_rejects_bad_arguments():
    with pytest.raises(ValueError, match="batch_size"):
        train_autoencoder(Autoencoder(8, 8), _digits(16), time_budget=1, batch_size=64)
