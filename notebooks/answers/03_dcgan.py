"""Worked answers to notebook 03's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): a convolution maps size n to (n + 2·padding − kernel) // stride + 1; a
transposed convolution is its reverse: (n − 1)·stride − 2·padding + kernel. With the DCGAN's
kernel 4, stride 2 and padding 1 that is exactly 2n, so 7 → 14 → 28.

Exercise 2 (question): why kernel 4 with stride 2 rather than kernel 3? Answer: with stride 2
each output pixel should receive contributions from the same number of input pixels; a kernel
size divisible by the stride gives that, a kernel of 3 overlaps unevenly and leaves the
checkerboard artefacts Odena, Dumoulin & Olah (2016) describe.
"""


def upsampled_size(size: int, kernel: int, stride: int, padding: int) -> int:
    return (size - 1) * stride - 2 * padding + kernel


ANSWERS = {"03-upsampled-size": upsampled_size}
