"""Worked answers to notebook 05's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): the mutual information between a batch's samples and the category Q reads
from them, I(c; x) = H(c) − H(c | x), estimated on the batch: H of the *average* prediction (high
when every category is used equally) minus the *average* entropy of each prediction (low when Q is
confident). It is at most log 10 ≈ 2.30 nats with 10 categories, reached when Q is sure of every
sample and the batch uses each category equally often.

Exercise 2 (question): why can this reach its maximum with a code that does not follow the digit
classes? Answer: the information only asks that c be readable from the image, not that it mean
"digit": ten styles (thick, slanted, small...) that Q tells apart score just as high. That is why
the notebook measures the code accuracy against a classifier as well.
"""

from torch import Tensor


def information(category_logits: Tensor) -> Tensor:
    probabilities = category_logits.softmax(dim=1)
    log_probabilities = category_logits.log_softmax(dim=1)
    average = probabilities.mean(dim=0)
    entropy_of_average = -(average * average.clamp_min(1e-12).log()).sum()
    average_entropy = -(probabilities * log_probabilities).sum(dim=1).mean()
    return entropy_of_average - average_entropy


ANSWERS = {"05-mutual-information": information}
