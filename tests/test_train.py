import os
import signal

import pytest
import torch

from ganhelpers import AdversarialStep, GanHelpersError, TrainingDiverged, adam, train_gan
from ganhelpers.course.training import READ_EVERY
from ganhelpers.gan.models import MLPGenerator
from tests.helpers import sine_data, sine_step, weights


def test_training_records_one_row_per_epoch_and_moves_the_weights():
    step = sine_step()
    before = weights(step)
    history = train_gan(step, sine_data(), epochs=3, batch_size=32, progress=False)
    assert history["epoch"] == [1, 2, 3]
    assert set(history.keys()) >= {"d_loss", "g_loss", "d_real", "d_fake", "seconds"}
    assert all(0 <= p <= 1 for p in history["d_real"] + history["d_fake"])
    assert not any(torch.equal(a, b) for a, b in zip(before, weights(step)))


def test_training_is_deterministic_under_a_seed():
    runs = []
    for _ in range(2):
        step = sine_step(seed=7)
        train_gan(step, sine_data(), epochs=2, batch_size=32, progress=False)
        runs.append(weights(step))
    assert all(torch.equal(a, b) for a, b in zip(*runs))


def test_discriminator_learns_to_separate_real_from_a_frozen_generator():
    step = sine_step()
    step.g_optimizer = torch.optim.SGD(step.generator.parameters(), lr=0.0)
    history = train_gan(step, sine_data(512), epochs=15, batch_size=32, progress=False)
    assert history["d_real"][-1] > history["d_fake"][-1] + 0.3
    assert history["d_loss"][-1] < history["d_loss"][0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0, "batch_size": 32}, "epochs must be a positive int"),
        ({"epochs": 2, "batch_size": -1}, "batch_size must not be negative"),
        ({"epochs": 2, "batch_size": 10_000}, "larger than the data set"),
        ({"epochs": 2, "batch_size": 8, "checkpoint_every": 0}, "checkpoint_every"),
        ({"epochs": 2, "batch_size": 8, "precision": "fp16"}, "precision must be one of"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_gan(sine_step(), sine_data(), progress=False, **kwargs)


def test_bad_data_is_refused():
    with pytest.raises(TypeError, match="data must be"):
        train_gan(sine_step(), "points", epochs=1, batch_size=8, progress=False)
    with pytest.raises(ValueError, match="labels"):
        train_gan(sine_step(), (torch.zeros(10, 2), torch.zeros(3)), epochs=1, batch_size=2)


def test_a_nan_loss_stops_training_naming_epoch_and_batch():
    data = sine_data(64)
    data[40] = float("nan")  # lands in some batch of the first epoch
    with pytest.raises(TrainingDiverged, match=r"epoch 1, batch \d+/2"):
        train_gan(sine_step(), data, epochs=3, batch_size=32, progress=False)


class PoisonAt:
    """Wraps a step and makes its statistics NaN from call number ``call`` on."""

    def __init__(self, step: AdversarialStep, call: int) -> None:
        self.step, self.call, self.count = step, call, 0

    def __getattr__(self, name):
        return getattr(self.step, name)

    def __call__(self, real, labels=None):
        self.count += 1
        stats = self.step(real, labels)
        return stats * float("nan") if self.count >= self.call else stats


def test_a_nan_is_reported_at_the_batch_where_it_first_appeared_within_read_every_batches():
    batches = 2 * READ_EVERY + 10  # per epoch
    poisoned = PoisonAt(sine_step(), call=batches + READ_EVERY + 7)  # epoch 2
    with pytest.raises(TrainingDiverged, match=rf"epoch 2, batch {READ_EVERY + 7}/{batches}:"):
        train_gan(poisoned, sine_data(4 * batches), epochs=3, batch_size=4, progress=False)
    assert poisoned.count == batches + 2 * READ_EVERY  # caught at the next read, no later


def test_the_loop_reads_the_device_every_read_every_batches_not_every_batch(monkeypatch):
    reads = 0
    for name in ("__bool__", "item", "tolist", "__float__", "__format__"):
        original = getattr(torch.Tensor, name)

        def counted(self, *args, _original=original, **kwargs):
            nonlocal reads
            reads += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(torch.Tensor, name, counted)
    batches = 4 * READ_EVERY
    train_gan(sine_step(), sine_data(8 * batches), epochs=1, batch_size=8, progress=True)
    assert 0 < reads <= 3 * (batches // READ_EVERY) + 3, reads


class InterruptAfter:
    """Wraps a step and sends this process a Ctrl-C (SIGINT) during call number ``calls``."""

    def __init__(self, step: AdversarialStep, calls: int) -> None:
        self.step, self.calls, self.count = step, calls, 0

    def __getattr__(self, name):
        return getattr(self.step, name)

    def __call__(self, real, labels=None):
        self.count += 1
        if self.count == self.calls:
            os.kill(os.getpid(), signal.SIGINT)
        return self.step(real, labels)


def test_ctrl_c_stops_after_the_current_batch_and_keeps_the_history(capsys):
    wrapped = InterruptAfter(sine_step(), calls=8 * 2 + 3)  # 8 batches/epoch: during epoch 3
    before = signal.getsignal(signal.SIGINT)  # default_int_handler, or SIG_IGN in a background job
    history = train_gan(wrapped, sine_data(256), epochs=10, batch_size=32, progress=False)
    assert wrapped.count == 19  # the batch in flight finished, no further batch started
    assert history.interrupted and history["epoch"] == [1, 2]
    assert "Interrupted during epoch 3 after batch 3/8" in capsys.readouterr().out
    assert signal.getsignal(signal.SIGINT) is before  # the loop's own handler is removed again


def test_batch_norm_discriminators_score_real_and_fake_separately():
    bn = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 8), torch.nn.BatchNorm1d(8))
    generator = MLPGenerator()
    step = AdversarialStep(generator, bn, adam(generator, 1e-4), adam(bn, 1e-4))
    assert step.separate_batches
    assert not sine_step().separate_batches


def test_adam_refuses_a_non_positive_learning_rate():
    with pytest.raises(ValueError, match="learning rate"):
        adam(torch.nn.Linear(2, 2), 0.0)


def test_time_budget_ends_training_after_the_epoch_that_used_it_up():
    history = train_gan(
        sine_step(), sine_data(), epochs=1000, batch_size=32, time_budget=1e-9, progress=False
    )
    assert history["epoch"] == [1]
    with pytest.raises(ValueError, match="time_budget"):
        train_gan(sine_step(), sine_data(), epochs=2, batch_size=32, time_budget=0)


def test_train_discriminator_updates_only_the_discriminator():
    step = sine_step()
    generator_before = [p.detach().clone() for p in step.generator.parameters()]
    discriminator_before = [p.detach().clone() for p in step.discriminator.parameters()]
    loss = step.train_discriminator(sine_data(32))
    assert loss.ndim == 0 and torch.isfinite(loss) and not loss.requires_grad
    assert all(torch.equal(a, b) for a, b in zip(generator_before, step.generator.parameters()))
    assert not any(
        torch.equal(a, b) for a, b in zip(discriminator_before, step.discriminator.parameters())
    )


def test_discriminator_pretraining_runs_before_the_first_epoch_only(monkeypatch):
    step = sine_step()
    calls = []
    original = step.train_discriminator
    monkeypatch.setattr(step, "train_discriminator", lambda *a: calls.append(1) or original(*a))
    history = train_gan(
        step, sine_data(), epochs=1, batch_size=32, discriminator_pretraining=7, progress=False
    )
    assert len(calls) == 7
    train_gan(
        step,
        sine_data(),
        epochs=2,
        batch_size=32,
        history=history,
        discriminator_pretraining=7,
        progress=False,
    )
    assert len(calls) == 7, "a resumed run must not pre-train D again"


def test_discriminator_pretraining_changes_the_run_and_rejects_bad_values():
    plain, pretrained = sine_step(seed=3), sine_step(seed=3)
    train_gan(plain, sine_data(), epochs=1, batch_size=32, progress=False)
    train_gan(
        pretrained,
        sine_data(),
        epochs=1,
        batch_size=32,
        discriminator_pretraining=30,
        progress=False,
    )
    assert not all(torch.equal(a, b) for a, b in zip(weights(plain), weights(pretrained)))
    for bad in (-1, 2.5):
        with pytest.raises(GanHelpersError, match="discriminator_pretraining"):
            train_gan(
                sine_step(),
                sine_data(),
                epochs=1,
                batch_size=32,
                discriminator_pretraining=bad,
                progress=False,
            )


def test_bf16_precision_runs_the_networks_in_bfloat16_and_keeps_float32_weights():
    step = sine_step()
    seen = []
    step.discriminator.register_forward_hook(lambda module, inputs, output: seen.append(output))
    history = train_gan(
        step, sine_data(), epochs=2, batch_size=32, precision="bf16", progress=False
    )
    assert {output.dtype for output in seen} == {torch.bfloat16}
    assert all(p.dtype == torch.float32 for p in weights(step))
    assert all(0 <= p <= 1 for p in history["d_real"] + history["d_fake"])
    seen.clear()
    train_gan(step, sine_data(), epochs=1, batch_size=32, progress=False)
    assert {output.dtype for output in seen} == {torch.float32}  # autocast ended with the run
