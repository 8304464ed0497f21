"""Property-based tests (hypothesis): a checkpoint file of random bytes, or a real one cut short,
always loads as a ``CheckpointError`` and changes nothing."""

import os

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import ganhelpers as gh


def _small_step() -> gh.AdversarialStep:
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=3000))
def test_a_checkpoint_of_random_bytes_is_a_checkpoint_error(content, tmp_path_factory):
    path = tmp_path_factory.mktemp("bytes") / "random.pt"
    path.write_bytes(content)
    with pytest.raises(gh.CheckpointError, match="not a readable checkpoint"):
        gh.load_checkpoint(path, _small_step())


@settings(max_examples=60, deadline=None)
@given(fraction=st.floats(0, 0.999))
def test_a_checkpoint_cut_short_is_a_checkpoint_error_and_changes_nothing(
    fraction, tmp_path_factory
):
    folder = tmp_path_factory.mktemp("cut")
    whole = gh.save_checkpoint(folder / "whole.pt", _small_step(), gh.History()).read_bytes()
    cut = folder / "cut.pt"
    cut.write_bytes(whole[: int(fraction * len(whole))])
    step = _small_step()
    before = [p.detach().clone() for p in step.generator.parameters()]
    with pytest.raises(gh.CheckpointError):
        gh.load_checkpoint(cut, step)
    assert all(torch.equal(a, b) for a, b in zip(before, step.generator.parameters()))
    assert os.path.getsize(cut) < len(whole)
