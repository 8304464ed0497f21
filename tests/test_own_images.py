"""Your own images: folders and arrays of any supported size and colour load into the course's
data set, the DCGAN builds for them, and every bad input gets a clear error naming the fix (one
test per case). The folders are a few PNGs written by the tests; nothing is downloaded."""

import numpy as np
import pytest
import torch
from PIL import Image

import ganhelpers as gh
from ganhelpers import CheckpointError


def write_pngs(folder, count, size=(40, 30), colour=True, seed=0):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for index in range(count):
        shape = (size[1], size[0], 3) if colour else (size[1], size[0])
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        Image.fromarray(pixels).save(folder / f"image_{index}.png")
    return folder


def test_a_flat_folder_loads_as_colour_images_in_minus_one_to_one(tmp_path):
    images = gh.image_folder(write_pngs(tmp_path / "flat", 5), image_size=32, channels=3)
    assert images.images.shape == (5, 3, 32, 32) and images.images.dtype == torch.float32
    assert -1 <= images.images.min() < 0 < images.images.max() <= 1
    assert images.labels.tolist() == [0] * 5 and "5 images" in images.source


def test_class_subfolders_give_labels_and_grey_conversion_works(tmp_path):
    write_pngs(tmp_path / "data" / "cats", 3)
    write_pngs(tmp_path / "data" / "dogs", 2, colour=False)
    images = gh.image_folder(tmp_path / "data", image_size=28, channels=1, progress=False)
    assert images.images.shape == (5, 1, 28, 28)
    assert images.labels.tolist() == [0, 0, 0, 1, 1] and "cats, dogs" in images.source


def test_an_empty_or_missing_folder_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no images here")
    with pytest.raises(ValueError, match="holds no images"):
        gh.image_folder(tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="no folder"):
        gh.image_folder(tmp_path / "nowhere")


def test_an_unreadable_image_file_is_named(tmp_path):
    folder = write_pngs(tmp_path / "broken", 2)
    (folder / "zzz_corrupt.png").write_bytes(b"this is not a PNG")
    with pytest.raises(ValueError, match="zzz_corrupt.png"):
        gh.image_folder(folder, progress=False)


def test_unsupported_sizes_and_channel_counts_are_refused_with_the_choices(tmp_path):
    folder = write_pngs(tmp_path / "ok", 1)
    with pytest.raises(ValueError, match=r"\[28, 32, 64\]"):
        gh.image_folder(folder, image_size=48)
    with pytest.raises(ValueError, match="1 \\(grey\\) or 3"):
        gh.image_folder(folder, channels=2)
    with pytest.raises(ValueError, match=r"\[28, 32, 64\]"):
        gh.DCGANGenerator(image_size=100)


def test_integer_pixels_are_refused_with_the_rescaling_but_uint8_ones_are_scaled():
    with pytest.raises(TypeError, match=r"127\.5 - 1"):
        gh.images_from_array(np.zeros((4, 1, 28, 28), dtype=np.int32))
    pixels = np.arange(4 * 28 * 28).reshape(4, 1, 28, 28) % 256
    digits = gh.images_from_array(pixels.astype(np.uint8))
    assert torch.allclose(digits.images, torch.from_numpy(pixels).float() / 127.5 - 1)


def test_floats_in_0_255_name_the_range_and_the_rescaling():
    with pytest.raises(ValueError, match=r"\[0, 255\].*images / 127\.5 - 1"):
        gh.images_from_array(torch.linspace(0, 255, 4 * 784).reshape(4, 1, 28, 28))


def test_floats_in_0_1_name_the_range_and_the_rescaling():
    with pytest.raises(ValueError, match=r"\[0, 1\].*images \* 2 - 1"):
        gh.images_from_array(torch.rand(4, 1, 28, 28))


def test_nan_and_infinite_pixels_are_refused():
    images = torch.rand(4, 1, 28, 28) * 2 - 1
    images[1, 0, 3, 3] = float("nan")
    images[2, 0, 0, 0] = float("inf")
    with pytest.raises(ValueError, match="2 NaN or infinite"):
        gh.images_from_array(images)


def test_channels_last_arrays_are_refused_with_the_permute():
    with pytest.raises(ValueError, match=r"permute\(0, 3, 1, 2\)"):
        gh.images_from_array(torch.rand(4, 28, 28, 3) * 2 - 1)


def test_labels_of_the_wrong_dtype_length_or_sign_are_refused():
    images = torch.rand(4, 1, 28, 28) * 2 - 1
    with pytest.raises(TypeError, match="integer class indices"):
        gh.images_from_array(images, torch.zeros(4))
    with pytest.raises(ValueError, match="4 samples but 3 labels"):
        gh.images_from_array(images, torch.zeros(3, dtype=torch.long))
    with pytest.raises(ValueError, match=">= 0"):
        gh.images_from_array(images, torch.tensor([0, 1, -1, 2]))


def test_labels_out_of_range_or_not_integers_are_refused_by_the_conditional_models():
    generator = gh.ConditionalGenerator(latent_dim=8, width=8).eval()
    z = torch.randn(2, 8)
    with pytest.raises(ValueError, match="labels must lie"):
        generator(z, torch.tensor([3, 10]))
    with pytest.raises(ValueError, match="integer class indices"):
        generator(z, torch.tensor([3.0, 1.0]))


def test_train_gan_refuses_badly_scaled_images_and_float_labels():
    step = gh.AdversarialStep(gh.DCGANGenerator(8, 8), gh.DCGANDiscriminator(width=8), None, None)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        gh.train_gan(step, torch.rand(64, 1, 28, 28), epochs=1, batch_size=16, progress=False)
    with pytest.raises(TypeError, match="integer"):
        gh.train_gan(step, torch.zeros(64, 1, 28, 28, dtype=torch.uint8), epochs=1, batch_size=16)
    images = torch.rand(64, 1, 28, 28) * 2 - 1
    with pytest.raises(TypeError, match="integer class indices"):
        gh.train_gan(step, (images, torch.zeros(64)), epochs=1, batch_size=16, progress=False)


def test_fewer_images_than_one_batch_are_refused_with_the_fix():
    step = gh.AdversarialStep(gh.DCGANGenerator(8, 8), gh.DCGANDiscriminator(width=8), None, None)
    with pytest.raises(ValueError, match="use batch_size <= 10"):
        gh.train_gan(step, torch.rand(10, 1, 28, 28) * 2 - 1, epochs=1, batch_size=64)


def test_a_model_refuses_images_of_another_size_or_channel_count():
    discriminator = gh.DCGANDiscriminator(in_channels=1, width=8)
    with pytest.raises(ValueError, match=r"\(batch, 1, 28, 28\).*image_size"):
        discriminator(torch.zeros(2, 3, 32, 32))
    conditional = gh.ConditionalDiscriminator(width=8)
    with pytest.raises(ValueError, match=r"\(batch, 1, 28, 28\)"):
        conditional(torch.zeros(2, 1, 32, 32), torch.tensor([1, 2]))


def test_a_latent_of_the_wrong_size_is_refused():
    with pytest.raises(ValueError, match=r"\(batch, 100\).*torch.randn\(n, 100\)"):
        gh.DCGANGenerator(100, 8)(torch.randn(4, 64))


def test_a_batch_of_one_with_batch_norm_in_training_mode_is_refused_with_the_fix():
    generator = gh.DCGANGenerator(16, 8)
    with pytest.raises(ValueError, match="at least 2 samples.*evaluation mode"):
        generator(torch.randn(1, 16))
    assert generator.eval()(torch.randn(1, 16)).shape == (1, 1, 28, 28)


def test_a_checkpoint_from_another_architecture_names_the_mismatch(tmp_path):
    small = gh.AdversarialStep(gh.DCGANGenerator(16, 8), gh.DCGANDiscriminator(width=8), None, None)
    small.g_optimizer = gh.adam(small.generator, 1e-3)
    small.d_optimizer = gh.adam(small.discriminator, 1e-3)
    path = gh.save_checkpoint(tmp_path / "small.pt", small, gh.History())
    wide = gh.AdversarialStep(
        gh.DCGANGenerator(16, 16), gh.DCGANDiscriminator(width=16), None, None
    )
    wide.g_optimizer = gh.adam(wide.generator, 1e-3)
    wide.d_optimizer = gh.adam(wide.discriminator, 1e-3)
    before = [p.detach().clone() for p in wide.generator.parameters()]
    with pytest.raises(CheckpointError, match=r"different architecture.*generator\..*shape"):
        gh.load_checkpoint(path, wide)
    assert all(torch.equal(a, b) for a, b in zip(before, wide.generator.parameters()))


@pytest.mark.parametrize("image_size", [32, 64])
@pytest.mark.parametrize("channels", [1, 3])
def test_dcgan_builds_and_trains_for_other_sizes_and_colour(image_size, channels):
    torch.manual_seed(0)
    generator = gh.DCGANGenerator(16, 8, image_size=image_size, channels=channels)
    discriminator = gh.DCGANDiscriminator(channels, 8, batch_norm=False, image_size=image_size)
    fakes = generator(torch.randn(4, 16))
    assert fakes.shape == (4, channels, image_size, image_size)
    assert discriminator(fakes).shape == (4, 1)
    step = gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    data = torch.rand(32, channels, image_size, image_size) * 2 - 1
    history = gh.train_gan(step, data, epochs=1, batch_size=16, progress=False)
    assert len(history) == 1 and np.isfinite(history["d_loss"][0])
    grid = gh.image_grid(fakes, nrow=2)
    assert grid.shape[2] == 3 and grid.dtype == np.uint8  # colour grids are RGB pictures


def test_conditional_models_take_size_and_colour():
    generator = gh.ConditionalGenerator(8, n_classes=3, width=8, image_size=32, channels=3)
    discriminator = gh.ConditionalDiscriminator(n_classes=3, width=8, image_size=32, channels=3)
    labels = torch.tensor([0, 2])
    images = generator(torch.randn(2, 8), labels)
    assert images.shape == (2, 3, 32, 32) and discriminator(images, labels).shape == (2, 1)


def test_photo_crops_are_written_as_a_folder_of_real_images(tmp_path):
    folder = gh.write_photo_crops(tmp_path / "crops", count=6, crop=64, seed=1)
    files = sorted(folder.glob("*.png"))
    assert len(files) == 6 and Image.open(files[0]).size == (64, 64)
    images = gh.image_folder(folder, image_size=32, channels=3, progress=False)
    assert images.images.std() > 0.05  # a photograph, not a flat colour


def test_nearest_neighbours_find_an_exact_copy():
    torch.manual_seed(0)
    reference = torch.rand(20, 3, 8, 8) * 2 - 1
    queries = torch.cat([reference[7:8], torch.rand(1, 3, 8, 8) * 2 - 1])
    distances, indices = gh.nearest_neighbours(queries, reference, k=2)
    assert indices[0, 0] == 7 and distances[0, 0] < 1e-5
    assert distances[1, 0] > 0.1 and (distances[:, 0] <= distances[:, 1]).all()
    with pytest.raises(ValueError, match="image shape"):
        gh.nearest_neighbours(torch.zeros(1, 1, 8, 8), reference)


def test_any_integer_label_dtype_conditions_the_generator():
    generator = gh.ConditionalGenerator(8, width=8).eval()
    z = torch.randn(2, 8)
    expected = generator(z, torch.tensor([1, 2]))
    for dtype in (torch.int32, torch.uint8):  # one_hot itself takes int64 only
        torch.testing.assert_close(generator(z, torch.tensor([1, 2], dtype=dtype)), expected)
