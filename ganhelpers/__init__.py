"""ganhelpers: the plumbing behind the GAN notebooks (data, models, training, pictures).

How the GAN family is built: ``train.AdversarialStep`` is the GAN update (D, then G), readable on
one screen. Every variant and technique that changes *how the players are scored or what they
see* is a subclass that overrides just that: ``discriminator_loss`` / ``generator_loss`` (WGAN-GP,
InfoGAN, label smoothing, feature matching, historical averaging) or ``sample_latent`` /
``generate`` / ``discriminate`` (cGAN, InfoGAN's codes); see ``steps.py`` and
``techniques.py``. A technique that changes a *network* is a layer (``layers.py``: minibatch
discrimination, virtual batch norm, PacGAN). Subclasses read best in a course: each shows the few
lines its paper changes and nothing else.
"""

from .callbacks import DiscriminatorMap, DiscriminatorOverfitting, MetricLogger, Snapshots
from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .config import fast_mode, output_dir, pick, seed_everything, select_device
from .data import Digits, mnist, offline_mnist_sample, sine_dataset, write_mnist_idx
from .history import History
from .train import AdversarialStep, TrainingDiverged, adam, train_gan

__all__ = [
    "AdversarialStep",
    "CheckpointError",
    "Digits",
    "DiscriminatorMap",
    "DiscriminatorOverfitting",
    "History",
    "MetricLogger",
    "Snapshots",
    "TrainingDiverged",
    "fast_mode",
    "load_checkpoint",
    "mnist",
    "offline_mnist_sample",
    "output_dir",
    "pick",
    "save_checkpoint",
    "seed_everything",
    "select_device",
    "sine_dataset",
    "adam",
    "train_gan",
    "write_mnist_idx",
]
