"""Adversarial examples: the fast gradient sign method (Goodfellow, Shlens & Szegedy 2015,
"Explaining and harnessing adversarial examples"), which nudges every pixel of an image by ±ε in
the direction that raises a classifier's loss. Notebook 00 uses it on the committed MNIST
classifier, before the generator replaces hand-made perturbations."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from ..course.arguments import checked_arguments
from ..course.classifier import predicted_classes
from ..course.errors import ArgumentError
from ..course.validation import check_tensor


@checked_arguments
def fgsm(classifier: nn.Module, images: Tensor, labels: Tensor, epsilon: float) -> Tensor:
    """x' = clip(x + ε·sign(∇ₓ CE(classifier(x), y))) for images in [-1, 1].

    ``epsilon`` is in units of [0, 1] pixels, the convention of the paper and most MNIST
    results: on the course's [-1, 1] images each pixel moves by 2ε. The classifier is used in
    evaluation mode (no dropout) and left unchanged."""
    if epsilon < 0:
        raise ArgumentError(f"epsilon must be >= 0 (a fraction of the pixel range), got {epsilon}")
    _check_batch(images, labels)
    was_training = classifier.training
    classifier.eval()
    try:
        x = images.detach().clone().requires_grad_(True)
        loss = nn.functional.cross_entropy(classifier(x), labels)
        (gradient,) = torch.autograd.grad(loss, x)
    finally:
        classifier.train(was_training)
    return (images + 2 * epsilon * gradient.sign()).clamp(-1, 1).detach()


@checked_arguments
def flip_rates(
    classifier: nn.Module, images: Tensor, labels: Tensor, epsilons: list[float]
) -> dict[float, float]:
    """For each ε, the share of the correctly classified ``images`` whose predicted class changes
    under the FGSM perturbation of size ε."""
    _check_batch(images, labels)
    correct = predicted_classes(classifier, images) == labels
    if not correct.any():
        raise ArgumentError(
            "the classifier gets none of the images right, so no prediction can flip: "
            "give images it classifies correctly (a trained classifier, e.g. gh.load_classifier())"
        )
    images, labels = images[correct], labels[correct]
    rates = {}
    for epsilon in epsilons:
        attacked = fgsm(classifier, images, labels, epsilon)
        rates[epsilon] = (predicted_classes(classifier, attacked) != labels).float().mean().item()
    return rates


def _check_batch(images: Tensor, labels: Tensor) -> None:
    check_tensor(images, "images", ndim=4, kind="float")
    check_tensor(labels, "labels", ndim=1, kind="index", length=len(images))
