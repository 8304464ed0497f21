"""Worked answers to notebook 07's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): flatten each image to a vector, take the root of the mean squared
difference over the pixels between every query and every reference image (`torch.cdist` gives
the Euclidean distance; divide by √pixels to make it a root mean square), and keep the smallest
per query.

Exercise 2 (question): why compare the generated images' nearest distances with those of
held-out real images, rather than with a fixed threshold? Answer: how close two different real
images come depends on the data set (crops of one photograph are close to each other); held-out
images show how near a *new* image from the same source comes to the training set, so a
generator far nearer than that is copying.
"""

import torch
from torch import Tensor


def nearest_distance(queries: Tensor, reference: Tensor) -> Tensor:
    pixels = queries[0].numel()
    distances = torch.cdist(queries.flatten(1).double(), reference.flatten(1).double())
    return (distances / pixels**0.5).min(dim=1).values.float()


ANSWERS = {"07-nearest-distance": nearest_distance}
