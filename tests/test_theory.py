import math

import pytest
import torch

from ganhelpers import theory


def test_jsd_is_zero_for_equal_and_log2_for_disjoint_gaussians():
    assert theory.js_divergence_gaussians(0, 1, 0, 1) == pytest.approx(0, abs=1e-9)
    assert theory.js_divergence_gaussians(0, 0.1, 50, 0.1) == pytest.approx(math.log(2), abs=1e-6)


@pytest.mark.parametrize("shift", [0.0, 0.5, 2.0, 6.0])
def test_value_at_optimal_discriminator_is_minus_log4_plus_twice_jsd(shift):
    value = theory.value_at_optimal_discriminator(0, 1, shift, 1.5)
    jsd = theory.js_divergence_gaussians(0, 1, shift, 1.5)
    assert value == pytest.approx(-theory.LOG_4 + 2 * jsd, abs=1e-6)


def test_optimal_discriminator_is_one_half_where_densities_agree():
    d = theory.optimal_discriminator(torch.tensor([0.2, 0.3, 0.0]), torch.tensor([0.2, 0.1, 0.4]))
    assert d.tolist() == pytest.approx([0.5, 0.75, 0.0])


def test_discriminative_and_generative_classifiers_both_classify():
    points, labels = theory.two_class_blobs(300, generator=torch.Generator().manual_seed(0))
    assert points.shape == (600, 2) and labels.bincount().tolist() == [300, 300]
    logistic = theory.LogisticRegression.fit(points, labels)
    gaussians = theory.ClassGaussians.fit(points, labels)
    for model in (logistic, gaussians):
        accuracy = ((model.probability(points) > 0.5).long() == labels).float().mean()
        assert accuracy > 0.9


def test_generative_model_samples_look_like_its_classes():
    points, labels = theory.two_class_blobs(500, generator=torch.Generator().manual_seed(0))
    gaussians = theory.ClassGaussians.fit(points, labels)
    new_points, new_labels = gaussians.sample(4000, generator=torch.Generator().manual_seed(1))
    for c in (0, 1):
        torch.testing.assert_close(
            new_points[new_labels == c].mean(0), points[labels == c].mean(0), atol=0.1, rtol=0
        )
    assert new_labels.float().mean().item() == pytest.approx(0.5, abs=0.05)


def test_saturating_gradient_vanishes_where_non_saturating_does_not():
    grads = theory.generator_loss_gradients(torch.tensor([0.001, 0.5, 0.999]))
    assert grads["saturating"].abs()[0] < 0.01
    assert grads["non_saturating"].abs()[0] > 0.99
    torch.testing.assert_close(
        grads["saturating"], -torch.tensor([0.001, 0.5, 0.999]), atol=1e-4, rtol=0
    )


def test_two_class_blobs_can_share_one_covariance():
    generator = torch.Generator().manual_seed(0)
    points, labels = theory.two_class_blobs(4000, generator=generator, same_covariance=True)
    first, second = (torch.cov(points[labels == k].T) for k in (0, 1))
    assert torch.allclose(first, second, atol=0.08)
    points, labels = theory.two_class_blobs(4000, generator=generator)
    first, second = (torch.cov(points[labels == k].T) for k in (0, 1))
    assert not torch.allclose(first, second, atol=0.08)
