"""k-means clusters of images, the unsupervised pseudo-labels of a self-conditioned GAN."""

from __future__ import annotations

import torch
from torch import Tensor

from ..course.arguments import checked_arguments
from ..course.data import Digits
from ..course.errors import ArgumentError
from ..course.validation import check_tensor


@checked_arguments
def kmeans(
    points: Tensor, k: int, restarts: int = 5, iterations: int = 40, seed: int = 0
) -> Tensor:
    """The cluster index of each of ``points`` (N, d) by Lloyd's k-means: centres start at k
    random points, each restart runs ``iterations`` rounds, and the restart with the smallest
    sum of squared distances wins. A cluster left empty keeps its previous centre."""
    check_tensor(points, "points", kind="float")
    if points.ndim < 2:
        raise ArgumentError(f"points must be (N, d) rows, got shape {tuple(points.shape)}")
    if not isinstance(k, int) or not 0 < k <= len(points):
        raise ArgumentError(f"k must be an int in [1, {len(points)}], got {k!r}")
    if restarts < 1 or iterations < 1:
        raise ArgumentError(f"restarts and iterations must be >= 1, got {restarts}, {iterations}")
    points = points.flatten(1).float()
    generator = torch.Generator().manual_seed(seed)
    best_inertia, best = float("inf"), torch.zeros(len(points), dtype=torch.long)
    for _ in range(restarts):
        centres = points[torch.randperm(len(points), generator=generator)[:k].to(points.device)]
        for _ in range(iterations):
            assignment = torch.cdist(points, centres).argmin(dim=1)
            counts = torch.bincount(assignment, minlength=k)
            sums = torch.zeros_like(centres).index_add_(0, assignment, points)
            filled = counts > 0
            centres[filled] = sums[filled] / counts[filled, None]
        distances, nearest = torch.cdist(points, centres).min(dim=1)
        inertia = distances.pow(2).sum().item()
        if inertia < best_inertia:
            best_inertia, best = inertia, nearest
    return best


@checked_arguments
def cluster_digits(digits: Digits, k: int, seed: int = 0) -> Digits:
    """``digits`` with their labels replaced by k-means clusters of their pixels: the labels a
    self-conditioned GAN trains on. The true labels are not used."""
    clusters = kmeans(digits.images, k, seed=seed).to(digits.labels.device)
    return Digits(digits.images, clusters, f"{digits.source}, labels: {k} k-means clusters")


@checked_arguments
def cluster_shares(labels: Tensor, k: int) -> Tensor:
    """The share of the data in each of ``k`` clusters (sums to 1)."""
    check_tensor(labels, "labels", ndim=1, kind="index")
    if k < 1 or labels.max().item() >= k:
        raise ArgumentError(f"k must be > every label (largest {labels.max().item()}), got {k}")
    counts = torch.bincount(labels.cpu(), minlength=k).float()
    return counts / counts.sum()


@checked_arguments
def cluster_purity(clusters: Tensor, classes: Tensor) -> float:
    """The share of points whose class is their cluster's most common one: 1 when every
    cluster holds one class only (a measure for the learner; training never sees ``classes``)."""
    check_tensor(clusters, "clusters", ndim=1, kind="index")
    check_tensor(classes, "classes", ndim=1, kind="index", length=len(clusters))
    clusters, classes = clusters.cpu(), classes.cpu()
    majority = sum(
        int(torch.bincount(classes[clusters == c]).max()) for c in clusters.unique().tolist()
    )
    return majority / len(clusters)
