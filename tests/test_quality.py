import numpy as np
import pytest
import torch
from scipy.linalg import sqrtm
from torch import nn

from ganhelpers import AdversarialStep, offline_mnist_sample
from ganhelpers.course.classifier import load_classifier
from ganhelpers.course.metrics import class_coverage, frechet_distance, label_accuracy
from ganhelpers.course.quality import DigitQuality
from ganhelpers.gan.models import ConditionalGenerator, DCGANGenerator
from ganhelpers.gan.variants import ConditionalStep


class IdentityFeatures(nn.Module):
    """Stands in for the classifier: its "features" are the inputs themselves."""

    num_features = 2

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Identity()
        self.unused = nn.Parameter(torch.zeros(1))


def test_frechet_distance_matches_the_closed_form_for_two_gaussians():
    generator = torch.Generator().manual_seed(0)
    mean_a, cov_a = np.array([0.0, 0.0]), np.array([[1.0, 0.0], [0.0, 4.0]])
    mean_b, cov_b = np.array([1.0, 2.0]), np.array([[2.0, 0.5], [0.5, 1.0]])

    def sample(mean, cov, n=200_000):
        noise = torch.randn(n, 2, generator=generator, dtype=torch.float64)
        return (
            noise @ torch.from_numpy(np.linalg.cholesky(cov)).T + torch.from_numpy(mean)
        ).float()

    expected = np.sum((mean_a - mean_b) ** 2) + np.trace(
        cov_a + cov_b - 2 * sqrtm(cov_a @ cov_b).real
    )
    measured = frechet_distance(sample(mean_a, cov_a), sample(mean_b, cov_b), IdentityFeatures())
    assert measured == pytest.approx(expected, rel=0.02)
    same = frechet_distance(sample(mean_a, cov_a), sample(mean_a, cov_a), IdentityFeatures())
    assert same < 0.01


def test_class_coverage_and_score():
    one_hot = torch.eye(10).repeat(10, 1)  # confident and balanced: score 10, all covered
    result = class_coverage(one_hot)
    assert result["classes_covered"] == 10 and result["classifier_score"] == pytest.approx(10)
    collapsed = torch.eye(10)[torch.zeros(100, dtype=torch.long)]
    result = class_coverage(collapsed)
    assert result["classes_covered"] == 1 and result["classifier_score"] == pytest.approx(1)
    assert result["histogram"][0] == 1.0
    unsure = torch.full((50, 10), 0.1)
    assert class_coverage(unsure)["classifier_score"] == pytest.approx(1)
    assert label_accuracy(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4])) == pytest.approx(2 / 3)


def test_committed_classifier_recognises_held_out_digits():
    classifier = load_classifier()
    assert classifier.held_out_accuracy >= 0.97
    quality = DigitQuality(offline_mnist_sample(), classifier)
    predicted = classifier.predict(quality.held_out)
    digits = offline_mnist_sample()
    from ganhelpers.course.classifier import split_indices

    _, held_out = split_indices(len(digits), 0.2, 0)
    assert (predicted == digits.labels[held_out[:1000]]).float().mean() > 0.97


def test_quality_of_an_untrained_generator_is_far_worse_than_real_digits():
    torch.manual_seed(0)
    quality = DigitQuality(offline_mnist_sample(), samples=300, reference=600)
    floor = quality.real_floor()
    step = AdversarialStep(DCGANGenerator(16, 8), nn.Linear(1, 1), None, None)
    state = torch.get_rng_state()
    result = quality(step)
    assert torch.equal(state, torch.get_rng_state())  # measuring does not disturb training
    assert result["fid"] > 10 * floor
    assert 1 <= result["classes_covered"] <= 10
    assert quality(step)["fid"] == pytest.approx(result["fid"])  # same latent batch each time


def test_conditional_quality_reports_label_accuracy():
    torch.manual_seed(0)
    quality = DigitQuality(offline_mnist_sample(), samples=200, reference=400, conditional=True)
    step = ConditionalStep(ConditionalGenerator(16, width=8), nn.Linear(1, 1), None, None)
    result = quality(step)
    assert 0 <= result["label_accuracy"] <= 1
    assert quality.labels.bincount().tolist() == [20] * 10


def test_calibration_orders_the_reference_sets_from_real_to_average():
    quality = DigitQuality(offline_mnist_sample(), samples=300, reference=600)
    figures = quality.calibration()
    real, blurred, one_class, average = (figures[name]["fid"] for name in figures)
    assert real == pytest.approx(quality.real_floor())
    assert real < blurred and real < one_class < average
    assert figures["real, one class only (1)"]["classes_covered"] == 1
    assert figures["real, unseen"]["classes_covered"] == 10
    assert figures["the average digit, repeated"]["classifier_score"] == pytest.approx(1, abs=1e-6)
