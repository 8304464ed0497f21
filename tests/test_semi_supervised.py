import pytest
import torch
from torch import nn

from ganhelpers import (
    AdversarialStep,
    DCGANGenerator,
    NormalisedLinear,
    SemiSupervisedDiscriminator,
    SemiSupervisedStep,
    adam,
    classification_accuracy,
    mnist,
    seed_everything,
    semi_supervised_run,
    semi_supervised_split,
    train_supervised,
    unseen_digits,
)


@pytest.fixture(scope="module")
def digits():
    return mnist(source="offline")


def _step(labelled):
    seed_everything(0)
    generator, discriminator = DCGANGenerator(100, 8), SemiSupervisedDiscriminator()
    return SemiSupervisedStep(
        generator,
        discriminator,
        adam(generator, 1e-3),
        adam(discriminator, 1e-3),
        labelled=labelled,
        labelled_batch=20,
    )


def test_split_keeps_test_digits_out_and_labels_per_class(digits):
    labelled, unlabelled, test = semi_supervised_split(digits, 3, seed=1)
    assert (
        len(labelled) == 30 and torch.bincount(labelled.labels, minlength=10).tolist() == [3] * 10
    )
    assert len(labelled) + len(unlabelled) + len(test) == len(digits)
    unseen = unseen_digits(digits)
    assert torch.equal(test.images, unseen.images), (
        "the test digits are the classifier's unseen ones"
    )
    training = torch.cat([labelled.images, unlabelled]).flatten(1)
    assert not (torch.cdist(test.images[:200].flatten(1), training) == 0).any()
    other, _, _ = semi_supervised_split(digits, 3, seed=2)
    assert not torch.equal(other.images, labelled.images), "another seed draws other labels"
    with pytest.raises(ValueError, match="labels_per_class"):
        semi_supervised_split(digits, 1000)


def test_real_fake_logit_is_logsumexp_and_the_unsupervised_loss_is_the_papers(digits):
    labelled, unlabelled, _ = semi_supervised_split(digits, 2, seed=0)
    step = _step(labelled)
    step.discriminator.eval()  # no noise: both sides see the same logits
    real, fake = unlabelled[:16], step.generator(torch.randn(16, 100)).detach()
    class_logits = step.discriminator(real)
    assert torch.allclose(step.discriminate(real, None), torch.logsumexp(class_logits, dim=1))
    unsupervised, _, _ = AdversarialStep.discriminator_loss(step, real, fake, None, None)
    log_z_real = torch.logsumexp(step.discriminator(real), dim=1)
    log_z_fake = torch.logsumexp(step.discriminator(fake), dim=1)
    softplus = nn.functional.softplus
    paper = (
        -0.5 * log_z_real.mean()
        + 0.5 * softplus(log_z_real).mean()
        + 0.5 * softplus(log_z_fake).mean()
    )
    assert torch.allclose(unsupervised, paper, atol=1e-5)


def test_discriminator_loss_adds_the_labelled_cross_entropy(digits):
    labelled, unlabelled, _ = semi_supervised_split(digits, 2, seed=0)
    step = _step(labelled)
    step.discriminator.eval()
    fake = step.generator(torch.randn(20, 100)).detach()
    torch.manual_seed(5)
    total, _, _ = step.discriminator_loss(unlabelled[:20], fake, None, None)
    unsupervised, _, _ = AdversarialStep.discriminator_loss(step, unlabelled[:20], fake, None, None)
    torch.manual_seed(5)
    index = torch.randint(len(labelled), (20,))
    supervised = nn.functional.cross_entropy(
        step.discriminator(labelled.images[index]), labelled.labels[index]
    )
    assert torch.allclose(total, unsupervised + supervised, atol=1e-5)


def test_normalised_linear_rows_have_unit_norm_or_a_learned_scale():
    layer = NormalisedLinear(5, 3)
    weight = layer.weight / layer.weight.norm(dim=1, keepdim=True)
    x = torch.randn(4, 5)
    assert torch.allclose(layer(x), x @ weight.T + layer.bias, atol=1e-6)
    scaled = NormalisedLinear(5, 3, learn_scale=True)
    assert scaled.scale.shape == (3, 1) and scaled.scale.requires_grad


def test_noise_is_on_in_training_and_off_in_evaluation():
    network = SemiSupervisedDiscriminator()
    x = torch.rand(4, 1, 28, 28) * 2 - 1
    network.eval()
    assert torch.equal(network(x), network(x))
    network.train()
    assert not torch.equal(network(x), network(x))


def test_a_short_run_learns_and_reports_both_accuracies(digits):
    run = semi_supervised_run(
        digits, labels_per_class=5, time_budget=1.0, seed=0, batch_size=50, progress=False
    )
    assert run.labels == 50 and run.updates >= len(run.history) > 0
    assert 0.2 < run.test_accuracy <= 1 and 0.1 < run.baseline_accuracy <= 1
    assert run.test_accuracy == classification_accuracy(run.step.discriminator, run.test)
    assert len(run.history["test_accuracy"]) == len(run.history)


def test_baseline_fits_its_labelled_digits(digits):
    labelled, _, _ = semi_supervised_split(digits, 2, seed=0)
    seed_everything(0)
    classifier = train_supervised(SemiSupervisedDiscriminator(), labelled, 150, 3e-3, 20)
    assert classification_accuracy(classifier, labelled) > 0.9


def test_learning_rate_decay_falls_linearly_to_zero_over_the_last_third():
    from ganhelpers import History
    from ganhelpers.gan.semi_supervised import LearningRateDecay

    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
    decay = LearningRateDecay([optimizer], seconds=30, start=2 / 3)
    history = History()
    expected = []
    for seconds, rate in ((10, 0.1), (10, 0.1), (5, 0.05), (10, 0.0)):
        history.append(epoch=len(history) + 1, seconds=seconds)
        decay(len(history), None, history)
        expected.append((optimizer.param_groups[0]["lr"], rate))
    assert all(abs(got - want) < 1e-9 for got, want in expected), expected
    with pytest.raises(ValueError):
        LearningRateDecay([optimizer], seconds=30, start=1.0)
