import pytest
import torch

from ganhelpers import GanHelpersError
from ganhelpers.course import config


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("0", False), ("", False)])
def test_fast_mode_parses_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv(config.FAST_ENV, raw)
    assert config.fast_mode() is expected
    assert config.pick(full=300, fast=3) == (3 if expected else 300)


def test_fast_mode_rejects_garbage(monkeypatch):
    monkeypatch.setenv(config.FAST_ENV, "maybe")
    with pytest.raises(ValueError, match="GANHELPERS_FAST"):
        config.fast_mode()


def test_seed_everything_repeats_random_numbers():
    config.seed_everything(111)
    first = torch.randn(5)
    config.seed_everything(111)
    assert torch.equal(first, torch.randn(5))


@pytest.mark.parametrize("seed", [-1, 1.5, "1"])
def test_seed_everything_rejects_bad_seeds(seed):
    with pytest.raises(GanHelpersError, match="seed"):
        config.seed_everything(seed)


def test_select_device_defaults_to_an_available_device(monkeypatch):
    monkeypatch.delenv(config.DEVICE_ENV, raising=False)
    device = config.select_device()
    assert device.type in {"cpu", "cuda", "mps"}
    assert config.select_device("cpu") == torch.device("cpu")


def test_select_device_refuses_missing_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="no CUDA GPU"):
        config.select_device("cuda")


def test_output_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(config.OUTPUT_ENV, str(tmp_path / "out"))
    assert config.output_dir() == tmp_path / "out"
    assert (tmp_path / "out").is_dir()
