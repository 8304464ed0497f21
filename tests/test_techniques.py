"""The improved training techniques, each on its own, and the WGAN-GP step."""

import pytest
import torch
from torch import nn

from ganhelpers import AdversarialStep, adam, load_checkpoint, save_checkpoint, train_gan
from ganhelpers.course.collapse import TECHNIQUES, compare_techniques, mixture_run, technique_step
from ganhelpers.course.data import ring_mixture
from ganhelpers.gan.layers import (
    MinibatchDiscrimination,
    PairwiseCloseness,
    ReferenceBatch,
    VirtualBatchNorm,
)
from ganhelpers.gan.models import (
    MixtureDiscriminator,
    MixtureGenerator,
    MLPDiscriminator,
    MLPGenerator,
    SineDiscriminator,
)
from ganhelpers.gan.regularizers import ParameterAverage, feature_matching_loss, gradient_penalty
from ganhelpers.gan.techniques import (
    FeatureMatchingStep,
    HistoricalAveragingStep,
    LabelSmoothingStep,
)
from ganhelpers.gan.variants import WassersteinStep


def mixture_step(step_class=AdversarialStep, **options) -> AdversarialStep:
    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(), MixtureDiscriminator()
    return step_class(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3), **options
    )


def test_minibatch_discrimination_sees_the_rest_of_the_batch():
    torch.manual_seed(0)
    layer = MinibatchDiscrimination(6, kernels=4, kernel_dim=3)
    batch = torch.randn(5, 6)
    changed = batch.clone()
    changed[4] += 0.5
    out, out_changed = layer(batch), layer(changed)
    assert out.shape == (5, 6 + 4) and layer.out_features == 10
    # Sample 0 itself is unchanged, yet its output moves because sample 4 did.
    assert torch.equal(out[0, :6], out_changed[0, :6])
    assert not torch.allclose(out[0, 6:], out_changed[0, 6:])
    # Identical samples are maximally close: each of the 4 others contributes exp(0) = 1.
    same = layer(torch.ones(5, 6))
    assert torch.allclose(same[:, 6:], torch.full((5, 4), 4.0))
    with pytest.raises(ValueError, match="at least 2"):
        layer(batch[:1])


def test_pairwise_closeness_matches_the_formula_and_its_gradient():
    torch.manual_seed(0)
    a = torch.randn(3, 7, 4, dtype=torch.float64, requires_grad=True)
    distances = (a[:, :, None, :] - a[:, None, :, :]).pow(2).sum(dim=3)
    written_out = distances.neg().exp().sum(dim=2) - 1
    assert torch.allclose(PairwiseCloseness.apply(a), written_out)
    # The hand-written backward against finite differences, and against autograd's.
    assert torch.autograd.gradcheck(PairwiseCloseness.apply, (a,))
    weights = torch.randn(3, 7, dtype=torch.float64)
    (ours,) = torch.autograd.grad((PairwiseCloseness.apply(a) * weights).sum(), a)
    (autograd,) = torch.autograd.grad((written_out * weights).sum(), a)
    assert torch.allclose(ours, autograd)
    # Second derivatives too (a gradient penalty through the layer needs them).
    assert torch.autograd.gradgradcheck(PairwiseCloseness.apply, (a,))


def test_minibatch_discrimination_makes_the_step_score_real_and_fake_apart():
    assert mixture_step().separate_batches is False
    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(), MixtureDiscriminator(minibatch_kernels=5)
    step = AdversarialStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
    )
    assert step.separate_batches is True
    assert torch.isfinite(step(torch.randn(16, 2))).all()


def test_one_sided_label_smoothing_changes_only_the_real_targets():
    torch.manual_seed(0)
    real, fake = torch.randn(8, 2), torch.randn(8, 2)
    smoothed, plain = mixture_step(LabelSmoothingStep, real_label=0.9), mixture_step()
    loss, real_logits, fake_logits = smoothed.discriminator_loss(real, fake, None, None)
    bce = nn.functional.binary_cross_entropy_with_logits
    expected = 0.5 * (
        bce(real_logits, torch.full_like(real_logits, 0.9))
        + bce(fake_logits, torch.zeros_like(fake_logits))
    )
    assert torch.allclose(loss, expected)
    # Same networks (same seed): the two losses differ only in the real half.
    plain_loss, plain_real, plain_fake = plain.discriminator_loss(real, fake, None, None)
    assert torch.equal(plain_fake, fake_logits)
    real_only = 0.5 * (
        bce(real_logits, torch.full_like(real_logits, 0.9))
        - bce(plain_real, torch.ones_like(plain_real))
    )
    assert torch.allclose(loss - plain_loss, real_only)
    for bad in (0.4, 1.1):
        with pytest.raises(ValueError, match="real_label"):
            mixture_step(LabelSmoothingStep, real_label=bad)


def test_feature_matching_loss_is_the_distance_of_mean_features():
    real, fake = torch.randn(10, 4), torch.randn(10, 4, requires_grad=True)
    loss = feature_matching_loss(real, fake)
    assert torch.allclose(loss, ((real.mean(0) - fake.mean(0)) ** 2).sum())
    assert feature_matching_loss(real, real).item() == 0.0
    loss.backward()
    assert fake.grad is not None and fake.grad.abs().sum() > 0


def test_feature_matching_step_uses_the_discriminator_features():
    step = mixture_step(FeatureMatchingStep)
    real, fake = torch.randn(16, 2), torch.randn(16, 2)
    features = step.discriminator.features
    expected = ((features(real).mean(0) - features(fake).mean(0)) ** 2).sum()
    assert torch.allclose(step.generator_loss(real, fake, None, None), expected)
    assert MLPDiscriminator().features(torch.zeros(3, 1, 28, 28)).shape == (3, 256)
    with pytest.raises(ValueError, match="features"):
        generator = MixtureGenerator()
        discriminator = SineDiscriminator()
        FeatureMatchingStep(
            generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
        )


def test_parameter_average_penalty_is_zero_at_the_running_mean():
    layer = nn.Linear(3, 2)
    average = ParameterAverage(layer)
    assert average.penalty().item() == 0.0
    with torch.no_grad():
        layer.weight += 1.0  # 6 weights, each 1 away from its mean
    assert average.penalty().item() == pytest.approx(6.0)
    average.update()  # mean of two snapshots: half-way
    assert average.penalty().item() == pytest.approx(6 * 0.5**2)
    assert "mean_0" in average.state_dict() and average.updates.item() == 2
    layer.double()  # the module moves (as with .to("cuda")): the running mean follows it
    assert average.penalty().dtype == torch.float64 and average.mean_0.dtype == torch.float64


def test_historical_averaging_is_added_to_both_losses_and_checkpointed(tmp_path):
    step = mixture_step(HistoricalAveragingStep, weight=0.5)
    assert set(step.averages) == {"generator", "discriminator"}
    history = train_gan(step, torch.randn(64, 2), epochs=1, batch_size=16, progress=False)
    assert step.averages["generator"].updates.item() == 1 + 4
    assert step.averages["generator"].penalty().item() > 0
    path = save_checkpoint(tmp_path / "ha.pt", step, history)
    fresh = mixture_step(HistoricalAveragingStep, weight=0.5)
    load_checkpoint(path, fresh)
    assert fresh.averages["discriminator"].updates.item() == 5
    with pytest.raises(ValueError, match="historical averaging weight"):
        mixture_step(HistoricalAveragingStep, weight=-1.0)


def test_virtual_batch_norm_uses_the_reference_batch_statistics():
    torch.manual_seed(0)
    generator = ReferenceBatch(MixtureGenerator(virtual_batch_norm=True), torch.randn(32, 16))
    z = torch.randn(4, 16)
    alone = generator(z[:1])
    in_company = generator(torch.cat([z[:1], 100 * torch.randn(7, 16)]))[:1]
    assert torch.allclose(alone, in_company, atol=1e-5)  # batch norm would differ here

    norm = VirtualBatchNorm(3)
    norm.reference_size = 2
    x = torch.tensor([[0.0, 1.0, 2.0], [2.0, 3.0, 6.0], [5.0, 5.0, 5.0]])
    mean, std = x[:2].mean(0), x[:2].std(0, unbiased=False)
    assert torch.allclose(norm(x), (x - mean) / torch.sqrt(std**2 + norm.eps), atol=1e-4)
    norm.reference_size = 0
    with pytest.raises(RuntimeError, match="ReferenceBatch"):
        norm(x)
    with pytest.raises(ValueError, match="no VirtualBatchNorm"):
        ReferenceBatch(MixtureGenerator(), torch.randn(4, 16))
    assert ReferenceBatch(MLPGenerator(virtual_batch_norm=True), torch.randn(8, 100))(
        torch.randn(2, 100)
    ).shape == (2, 1, 28, 28)


def test_gradient_penalty_is_zero_for_a_unit_slope_critic():
    critic = nn.Linear(2, 1)
    real, fake = torch.randn(16, 2), torch.randn(16, 2)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[0.6, 0.8]]))  # gradient norm 1 everywhere
    assert gradient_penalty(critic, real, fake).item() == pytest.approx(0.0, abs=1e-10)
    with torch.no_grad():
        critic.weight.mul_(3)  # gradient norm 3: penalty (3 − 1)² = 4
    penalty = gradient_penalty(critic, real, fake)
    assert penalty.item() == pytest.approx(4.0)
    penalty.backward()  # differentiable with respect to the critic's weights
    assert critic.weight.grad is not None and critic.weight.grad.abs().sum() > 0


def test_wasserstein_step_updates_the_generator_once_per_critic_steps():
    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(), MixtureDiscriminator()
    step = WassersteinStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
    )
    real = torch.randn(16, 2)
    snapshots = []
    for _ in range(6):
        stats = step(real)
        snapshots.append(next(generator.parameters()).detach().clone())
    changed = [not torch.equal(a, b) for a, b in zip(snapshots, snapshots[1:])]
    assert changed == [False, False, False, False, True]  # batches 2–5 update only the critic
    loss, real_scores, _ = step.discriminator_loss(real, torch.randn(16, 2), None, None)
    assert real_scores.shape == (16, 1) and torch.isfinite(stats).all()
    # The critic's scores are reported raw, not squashed into probabilities.
    statistics = step.statistics(
        torch.tensor(0.0), torch.tensor(0.0), torch.tensor([[2.0], [4.0]]), torch.tensor([[-7.0]])
    )
    assert statistics[2:].tolist() == [3.0, -7.0]
    with pytest.raises(ValueError, match="critic_steps"):
        WassersteinStep(
            generator,
            discriminator,
            adam(generator, 1e-3),
            adam(discriminator, 1e-3),
            critic_steps=0,
        )
    mixing = MixtureDiscriminator(minibatch_kernels=4)
    with pytest.raises(ValueError, match="mix batches"):
        WassersteinStep(generator, mixing, adam(generator, 1e-3), adam(mixing, 1e-3))


def test_every_technique_builds_a_step_that_trains():
    for technique in TECHNIQUES:
        torch.manual_seed(0)
        step = technique_step(technique, MixtureGenerator, MixtureDiscriminator)
        stats = step(torch.randn(32, 2))
        assert torch.isfinite(stats).all(), technique
    with pytest.raises(ValueError, match="unknown technique"):
        technique_step("dropout", MixtureGenerator, MixtureDiscriminator)


def test_mixture_run_measures_within_valid_ranges():
    run = mixture_run(
        "vanilla", ring_mixture(), seed=3, epochs=2, batches_per_epoch=5, batch_size=64, lr=1e-3
    )
    measures = run.measures
    assert measures["technique"] == "vanilla" and measures["mixture"] == "ring of 8"
    assert 0 <= measures["modes_covered"] <= 8 and float(measures["modes_covered"]).is_integer()
    assert 0.0 <= measures["high_quality"] <= 1.0
    assert measures["seconds"] > 0
    again = mixture_run(
        "vanilla", ring_mixture(), seed=3, epochs=2, batches_per_epoch=5, batch_size=64, lr=1e-3
    )
    assert again.measures["high_quality"] == measures["high_quality"]  # seeded: reproducible
    assert torch.equal(again.points, run.points) and run.points.shape == (2500, 2)
    assert isinstance(run.step, AdversarialStep) and len(run.history) == 2
    assert run.step.g_optimizer.param_groups[0]["lr"] == 1e-3


def test_compare_techniques_runs_every_technique_and_seed_in_worker_processes():
    options = {"epochs": 1, "batches_per_epoch": 3, "batch_size": 32}
    runs = compare_techniques(("vanilla", "PacGAN"), ring_mixture(), [5, 6], workers=2, **options)
    labels = [(run.measures["seed"], run.measures["technique"]) for run in runs]
    assert labels == [(5, "vanilla"), (5, "PacGAN"), (6, "vanilla"), (6, "PacGAN")]
    assert all(len(run.history) == 1 and run.points.shape == (2500, 2) for run in runs)
    again = compare_techniques(("PacGAN",), ring_mixture(), [6], workers=1, **options)
    assert again[0].measures["technique"] == "PacGAN"
    assert 0 <= again[0].measures["modes_covered"] <= 8


def test_a_trained_wasserstein_step_keeps_no_graph_and_pickles():
    import pickle

    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(), MixtureDiscriminator()
    step = WassersteinStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
    )
    step(torch.randn(16, 2))
    assert not step.g_loss.requires_grad
    pickle.dumps(step)  # compare_techniques returns steps from worker processes
