"""ganhelpers: the plumbing behind the GAN notebooks (data, models, training, pictures)."""

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
