"""Quality measures computed from samples."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from .arguments import checked_arguments
from .config import device_of
from .errors import ArgumentError
from .validation import check_tensor


def _check_points(points: Tensor) -> None:
    if points.ndim != 2 or points.shape[1] != 2:
        raise ArgumentError(f"expected points of shape (n, 2), got {tuple(points.shape)}")


def wasserstein_1d(a: Tensor, b: Tensor) -> float:
    """1-D Wasserstein-1 distance of two equally sized samples: the mean gap of sorted values."""
    if a.ndim != 1 or a.shape != b.shape:
        raise ArgumentError(
            f"need two 1-D samples of equal size, got {tuple(a.shape)}, {tuple(b.shape)}"
        )
    return (a.sort().values - b.sort().values).abs().mean().item()


@checked_arguments
def sine_metrics(
    points: Tensor, reference: Tensor | None = None, bins: int = 32
) -> dict[str, float]:
    """How well 2-D points follow x2 = sin(x1) with x1 uniform on [0, 2π].

    ``sine_error``: mean |x2 − sin x1|; ``in_range``: share of x1 inside [0, 2π];
    ``coverage``: share of ``bins`` equal bins of [0, 2π] holding at least one point; with a
    ``reference`` sample of real points of the same size, ``wasserstein_x1``: the 1-D
    Wasserstein distance between generated and real x1.
    """
    _check_points(points)
    if bins < 1:
        raise ArgumentError(f"bins must be >= 1, got {bins}")
    points = points.detach().float().cpu()
    x1, x2 = points[:, 0], points[:, 1]
    inside = (x1 >= 0) & (x1 <= 2 * math.pi)
    bin_index = (x1[inside] / (2 * math.pi) * bins).long().clamp(max=bins - 1)
    result = {
        "sine_error": (x2 - torch.sin(x1)).abs().mean().item(),
        "in_range": inside.float().mean().item(),
        "coverage": bin_index.unique().numel() / bins,
    }
    if reference is not None:
        _check_points(reference)
        result["wasserstein_x1"] = wasserstein_1d(x1, reference[:, 0].detach().float().cpu())
    return result


@checked_arguments
def mean_image_distance(generated: Tensor, real: Tensor) -> float:
    """Root-mean-square difference between the average generated and the average real image:
    a crude first check that a generator learned where digits put ink."""
    if generated.shape[1:] != real.shape[1:]:
        raise ArgumentError(
            f"image shapes differ: {tuple(generated.shape[1:])} vs {tuple(real.shape[1:])}"
        )
    difference = generated.detach().float().cpu().mean(0) - real.detach().float().cpu().mean(0)
    return difference.pow(2).mean().sqrt().item()


@checked_arguments
def sharpness(images: Tensor) -> float:
    """Root mean square of the differences between neighbouring pixels, horizontally and
    vertically, in the images' own units. Blurring spreads an edge's rise over several pixels,
    which lowers the sum of squared steps (a mean *absolute* difference would not notice: it
    stays the same when one edge is smoothed). Blurred images score lower than real digits."""
    check_tensor(images, "images", kind="float")
    if images.ndim < 3 or min(images.shape[-2:]) < 2:
        raise ArgumentError(f"images must be (..., height, width), got {tuple(images.shape)}")
    horizontal = (images[..., :, 1:] - images[..., :, :-1]).pow(2).mean()
    vertical = (images[..., 1:, :] - images[..., :-1, :]).pow(2).mean()
    return float(((horizontal + vertical) / 2).sqrt())


@checked_arguments
def sample_spread(generated: Tensor) -> float:
    """Mean per-pixel standard deviation across a batch: 0 when every input gives the same image."""
    if len(generated) < 2:
        raise ArgumentError(f"the spread needs at least 2 images, got {len(generated)}")
    return generated.detach().float().std(dim=0).mean().item()


@checked_arguments
def class_separation(images: Tensor, labels: Tensor) -> float:
    """Mean RMS distance between the average images of each pair of classes: near 0 when a
    conditional generator ignores its label."""
    check_tensor(images, "images", kind="float")
    check_tensor(labels, "labels", ndim=1, kind="index", length=len(images))
    images, labels = images.detach().float().cpu(), labels.cpu()
    means = torch.stack([images[labels == c].mean(0).flatten() for c in labels.unique()])
    distances = torch.cdist(means, means) / math.sqrt(means.shape[1])
    n = len(means)
    if n < 2:
        raise ArgumentError("need images of at least two classes")
    return (distances.sum() / (n * (n - 1))).item()


@checked_arguments
def class_counts(groups: Tensor, predicted: Tensor, n_classes: int = 10) -> Tensor:
    """``counts[g, c]``: how many samples of group ``g`` (a requested label, a code value) the
    classifier predicts as class ``c``."""
    check_tensor(groups, "groups", ndim=1, kind="index")
    check_tensor(predicted, "predicted", ndim=1, kind="index")
    if len(groups) != len(predicted):
        raise ArgumentError(f"{len(groups)} groups but {len(predicted)} predictions")
    if not 0 <= predicted.max().item() < n_classes:
        raise ArgumentError(f"predicted classes must be < n_classes={n_classes}")
    groups, predicted = groups.cpu().long(), predicted.cpu().long()
    counts = torch.zeros(int(groups.max()) + 1, n_classes, dtype=torch.long)
    counts.index_put_((groups, predicted), torch.ones_like(groups), accumulate=True)
    return counts


@checked_arguments
def code_accuracy(codes: Tensor, predicted: Tensor, n_classes: int = 10) -> dict[str, object]:
    """How well a categorical code separates classes, given each sample's code and predicted class.

    ``majority``: map each code value to the class most of its samples are predicted as (several
    codes may share a class) and count matches; ``one_to_one``: the best one-to-one mapping of
    code values to classes (Hungarian algorithm), which a code that merges classes cannot game.
    """
    from scipy.optimize import linear_sum_assignment

    if n_classes < 1:
        raise ArgumentError(f"n_classes must be >= 1, got {n_classes}")
    counts = class_counts(codes, predicted, n_classes)
    rows, columns = linear_sum_assignment(counts.numpy(), maximize=True)
    return {
        "majority": counts.max(dim=1).values.sum().item() / len(codes),
        "one_to_one": counts[rows, columns].sum().item() / len(codes),
        "majority_mapping": {c: int(counts[c].argmax()) for c in range(len(counts))},
        "one_to_one_mapping": {int(r): int(c) for r, c in zip(rows, columns)},
    }


class ClassifierFeatures(nn.Module):
    """A classifier's penultimate features, as a feature extractor for torchmetrics' FID."""

    def __init__(self, classifier: nn.Module) -> None:
        super().__init__()
        self.classifier = classifier.eval()
        self.num_features = classifier.num_features

    def forward(self, images: Tensor) -> Tensor:
        with torch.no_grad():
            return self.classifier.body(images)


def frechet_distance(
    real: Tensor, generated: Tensor, classifier: nn.Module, batch_size: int = 1000
) -> float:
    """Fréchet distance between the classifier features of two image sets ("FID with an MNIST
    classifier"), computed by torchmetrics. It depends on the classifier and the sample
    sizes: compare only numbers measured the same way, next to the real-vs-real floor."""
    from torchmetrics.image.fid import FrechetInceptionDistance

    device = device_of(classifier)
    # torchmetrics accumulates and compares the features in float64 itself; its set_dtype would
    # also convert (and so change) the classifier.
    metric = FrechetInceptionDistance(feature=ClassifierFeatures(classifier)).to(device)
    for images, is_real in ((real, True), (generated, False)):
        for i in range(0, len(images), batch_size):
            metric.update(images[i : i + batch_size].to(device), real=is_real)
    return float(metric.compute())


def class_coverage(probabilities: Tensor, threshold: float = 0.05) -> dict[str, object]:
    """From classifier probabilities of generated digits: the predicted-class histogram (shares),
    how many classes get at least ``threshold`` of the samples, and the classifier score
    exp(E_x KL(p(y|x) || p(y))) (the Inception Score with an MNIST classifier; at most 10)."""
    probabilities = probabilities.double()
    shares = torch.bincount(probabilities.argmax(1), minlength=probabilities.shape[1]).double()
    shares /= len(probabilities)
    marginal = probabilities.mean(0, keepdim=True)
    log_ratio = probabilities.clamp_min(1e-12).log() - marginal.clamp_min(1e-12).log()
    kl = (probabilities * log_ratio).sum(1)
    return {
        "histogram": shares.tolist(),
        "classes_covered": int((shares >= threshold).sum()),
        "classifier_score": kl.mean().exp().item(),
    }


def label_accuracy(predicted: Tensor, requested: Tensor) -> float:
    """Share of conditional samples the classifier assigns to the label they were generated for."""
    return (predicted.cpu() == requested.cpu()).float().mean().item()


def mode_coverage(points: Tensor, centres: Tensor, std: float) -> dict[str, float]:
    """The mode-collapse measures of VEEGAN and PacGAN for a 2-D Gaussian mixture: a point is
    *high quality* when it lies within 3 ``std`` of its nearest centre; a mode is *covered* when
    it is the nearest centre of at least one high-quality point (use 2,500 points).

    ``modes_covered`` (0 … number of centres) and ``high_quality`` (share of points, 0 … 1).
    """
    _check_points(points)
    distances = torch.cdist(points.detach().float().cpu(), centres.float())
    nearest_distance, nearest = distances.min(dim=1)
    good = nearest_distance <= 3 * std
    return {
        "modes_covered": float(nearest[good].unique().numel()),
        "high_quality": good.float().mean().item(),
    }


@checked_arguments
def nearest_neighbours(queries: Tensor, reference: Tensor, k: int = 1) -> tuple[Tensor, Tensor]:
    """For each query image, its ``k`` nearest ``reference`` images in pixel space:
    ``(distances, indices)``, each ``(len(queries), k)``, nearest first. A distance is the
    root-mean-square pixel difference (0: identical; images in [−1, 1]). The memorisation check:
    generated images far nearer to the training images than held-out real ones are copies."""
    if queries.shape[1:] != reference.shape[1:]:
        raise ArgumentError(
            f"queries {tuple(queries.shape[1:])} and reference {tuple(reference.shape[1:])} "
            "differ in image shape"
        )
    if not 0 < k <= len(reference):
        raise ArgumentError(f"k must be in [1, {len(reference)}], got {k}")
    flat_reference = reference.flatten(1).double()
    squared_reference = flat_reference.pow(2).sum(1)
    distances, indices = [], []
    for chunk in queries.flatten(1).double().split(512):
        squared = (
            chunk.pow(2).sum(1, keepdim=True) + squared_reference - 2 * chunk @ flat_reference.T
        )
        values, index = squared.clamp_min(0).topk(k, dim=1, largest=False)
        distances.append(values.div(flat_reference.shape[1]).sqrt().float())
        indices.append(index)
    return torch.cat(distances), torch.cat(indices)
