"""Image quality of a generator, measured offline with the committed MNIST classifier: a
Fréchet distance on its features, class coverage, the classifier score and, for conditional
generators, label accuracy. ``DigitQuality`` plugs into ``MetricLogger``."""

from __future__ import annotations

import torch
from torch import Tensor

from ..gan.step import AdversarialStep
from ..gan.variants import InfoGANStep
from .arguments import checked_arguments
from .classifier import DigitClassifier, classifier_split, load_classifier
from .config import device_of
from .data import Digits
from .metrics import class_coverage, frechet_distance, label_accuracy
from .validation import as_count


@checked_arguments
class DigitQuality:
    """Measures ``samples`` generated digits (always from the same latent batch) against
    ``reference`` real digits. The real-vs-real floor compares digits the classifier never saw
    with the same reference, at the same sample size."""

    def __init__(
        self,
        digits: Digits,
        classifier: DigitClassifier | None = None,
        samples: int = 1000,
        reference: int = 2000,
        conditional: bool = False,
        seed: int = 0,
    ) -> None:
        self.classifier = classifier if classifier is not None else load_classifier()
        train, held_out = classifier_split(len(digits))
        self.reference = digits.images[train[:reference].to(digits.images.device)].cpu()
        self.held_out = digits.images[held_out[:samples].to(digits.images.device)].cpu()
        samples = as_count(samples, "samples")
        self.samples, self.conditional, self.seed = samples, conditional, seed
        self.labels = torch.arange(samples) % 10 if conditional else None
        self._latent: Tensor | None = None

    def real_floor(self) -> float:
        """The Fréchet distance of real, unseen digits to the reference: the best reachable."""
        return frechet_distance(self.reference, self.held_out, self.classifier)

    def generate(self, step: AdversarialStep) -> Tensor:
        device = device_of(step.generator)
        if self._latent is None:  # drawn once, without disturbing the training's random stream
            with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
                torch.manual_seed(self.seed)
                self._latent = step.sample_latent(self.samples, device)
        labels = self.labels.to(device) if self.labels is not None else None
        return step.sample(self._latent, labels).cpu()

    def measure(self, images: Tensor, probabilities: Tensor | None = None) -> dict[str, float]:
        """FID against the reference, classes covered and classifier score of any ``images``
        (``probabilities``: the classifier's on them, when already computed)."""
        if probabilities is None:
            probabilities = self.classifier.predict_proba(images)
        coverage = class_coverage(probabilities)
        return {
            "fid": frechet_distance(self.reference, images, self.classifier),
            "classes_covered": float(coverage["classes_covered"]),
            "classifier_score": coverage["classifier_score"],
        }

    def calibration(self) -> dict[str, dict[str, float]]:
        """The measures of reference image sets that show what the numbers mean: unseen real
        digits (the floor), the same digits blurred (what minimising a pixel distance tends to
        give), real digits of one class only (a generator collapsed onto one mode), and copies of
        the average digit (the blurriest average of all)."""
        real = self.held_out
        blur = torch.tensor([1.0, 4.0, 6.0, 4.0, 1.0])
        kernel = (blur[:, None] * blur[None, :] / 256).view(1, 1, 5, 5)
        blurred = torch.nn.functional.conv2d(real + 1, kernel, padding=2) - 1
        ones = self.classifier.predict(real) == 1
        one_class = real[ones].repeat(len(real) // int(ones.sum()) + 1, 1, 1, 1)[: len(real)]
        average = real.mean(dim=0, keepdim=True).expand_as(real).contiguous()
        sets = {
            "real, unseen": real,
            "real, blurred (5×5 binomial)": blurred,
            "real, one class only (1)": one_class,
            "the average digit, repeated": average,
        }
        return {name: self.measure(images) for name, images in sets.items()}

    def __call__(self, step: AdversarialStep) -> dict[str, float]:
        generated = self.generate(step)
        probabilities = self.classifier.predict_proba(generated)
        result = self.measure(generated, probabilities)
        if self.conditional:
            result["label_accuracy"] = label_accuracy(probabilities.argmax(1), self.labels)
        return result


@checked_arguments
def classified_codes(
    step: InfoGANStep, classifier: DigitClassifier, per_code: int = 1000
) -> tuple[Tensor, Tensor]:
    """InfoGAN's categorical code against what the classifier reads: ``(codes, predicted)`` for
    ``per_code`` samples of each code value, noise and continuous codes drawn afresh (from the
    global random stream), generated in chunks of 1,000. Feed both to ``code_accuracy``."""
    per_code = as_count(per_code, "per_code")
    codes = torch.arange(step.n_categories).repeat_interleave(per_code)
    noise, _, continuous = step.split_latent(step.sample_latent(len(codes), "cpu"))
    device = device_of(step.generator)
    samples = torch.cat(
        [
            step.sample(chunk.to(device)).cpu()
            for chunk in step.latent(noise, codes, continuous).split(1000)
        ]
    )
    return codes, classifier.predict(samples)
