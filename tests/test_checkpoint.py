import pytest
import torch

from ganhelpers import CheckpointError, load_checkpoint, save_checkpoint, train_gan
from tests.helpers import sine_data, sine_step, weights


def test_resuming_gives_bit_identical_weights(tmp_path):
    data = sine_data()
    straight = sine_step(seed=5)
    train_gan(straight, data, epochs=4, batch_size=32, progress=False)

    first = sine_step(seed=5)
    path = tmp_path / "run.pt"
    train_gan(first, data, epochs=2, batch_size=32, checkpoint_path=path, progress=False)
    torch.manual_seed(999)  # whatever happens in between must not matter
    resumed = sine_step(seed=123)
    history = load_checkpoint(path, resumed)
    assert history["epoch"] == [1, 2]
    history = train_gan(resumed, data, epochs=4, batch_size=32, history=history, progress=False)
    assert history["epoch"] == [1, 2, 3, 4]
    assert all(torch.equal(a, b) for a, b in zip(weights(straight), weights(resumed)))


def test_checkpoint_write_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "run.pt"
    step = sine_step()
    history = train_gan(step, sine_data(), epochs=1, batch_size=32, progress=False)
    save_checkpoint(path, step, history)
    good = path.read_bytes()

    def crash(obj, file):
        file.write(b"half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, step, history)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["run.pt"]


def test_corrupt_and_foreign_files_are_refused(tmp_path):
    step = sine_step()
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"\x00not a checkpoint")
    with pytest.raises(CheckpointError, match="corrupt or foreign"):
        load_checkpoint(corrupt, step)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, foreign)
    with pytest.raises(CheckpointError, match="not a ganhelpers-checkpoint"):
        load_checkpoint(foreign, step)
    with pytest.raises(FileNotFoundError):
        load_checkpoint(tmp_path / "missing.pt", step)


def test_truncated_checkpoint_is_refused(tmp_path):
    path = tmp_path / "run.pt"
    step = sine_step()
    history = train_gan(step, sine_data(), epochs=1, batch_size=32, progress=False)
    save_checkpoint(path, step, history)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CheckpointError):
        load_checkpoint(path, step)


def test_load_sampling_generator_takes_the_weight_average_when_kept(tmp_path):
    from ganhelpers import (
        AdversarialStep,
        SineDiscriminator,
        SineGenerator,
        adam,
        load_sampling_generator,
    )

    generator, discriminator = SineGenerator(), SineDiscriminator()
    step = AdversarialStep(
        generator,
        discriminator,
        adam(generator, 1e-3),
        adam(discriminator, 1e-3),
        generator_average=0.9,
    )
    history = train_gan(step, sine_data(), epochs=2, batch_size=32, progress=False)
    path = save_checkpoint(tmp_path / "run.pt", step, history)
    loaded = load_sampling_generator(path, SineGenerator())
    assert not loaded.training
    z = torch.randn(8, 2)
    with torch.no_grad():
        assert torch.equal(loaded(z), step.sampling_generator(z))
        assert not torch.equal(loaded(z), step.generator(z))

    plain = sine_step()
    save_checkpoint(tmp_path / "plain.pt", plain, history)
    loaded = load_sampling_generator(tmp_path / "plain.pt", SineGenerator())
    with torch.no_grad():
        assert torch.equal(loaded(z), plain.generator(z))
    with pytest.raises(CheckpointError, match="different architecture"):
        load_sampling_generator(path, SineGenerator(latent_dim=3))


def test_the_last_epoch_is_saved_even_between_checkpoint_epochs(tmp_path):
    path = tmp_path / "run.pt"
    step = sine_step()
    train_gan(
        step,
        sine_data(),
        epochs=3,
        batch_size=32,
        checkpoint_path=path,
        checkpoint_every=5,
        progress=False,
    )
    assert load_checkpoint(path, sine_step())["epoch"] == [1, 2, 3]
    from ganhelpers import checkpoint_history

    assert checkpoint_history(path)["epoch"] == [1, 2, 3]
