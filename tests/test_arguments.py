"""``@checked_arguments``: what the type hints let through and what they refuse, one message
each (the entry-point fuzz test checks every public function; these pin the rules)."""

from pathlib import Path

import numpy as np
import pytest
import torch

import ganhelpers as gh
from ganhelpers.course.arguments import checked_arguments


@checked_arguments
def _toy(
    count: int,
    rate: float = 0.1,
    path: str | Path | None = None,
    box: tuple[float, float] = (0.0, 1.0),
    names: list[str] | None = None,
    seed: int = 0,
) -> tuple:
    return count, rate, path, box, names, seed


def test_what_is_obviously_meant_is_accepted():
    assert _toy(np.int64(3), rate=1)[:2] == (3, 1)
    assert _toy(1, rate=np.float32(0.5), path="out", box=[0, 2], names=["a"], seed=-7)[-1] == -7


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"count": "3"}, "_toy: count must be an integer, got str '3'"),
        ({"count": True}, "count must be an integer, got bool True"),
        ({"count": 2, "rate": "0.1"}, "rate must be a number, got str"),
        ({"count": 2, "path": 3}, "path must be a string or a path (str or Path) or None"),
        ({"count": 2, "box": (1.0,)}, "box must be a list or tuple (tuple[float, float])"),
        ({"count": 2, "names": ["a", 1]}, "names must be a list or tuple (list[str]) or None"),
    ],
)
def test_a_value_of_the_wrong_kind_names_the_parameter_and_what_it_needs(arguments, message):
    with pytest.raises(gh.ArgumentTypeError) as error:
        _toy(**arguments)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"count": -1}, "count must not be negative, got -1"),
        ({"count": 1, "rate": float("nan")}, "rate is nan: give a finite number"),
        ({"count": 1, "rate": float("inf")}, "rate is inf: give a finite number"),
    ],
)
def test_nan_infinity_and_negative_counts_are_refused(arguments, message):
    with pytest.raises(gh.ArgumentError, match=message):
        _toy(**arguments)


def test_a_missing_or_unknown_argument_is_a_package_error():
    with pytest.raises(gh.ArgumentTypeError, match="missing a required argument: 'count'"):
        _toy()
    with pytest.raises(gh.ArgumentTypeError, match="unexpected keyword argument 'epoch'"):
        _toy(1, epoch=3)


def test_a_class_is_checked_when_built_and_keeps_its_source():
    with pytest.raises(gh.ArgumentTypeError, match="MLPGenerator: latent_dim must be an integer"):
        gh.MLPGenerator(latent_dim=8.0)
    assert "class MLPGenerator" in gh.show_source(gh.MLPGenerator).data
    assert "def train_gan(" in gh.show_source(gh.train_gan).data


def test_valid_calls_train_as_before():
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    step = gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    history = gh.train_gan(step, torch.rand(32, 1, 28, 28) * 2 - 1, epochs=1, batch_size=16,
                           progress=False)  # fmt: skip
    assert len(history) == 1
