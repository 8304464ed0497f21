"""ganhelpers: the code behind the GAN notebooks, in two parts a learner can tell apart.

``ganhelpers.gan``: the GAN code the notebooks teach. ``gan/step.py`` is the GAN update
(``AdversarialStep``: D, then G), readable on one screen. Every variant and technique that changes
*how the players are scored or what they see* is a subclass that overrides just that:
``discriminator_loss`` / ``generator_loss`` (WGAN-GP, InfoGAN, label smoothing, feature matching,
historical averaging) or ``sample_latent`` / ``generate`` / ``discriminate`` (cGAN, InfoGAN's
codes); see ``gan/variants.py`` and ``gan/techniques.py``. A technique that changes a *network*
is a layer (``gan/layers.py``: minibatch discrimination, virtual batch norm, PacGAN).

``ganhelpers.course``: the plumbing (data, the epoch loop, callbacks, checkpoints, quality
measures, plots, widgets, results files). The maintainers' tooling (README generation, promoting
results) lives outside the package, in ``tools/``.

Notebook → the modules behind it (``gan/`` first, then ``course/``; every notebook also uses
``course.config``, ``course.results`` and ``course.viz``):

- 00 generative vs discriminative: ``gan.theory``, ``gan.adversarial``; ``course.classifier``,
  ``course.data``, ``course.sentences``
- 01 sine GAN: ``gan.step``, ``gan.models``; ``course.training``, ``course.callbacks``,
  ``course.history``, ``course.metrics``, ``course.sentences``
- 02 MLP GAN on MNIST: ``gan.step``, ``gan.paper_mlps``, ``gan.augment``, ``gan.averaging``;
  ``course.recipes``, ``course.training``, ``course.callbacks``, ``course.quality``,
  ``course.summaries``, ``course.deviations``
- 03 DCGAN: ``gan.models``, ``gan.layers``, ``gan.averaging``, ``gan.clustering``,
  ``gan.self_conditioning``; ``course.training``, ``course.quality``, ``course.latent``,
  ``course.widgets``, ``course.summaries``, ``course.deviations``
- 04 conditional GAN: ``gan.variants`` (``ConditionalStep``), ``gan.models``;
  ``course.training``, ``course.quality``, ``course.widgets``, ``course.summaries``
- 05 InfoGAN: ``gan.variants`` (``InfoGANStep``), ``gan.models``, ``gan.augment``;
  ``course.training``, ``course.quality``, ``course.widgets``, ``course.summaries``
- 06 mode collapse: ``gan.techniques``, ``gan.layers``, ``gan.regularizers``, ``gan.variants``
  (WGAN-GP); ``course.collapse`` (the 2-D mixture runs), ``course.summaries``
- 07 your own images: ``gan.step``, ``gan.models``, ``gan.augment``; ``course.images``,
  ``course.training``, ``course.sentences``
- 08 why not an autoencoder: ``gan.autoencoders``, ``gan.models``; ``course.checkpoint``,
  ``course.quality``, ``course.sentences``
- 09 semi-supervised GAN: ``gan.semi_supervised``; ``course.classifier``, ``course.sentences``
- 10 GAN playground: ``gan.step``, ``gan.losses``, ``gan.techniques``, ``gan.layers``,
  ``gan.variants`` (WGAN-GP); ``course.playground`` (the panel), ``course.playground_session``
  (what it trains and draws), ``course.targets``

The exercises at the end of notebooks 01-09 use ``course.exercises``
(``check_exercise``); their worked answers live in ``notebooks/answers/``.

``import ganhelpers as gh`` gives every name the notebooks use (``gh.train_gan``,
``gh.AdversarialStep``, ...); the submodules hold the rest.
"""

from .course.callbacks import DiscriminatorMap, DiscriminatorOverfitting, MetricLogger, Snapshots
from .course.checkpoint import (
    CheckpointError,
    checkpoint_history,
    load_checkpoint,
    load_sampling_generator,
    save_checkpoint,
)
from .course.classifier import load_classifier, predicted_classes, unseen_digits
from .course.collapse import TECHNIQUES, compare_techniques, mixture_run, technique_step
from .course.config import fast_mode, output_dir, pick, seed_everything, select_device
from .course.data import (
    Digits,
    grid_mixture,
    mnist,
    offline_mnist_sample,
    ring_mixture,
    sine_dataset,
    write_mnist_idx,
)
from .course.deviations import deviation_table
from .course.errors import (
    ArgumentError,
    ArgumentTypeError,
    DataError,
    DataNotFound,
    DataUnavailable,
    DeviceError,
    GanHelpersError,
    NotRecorded,
    UsageError,
)
from .course.exercises import check_exercise
from .course.history import History
from .course.images import image_folder, images_from_array, write_photo_crops
from .course.latent import interpolate, latent_direction
from .course.metrics import (
    class_counts,
    class_separation,
    code_accuracy,
    mean_image_distance,
    nearest_neighbours,
    sample_spread,
    sharpness,
    sine_metrics,
)
from .course.playground import playground
from .course.playground_session import PlaygroundError, PlaygroundSession, PlaygroundSettings
from .course.quality import DigitQuality, classified_codes
from .course.recipes import IMPROVED_RECIPE, SEED_RECIPE, MLPRecipe
from .course.results import read_results, write_results
from .course.sentences import (
    autoencoder_summary,
    fgsm_summary,
    own_images_summary,
    pretraining_summary,
    semi_supervised_summary,
    sine_summary,
)
from .course.summaries import (
    ablation_summary,
    generator_summary,
    measured_summary,
    mode_collapse_summary,
)
from .course.targets import TARGETS as PLAYGROUND_TARGETS
from .course.training import TrainingDiverged, train_gan
from .course.viz import (
    display_gif,
    evenly_spaced,
    grid_frames,
    image_grid,
    metrics_table,
    plot_class_counts,
    plot_history,
    plot_mixture_runs,
    plot_playground_frames,
    points_frame,
    results_table,
    save_animation,
    show_images,
    show_source,
    summary_table,
)
from .course.widgets import digit_controls, infogan_controls, interpolation_controls
from .gan import theory
from .gan.adversarial import fgsm, flip_rates
from .gan.augment import RandomAffine, RandomTranslation
from .gan.autoencoders import (
    Autoencoder,
    VariationalAutoencoder,
    sample_autoencoder,
    train_autoencoder,
)
from .gan.averaging import GeneratorAverage
from .gan.clustering import cluster_digits, cluster_purity, cluster_shares, kmeans
from .gan.layers import (
    MinibatchDiscrimination,
    PackedDiscriminator,
    ReferenceBatch,
    VirtualBatchNorm,
)
from .gan.losses import HingeStep, LeastSquaresStep, SaturatingStep
from .gan.models import (
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
from .gan.modes import evaluating
from .gan.paper_mlps import (
    Maxout,
    MaxoutDiscriminator,
    PaperMLPGenerator,
)
from .gan.regularizers import ParameterAverage, feature_matching_loss, gradient_penalty
from .gan.self_conditioning import (
    ProjectionDiscriminator,
    SelfConditionedGenerator,
    SelfConditionedStep,
)
from .gan.semi_supervised import (
    NormalisedLinear,
    SemiSupervisedDiscriminator,
    SemiSupervisedGenerator,
    SemiSupervisedStep,
    classification_accuracy,
    semi_supervised_run,
    semi_supervised_split,
    train_supervised,
)
from .gan.step import AdversarialStep, adam
from .gan.techniques import FeatureMatchingStep, HistoricalAveragingStep, LabelSmoothingStep
from .gan.variants import ConditionalStep, InfoGANStep, WassersteinStep, code_information

__all__ = [
    "check_exercise",
    "GanHelpersError",
    "ArgumentError",
    "ArgumentTypeError",
    "DataError",
    "DataNotFound",
    "DataUnavailable",
    "DeviceError",
    "NotRecorded",
    "UsageError",
    "playground",
    "plot_playground_frames",
    "PlaygroundError",
    "PlaygroundSession",
    "PlaygroundSettings",
    "PLAYGROUND_TARGETS",
    "HingeStep",
    "LeastSquaresStep",
    "SaturatingStep",
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
    "classified_codes",
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
    "Maxout",
    "MaxoutDiscriminator",
    "PaperMLPGenerator",
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
    "latent_direction",
    "interpolation_controls",
    "load_checkpoint",
    "mean_image_distance",
    "measured_summary",
    "deviation_table",
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
