"""Worked answers to notebook 02's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): the exponential moving average of G's weights (Yazici et al. 2019). Each
update keeps `decay` of the old average and mixes in 1 − decay of the current weights:
average ← decay · average + (1 − decay) · current, which is `average.lerp(current, 1 − decay)`.
With decay 0.999 the average remembers roughly the last 1/(1 − decay) = 1,000 updates.

Exercise 2 (question): why does the average draw better digits than G itself? Answer: the game
makes G's weights circle around a good point rather than settle on it; the average sits nearer
the centre of that orbit. It is never trained itself, so it costs one mix per update and nothing
in the game changes.
"""

from torch import Tensor


def weight_average(average: Tensor, current: Tensor, decay: float) -> Tensor:
    return decay * average + (1 - decay) * current


ANSWERS = {"02-weight-average": weight_average}
