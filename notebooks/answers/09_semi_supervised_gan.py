"""Worked answers to notebook 09's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): D's real/fake logit from its K class logits ℓ_k. With "fake" as a (K+1)-th
class whose logit is fixed at 0, p(real | x) = Z / (Z + 1) with Z = Σ_k exp(ℓ_k), which is σ(log Z):
the logit is log Z = logsumexp(ℓ), computed stably by `torch.logsumexp`.

Exercise 2 (question): why can the (K+1)-th logit be fixed at 0? Answer: adding the same constant
to every logit leaves a softmax unchanged, so one of K + 1 logits is redundant; fixing it at 0
costs nothing and leaves exactly K outputs, those of an ordinary classifier.
"""

import torch
from torch import Tensor


def real_fake_logit(class_logits: Tensor) -> Tensor:
    return torch.logsumexp(class_logits, dim=1)


ANSWERS = {"09-real-fake-logit": real_fake_logit}
