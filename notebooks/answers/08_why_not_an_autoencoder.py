"""Worked answers to notebook 08's exercises (run by tests/test_exercises.py).

Exercise 1 (fill in): the KL divergence between the encoder's Gaussian N(μ, σ²) and the prior
N(0, I), per latent dimension ½(μ² + σ² − 1 − log σ²) with σ² = exp(log σ²), summed over the
dimensions and the batch (Kingma & Welling 2014, appendix B). It is 0 only when μ = 0 and σ = 1.

Exercise 2 (question): what happens to the VAE's samples if this term is weighted far more
(β-VAE, Higgins et al. 2017)? Answer: the codes are pushed closer to the prior, so random codes
decode to more plausible images, but each code carries less about its image and reconstructions
and samples blur further: the trade-off between a usable prior and detail. (The course's
`VariationalAutoencoder` has no weight; add one by overriding `loss`.)
"""

from torch import Tensor


def gaussian_kl(mean: Tensor, log_variance: Tensor) -> Tensor:
    variance = log_variance.exp()
    return 0.5 * (mean**2 + variance - 1 - log_variance).sum()


ANSWERS = {"08-vae-kl": gaussian_kl}
