import pytest
import torch

from ganhelpers import fgsm, flip_rates, load_classifier, mnist, predicted_classes, unseen_digits


@pytest.fixture(scope="module")
def attacked_setup():
    classifier = load_classifier()
    unseen = unseen_digits(mnist(source="offline"))
    return classifier, unseen.images[:100], unseen.labels[:100]


def test_fgsm_moves_each_pixel_by_at_most_two_epsilon_within_the_pixel_range(attacked_setup):
    classifier, images, labels = attacked_setup
    attacked = fgsm(classifier, images, labels, 0.1)
    change = (attacked - images).abs()
    assert change.max() <= 0.2 + 1e-6
    assert attacked.min() >= -1 and attacked.max() <= 1
    assert (change > 0.19).float().mean() > 0.3  # most unclipped pixels move by the full 2ε
    assert torch.equal(fgsm(classifier, images, labels, 0.0), images)


def test_fgsm_raises_the_classifier_loss_and_keeps_its_mode(attacked_setup):
    classifier, images, labels = attacked_setup
    classifier.train()
    attacked = fgsm(classifier, images, labels, 0.05)
    assert classifier.training, "fgsm must restore the classifier's mode"
    classifier.eval()
    with torch.no_grad():
        clean = torch.nn.functional.cross_entropy(classifier(images), labels)
        adversarial = torch.nn.functional.cross_entropy(classifier(attacked), labels)
    assert adversarial > clean


def test_flip_rates_grow_with_epsilon(attacked_setup):
    classifier, images, labels = attacked_setup
    rates = flip_rates(classifier, images, labels, [0.0, 0.05, 0.3])
    assert rates[0.0] == 0.0
    assert rates[0.05] < rates[0.3] and rates[0.3] > 0.5
    assert (predicted_classes(classifier, images) == labels).float().mean() > 0.9


def test_fgsm_rejects_bad_arguments(attacked_setup):
    classifier, images, labels = attacked_setup
    with pytest.raises(ValueError, match="epsilon"):
        fgsm(classifier, images, labels, -0.1)
    with pytest.raises(ValueError, match="labels"):
        fgsm(classifier, images, labels[:5], 0.1)
