import math

import numpy as np
import pytest
import torch

import ganhelpers as gh
from ganhelpers.course import data


def test_sine_dataset_shape_and_curve():
    points = data.sine_dataset(1024, generator=torch.Generator().manual_seed(0))
    assert points.shape == (1024, 2) and points.dtype == torch.float32
    assert points[:, 0].min() >= 0 and points[:, 0].max() <= 2 * math.pi
    torch.testing.assert_close(points[:, 1], torch.sin(points[:, 0]))


def test_sine_dataset_is_deterministic_under_a_seed():
    a = data.sine_dataset(64, generator=torch.Generator().manual_seed(3))
    b = data.sine_dataset(64, generator=torch.Generator().manual_seed(3))
    assert torch.equal(a, b)


@pytest.mark.parametrize("n, message", [(0, "positive"), (-5, "negative"), (2.5, "integer")])
def test_sine_dataset_rejects_bad_sizes(n, message):
    with pytest.raises(gh.GanHelpersError, match=message):
        data.sine_dataset(n)


def test_mnist_reads_the_torchvision_files_and_scales_to_minus_one_one(tmp_path):
    rng = np.random.default_rng(0)
    pixels = torch.from_numpy(rng.integers(0, 256, size=(20, 1, 28, 28), dtype=np.uint8))
    pixels[0, 0, 0, 0], pixels[0, 0, 0, 1] = 0, 255
    labels = torch.from_numpy(rng.integers(0, 10, size=20)).long()
    written = data.Digits(pixels.float() / 127.5 - 1, labels, "test")
    data.write_mnist_idx(tmp_path, written)
    digits = data.mnist(root=tmp_path, source="full")
    assert digits.images.shape == (20, 1, 28, 28) and digits.images.dtype == torch.float32
    assert digits.images[0, 0, 0, 0] == -1.0 and digits.images[0, 0, 0, 1] == 1.0
    torch.testing.assert_close(digits.images, written.images)
    assert digits.labels.tolist() == labels.tolist()
    assert "MNIST training set (20 images)" in digits.source


def _no_download(self):
    raise RuntimeError("Error downloading train-images-idx3-ubyte.gz (network unreachable)")


def test_mnist_auto_falls_back_loudly_to_the_offline_sample(tmp_path, monkeypatch, capsys):
    from torchvision.datasets import MNIST

    monkeypatch.setattr(MNIST, "download", _no_download)
    digits = data.mnist(root=tmp_path, source="auto")
    assert "using the offline sample" in capsys.readouterr().out
    assert len(digits) == 5000
    assert torch.bincount(digits.labels).tolist() == [500] * 10
    assert digits.images.min() == -1 and digits.images.max() == 1


def test_mnist_full_raises_a_clear_error_offline(tmp_path, monkeypatch):
    from torchvision.datasets import MNIST

    monkeypatch.setattr(MNIST, "download", _no_download)
    with pytest.raises(RuntimeError, match="source='offline'"):
        data.mnist(root=tmp_path, source="full")


def test_mnist_rejects_unknown_sources():
    with pytest.raises(ValueError, match="source must be one of"):
        data.mnist(source="imagenet")


def test_digits_subset_and_device_move():
    digits = data.offline_mnist_sample()
    small = digits.subset(100, seed=1)
    assert len(small) == 100 and small.images.shape == (100, 1, 28, 28)
    assert torch.equal(small.labels, digits.subset(100, seed=1).labels)
    assert digits.subset(10_000) is digits
    assert small.to("cpu").images.device.type == "cpu"
    with pytest.raises(ValueError):
        digits.subset(0)


def test_ring_and_grid_mixtures_have_distinct_centres():
    from ganhelpers.course.data import grid_mixture, ring_mixture

    ring = ring_mixture(modes=8, radius=2.0, std=0.02)
    assert ring.centres.shape == (8, 2)
    assert (
        torch.cdist(ring.centres, ring.centres).add(10 * torch.eye(8)).min() > 1.5
    )  # all distinct
    assert torch.allclose(ring.centres.norm(dim=1), torch.full((8,), 2.0))
    grid = grid_mixture()
    assert sorted(set(grid.centres[:, 0].tolist())) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert len(torch.unique(grid.centres, dim=0)) == 25
    points = ring.sample(4000, generator=torch.Generator().manual_seed(0))
    nearest = torch.cdist(points, ring.centres).min(dim=1)
    assert points.shape == (4000, 2) and nearest.values.std() < 0.03
    assert torch.bincount(nearest.indices, minlength=8).min() > 400  # every mode is drawn
    with pytest.raises(ValueError):
        ring_mixture(modes=1)
    with pytest.raises(ValueError):
        ring.sample(0)
