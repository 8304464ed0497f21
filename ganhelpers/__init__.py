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

from . import theory
from .adversarial import fgsm, flip_rates
from .augment import RandomAffine, RandomTranslation
from .autoencoders import (
    Autoencoder,
    VariationalAutoencoder,
    sample_autoencoder,
    train_autoencoder,
)
from .averaging import GeneratorAverage
from .callbacks import DiscriminatorMap, DiscriminatorOverfitting, MetricLogger, Snapshots
from .checkpoint import (
    CheckpointError,
    checkpoint_history,
    load_checkpoint,
    load_sampling_generator,
    save_checkpoint,
)
from .classifier import load_classifier, predicted_classes, unseen_digits
from .clustering import cluster_digits, cluster_purity, cluster_shares, kmeans
from .collapse import TECHNIQUES, compare_techniques, mixture_run, technique_step
from .config import fast_mode, output_dir, pick, seed_everything, select_device
from .data import (
    Digits,
    grid_mixture,
    mnist,
    offline_mnist_sample,
    ring_mixture,
    sine_dataset,
    write_mnist_idx,
)
from .history import History
from .images import image_folder, images_from_array, write_photo_crops
from .latent import interpolate
from .layers import MinibatchDiscrimination, PackedDiscriminator, ReferenceBatch, VirtualBatchNorm
from .metrics import (
    class_counts,
    class_separation,
    code_accuracy,
    mean_image_distance,
    nearest_neighbours,
    sample_spread,
    sharpness,
    sine_metrics,
)
from .models import (
    ConditionalDiscriminator,
    ConditionalGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    InfoGANDiscriminator,
    MLPDiscriminator,
    MLPGenerator,
    SineDiscriminator,
    SineGenerator,
)
from .modes import evaluating
from .quality import DigitQuality
from .recipes import IMPROVED_RECIPE, SEED_RECIPE, MLPRecipe
from .regularizers import ParameterAverage, feature_matching_loss, gradient_penalty
from .report import ablation_summary, generator_summary, measured_summary, mode_collapse_summary
from .results import read_results, write_results
from .self_conditioning import (
    ProjectionDiscriminator,
    SelfConditionedGenerator,
    SelfConditionedStep,
)
from .semi_supervised import (
    NormalisedLinear,
    SemiSupervisedDiscriminator,
    SemiSupervisedGenerator,
    SemiSupervisedStep,
    classification_accuracy,
    semi_supervised_run,
    semi_supervised_split,
    train_supervised,
)
from .sentences import (
    autoencoder_summary,
    fgsm_summary,
    own_images_summary,
    pretraining_summary,
    semi_supervised_summary,
    sine_summary,
)
from .steps import ConditionalStep, InfoGANStep, WassersteinStep, code_information
from .techniques import FeatureMatchingStep, HistoricalAveragingStep, LabelSmoothingStep
from .train import AdversarialStep, TrainingDiverged, adam, train_gan
from .viz import (
    display_gif,
    evenly_spaced,
    grid_frames,
    image_grid,
    metrics_table,
    plot_class_counts,
    plot_history,
    plot_mixture_runs,
    points_frame,
    results_table,
    save_animation,
    show_images,
    show_source,
    summary_table,
)
from .widgets import digit_controls, infogan_controls, interpolation_controls

__all__ = [
    "cluster_digits",
    "cluster_purity",
    "cluster_shares",
    "kmeans",
    "ProjectionDiscriminator",
    "SelfConditionedGenerator",
    "SelfConditionedStep",
    "checkpoint_history",
    "semi_supervised_summary",
    "NormalisedLinear",
    "semi_supervised_run",
    "Autoencoder",
    "VariationalAutoencoder",
    "sample_autoencoder",
    "train_autoencoder",
    "load_sampling_generator",
    "sharpness",
    "autoencoder_summary",
    "metrics_table",
    "pretraining_summary",
    "fgsm_summary",
    "fgsm",
    "flip_rates",
    "load_classifier",
    "predicted_classes",
    "unseen_digits",
    "SemiSupervisedDiscriminator",
    "SemiSupervisedGenerator",
    "SemiSupervisedStep",
    "semi_supervised_split",
    "classification_accuracy",
    "train_supervised",
    "AdversarialStep",
    "CheckpointError",
    "ConditionalDiscriminator",
    "ConditionalGenerator",
    "ConditionalStep",
    "DCGANDiscriminator",
    "DCGANGenerator",
    "DigitQuality",
    "Digits",
    "DiscriminatorMap",
    "DiscriminatorOverfitting",
    "FeatureMatchingStep",
    "GeneratorAverage",
    "HistoricalAveragingStep",
    "History",
    "IMPROVED_RECIPE",
    "InfoGANDiscriminator",
    "InfoGANStep",
    "LabelSmoothingStep",
    "MLPDiscriminator",
    "MLPGenerator",
    "MLPRecipe",
    "MetricLogger",
    "MinibatchDiscrimination",
    "PackedDiscriminator",
    "ParameterAverage",
    "RandomAffine",
    "RandomTranslation",
    "ReferenceBatch",
    "SEED_RECIPE",
    "SineDiscriminator",
    "SineGenerator",
    "Snapshots",
    "TECHNIQUES",
    "TrainingDiverged",
    "VirtualBatchNorm",
    "WassersteinStep",
    "ablation_summary",
    "generator_summary",
    "image_folder",
    "images_from_array",
    "nearest_neighbours",
    "own_images_summary",
    "write_photo_crops",
    "adam",
    "class_counts",
    "class_separation",
    "code_accuracy",
    "code_information",
    "compare_techniques",
    "digit_controls",
    "display_gif",
    "evaluating",
    "evenly_spaced",
    "fast_mode",
    "feature_matching_loss",
    "gradient_penalty",
    "grid_frames",
    "grid_mixture",
    "image_grid",
    "infogan_controls",
    "interpolate",
    "interpolation_controls",
    "load_checkpoint",
    "mean_image_distance",
    "measured_summary",
    "mixture_run",
    "mnist",
    "mode_collapse_summary",
    "offline_mnist_sample",
    "output_dir",
    "pick",
    "plot_class_counts",
    "plot_history",
    "plot_mixture_runs",
    "points_frame",
    "read_results",
    "results_table",
    "ring_mixture",
    "sample_spread",
    "save_animation",
    "save_checkpoint",
    "seed_everything",
    "select_device",
    "show_images",
    "show_source",
    "sine_dataset",
    "sine_metrics",
    "sine_summary",
    "summary_table",
    "technique_step",
    "theory",
    "train_gan",
    "write_mnist_idx",
    "write_results",
]
