import pytest
import torch

from ganhelpers import (
    CheckpointError,
    History,
    checkpoint_history,
    load_checkpoint,
    save_checkpoint,
    train_gan,
)
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


def _train(step, path, epochs=1, **options):
    return train_gan(
        step, sine_data(), epochs=epochs, batch_size=32, checkpoint_path=path, progress=False,
        **options,
    )  # fmt: skip


def test_a_fresh_run_never_replaces_another_runs_checkpoint_unless_asked(tmp_path):
    path = tmp_path / "run.pt"
    _train(sine_step(seed=1), path, epochs=2)
    saved = path.read_bytes()
    step = sine_step(seed=2)
    before = weights(step)
    with pytest.raises(CheckpointError, match="2 epochs that this run did not start from"):
        _train(step, path)
    assert path.read_bytes() == saved  # untouched, and nothing trained
    assert all(torch.equal(a, b) for a, b in zip(before, weights(step)))
    _train(step, path, overwrite=True)
    assert checkpoint_history(path)["epoch"] == [1]


def test_resuming_appends_to_the_saved_history_and_a_stale_history_is_refused(tmp_path):
    path = tmp_path / "run.pt"
    _train(sine_step(seed=1), path, epochs=2)
    step = sine_step(seed=3)
    history = load_checkpoint(path, step)
    with pytest.raises(CheckpointError, match="did not start from"):
        _train(step, path, epochs=3)  # no history=: the saved run would be cut to one epoch
    _train(step, path, epochs=3, history=history)
    assert checkpoint_history(path)["epoch"] == [1, 2, 3]
    with pytest.raises(CheckpointError, match="3 epochs"):  # a history older than the file
        _train(sine_step(seed=3), path, epochs=5, history=History(history.records[:1]))


def test_epochs_already_done_is_an_error_that_states_what_epochs_means(tmp_path):
    step = sine_step()
    history = train_gan(step, sine_data(), epochs=2, batch_size=32, progress=False)
    for epochs in (1, 2):
        with pytest.raises(ValueError, match="epochs is the epoch to reach.*epochs=12"):
            train_gan(
                step, sine_data(), epochs=epochs, batch_size=32, history=history, progress=False
            )


def test_unusable_checkpoint_paths_are_refused_before_the_first_epoch(tmp_path):
    step = sine_step()
    before = weights(step)
    with pytest.raises(CheckpointError, match="is a folder: give a file path"):
        _train(step, tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(CheckpointError, match="cannot write a checkpoint to"):
        _train(step, blocker / "run.pt")
    assert all(torch.equal(a, b) for a, b in zip(before, weights(step)))


def test_leftovers_of_a_killed_save_are_removed(tmp_path, capsys):
    path = tmp_path / "run.pt"
    (tmp_path / ".run.pt.abc123.tmp").write_bytes(b"half a checkpoint")
    (tmp_path / ".other.pt.abc123.tmp").write_bytes(b"another file's")
    _train(sine_step(), path)
    assert "Removed 1 unfinished checkpoint file" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.pt.abc123.tmp", "run.pt"]


def test_a_checkpoint_that_does_not_fit_changes_nothing(tmp_path):
    path = tmp_path / "run.pt"
    _train(sine_step(seed=1), path, epochs=2)
    step = sine_step(seed=4)
    # D's optimizer in two parameter groups: the shapes match, the optimizer's state does not.
    parameters = list(step.discriminator.parameters())
    step.d_optimizer = torch.optim.Adam([{"params": parameters[:1]}, {"params": parameters[1:]}])
    before = weights(step)
    g_state = {k: v.clone() for k, v in step.g_optimizer.state_dict()["state"].items()}
    with pytest.raises(CheckpointError, match="nothing was changed"):
        load_checkpoint(path, step)
    assert all(torch.equal(a, b) for a, b in zip(before, weights(step)))
    assert step.g_optimizer.state_dict()["state"].keys() == g_state.keys()
