"""Every public entry point, fuzzed: each function and class ``import ganhelpers as gh`` exports,
called with valid arguments except one, which hypothesis replaces by junk (``None``, a bool, a
negative or huge count, NaN, text, a tensor of the wrong shape or dtype, a NumPy array, a list...).
The call must either do something (return) or raise the package's ``GanHelpersError``: never a
raw ``TypeError`` from deep inside torch, Pillow or Python.

The entry points are discovered from ``gh.__all__``, so a new one is fuzzed without a new list;
``test_every_entry_point_has_valid_arguments`` fails, naming the parameter, when a new required
parameter has no valid value below (``VALID``, by parameter name, or ``VALID_FOR`` for one entry
point). Examples are derandomized so that CI runs the same calls every time."""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ganhelpers as gh
from ganhelpers.gan.models import MixtureDiscriminator, MixtureGenerator

ROOT = Path(__file__).resolve().parents[1]


def _entry_points() -> dict[str, Callable]:
    found = {}
    for name in gh.__all__:
        obj = getattr(gh, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found[name] = obj
    return found


ENTRY_POINTS = _entry_points()


def _parameters(function: Callable) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


# --- valid arguments: small and fast, built fresh for every call -------------------------------


class Valid:
    """Valid values for one call, made on demand and shared within the call (a step's optimizers
    are over its own networks)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._made: dict[str, object] = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._made:
            self._made[name] = getattr(self, f"make_{name}")()
        return self._made[name]

    def make_generator(self):
        return gh.MLPGenerator(8, hidden=(16,))

    def make_discriminator(self):
        return gh.MLPDiscriminator(hidden=(16,))

    def make_g_optimizer(self):
        return gh.adam(self.generator, 1e-3)

    def make_d_optimizer(self):
        return gh.adam(self.discriminator, 1e-3)

    def make_step(self):
        return gh.AdversarialStep(
            self.generator, self.discriminator, self.g_optimizer, self.d_optimizer
        )

    def make_images(self):
        return torch.rand(16, 1, 28, 28) * 2 - 1

    def make_labels(self):
        return torch.arange(16) % 10

    def make_digits(self):
        return _some_digits(300)

    def make_checkpoint(self):
        path = self.folder / "valid.pt"
        if not path.exists():
            gh.save_checkpoint(path, self.step, gh.History())
        return path

    def make_history(self):
        record = {"d_loss": 0.7, "g_loss": 0.7, "d_real": 0.5, "d_fake": 0.5, "seconds": 0.1}
        return gh.History([{**record, "epoch": epoch} for epoch in (1, 2, 3)])

    def make_classifier(self):
        return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))

    def make_gif(self):
        path = self.folder / "valid.gif"
        if not path.exists():
            gh.save_animation([np.zeros((8, 8, 3), np.uint8)] * 2, path)
        return path

    def make_mixture_run(self):
        return gh.mixture_run(
            "vanilla", gh.ring_mixture(), 0, epochs=1, batches_per_epoch=2, samples=50
        )

    def make_image_folder(self):
        path = self.folder / "photos"
        if not path.exists():
            gh.write_photo_crops(path, 4, 32)
        return path

    def make_infogan_step(self):
        generator = gh.DCGANGenerator(latent_dim=74, width=8)
        discriminator = gh.InfoGANDiscriminator(width=8)
        return gh.InfoGANStep(
            generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
        )


SAMPLE = None  # the offline digits, loaded once (module fixture)

# Valid values by parameter name; VALID_FOR overrides one entry point's parameter.
VALID: dict[str, Callable[[Valid], object]] = {
    "generator": lambda v: v.generator,
    "parameters": lambda v: v.generator,
    "discriminator": lambda v: v.discriminator,
    "g_optimizer": lambda v: v.g_optimizer,
    "d_optimizer": lambda v: v.d_optimizer,
    "step": lambda v: v.step,
    "images": lambda v: v.images,
    "labels": lambda v: v.labels,
    "digits": lambda v: v.digits,
    "history": lambda v: v.history,
    "classifier": lambda v: v.classifier,
    "model": lambda v: v.classifier,
    "path": lambda v: v.checkpoint,
    "data": lambda v: v.images,
    "epochs": lambda v: 1,
    "batch_size": lambda v: 8,
    "seed": lambda v: 0,
    "k": lambda v: 3,
    "n": lambda v: 4,
    "count": lambda v: 2,
    "name": lambda v: "fuzz",
    "lr": lambda v: 1e-3,
    "time_budget": lambda v: 0.2,
    "labels_per_class": lambda v: 2,
    "epsilon": lambda v: 0.1,
    "epsilons": lambda v: [0.0, 0.1],
    "points": lambda v: torch.randn(30, 2),
    "queries": lambda v: torch.rand(4, 1, 28, 28),
    "reference": lambda v: torch.rand(6, 1, 28, 28),
    "generated": lambda v: torch.randn(30, 2),
    "real": lambda v: torch.randn(30, 2),
    "codes": lambda v: torch.arange(20) % 10,
    "predicted": lambda v: torch.arange(20) % 10,
    "groups": lambda v: torch.arange(20) % 10,
    "clusters": lambda v: torch.arange(20) % 3,
    "classes": lambda v: torch.arange(20) % 2,
    "category_logits": lambda v: torch.randn(8, 10),
    "real_features": lambda v: torch.randn(8, 5),
    "fake_features": lambda v: torch.randn(8, 5),
    "critic": lambda v: torch.nn.Linear(2, 1),
    "fake": lambda v: torch.randn(8, 2),
    "items": lambda v: list(range(10)),
    "snapshots": lambda v: [(0, torch.rand(4, 1, 28, 28) * 2 - 1)],
    "frames": lambda v: [np.zeros((8, 8, 3), np.uint8)] * 2,
    "rows": lambda v: {"a": {"fid": 1.0}},
    "columns": lambda v: {"FID": ("fid", ".1f")},
    "runs": lambda v: [{"technique": "a", "seed": 0, "modes": 8}],
    "group_by": lambda v: ["technique"],
    "measures": lambda v: {"modes": ".0f"},
    "counts": lambda v: torch.ones(3, 10),
    "ylabel": lambda v: "code",
    "centres": lambda v: gh.ring_mixture().centres,
    "mixture": lambda v: gh.ring_mixture(),
    "technique": lambda v: "vanilla",
    "techniques": lambda v: ["vanilla"],
    "seeds": lambda v: [0],
    "make_generator": lambda v: MixtureGenerator,
    "make_discriminator": lambda v: MixtureDiscriminator,
    "full": lambda v: 10,
    "fast": lambda v: 1,
    "folder": lambda v: v.folder / "crops",
    "crop": lambda v: 16,
    "z_a": lambda v: torch.zeros(8),
    "z_b": lambda v: torch.ones(8),
    "t": lambda v: 0.5,
    "updates": lambda v: 2,
    "labelled": lambda v: v.digits,
    "test": lambda v: v.digits,
    "measure": lambda v: lambda step: {"m": 1.0},
    "latent": lambda v: torch.randn(4, 8),
    "x_range": lambda v: (-1.0, 1.0),
    "y_range": lambda v: (-1.0, 1.0),
    "train": lambda v: v.images,
    "held_out": lambda v: v.images,
    "module": lambda v: torch.nn.Linear(2, 2),
    "in_features": lambda v: 4,
    "out_features": lambda v: 3,
    "num_features": lambda v: 4,
    "reference_latent": lambda v: torch.randn(4, 8),
    "cluster_shares": lambda v: torch.full((3,), 1 / 3),
    "n_classes": lambda v: 10,
    "improved_networks": lambda v: False,
    "learning_rate": lambda v: 2e-4,
    "beta1": lambda v: 0.5,
    "source": lambda v: "fuzz",
    "root": lambda v: v.folder / "mnist",
}
VALID_FOR: dict[str, dict[str, Callable[[Valid], object]]] = {
    "write_results": {
        "data": lambda v: "16 random images",
        "images": lambda v: 16,
        "train_seconds": lambda v: 1.0,
        "metrics": lambda v: {"fid": 1.0},
        "device": lambda v: "cpu",
    },
    "image_folder": {"path": lambda v: v.image_folder},
    "check_exercise": {
        "name": lambda v: "01-generator-loss",
        "answer": lambda v: lambda logits: logits.neg().exp().log1p().mean(),
    },
    "display_gif": {"path": lambda v: v.gif},
    "save_animation": {"path": lambda v: v.folder / "out.gif"},
    "save_checkpoint": {"path": lambda v: v.folder / "saved.pt"},
    "checkpoint_history": {"path": lambda v: v.checkpoint},
    "load_classifier": {"path": lambda v: None},
    "infogan_controls": {"step": lambda v: v.infogan_step},
    "classified_codes": {
        "step": lambda v: v.infogan_step,
        "classifier": lambda v: gh.load_classifier(),
    },
    "deviation_table": {"name": lambda v: "02_mlp_gan"},
    "latent_direction": {"z": lambda v: torch.randn(20, 4), "scores": lambda v: torch.randn(20)},
    "Maxout": {"in_features": lambda v: 4, "units": lambda v: 3, "pieces": lambda v: 2},
    "write_mnist_idx": {"root": lambda v: v.folder / "idx"},
    "images_from_array": {"images": lambda v: np.zeros((4, 8, 8), np.uint8)},
    "sharpness": {"images": lambda v: v.images},
    "mean_image_distance": {
        "generated": lambda v: v.images,
        "real": lambda v: v.images.flip(0),
    },
    "class_separation": {"images": lambda v: v.images, "labels": lambda v: torch.arange(16) % 2},
    "sample_spread": {"generated": lambda v: v.images},
    "points_frame": {
        "generated": lambda v: torch.randn(30, 2),
        "real": lambda v: torch.randn(30, 2),
    },
    "cluster_digits": {
        "digits": lambda v: gh.Digits(SAMPLE.images[:40], SAMPLE.labels[:40], "fuzz")
    },
    "kmeans": {"points": lambda v: torch.randn(30, 2)},
    "cluster_shares": {"labels": lambda v: torch.arange(20) % 3},
    "unseen_digits": {"digits": lambda v: v.digits},
    "predicted_classes": {"model": lambda v: v.classifier},
    "sample_autoencoder": {"model": lambda v: gh.VariationalAutoencoder(latent_dim=4, width=8)},
    "train_autoencoder": {
        "model": lambda v: gh.Autoencoder(latent_dim=4, width=8),
        "images": lambda v: v.images,
        "time_budget": lambda v: 0.05,
    },
    "gradient_penalty": {
        "real": lambda v: torch.randn(8, 2),
        "fake": lambda v: torch.randn(8, 2),
    },
    "PackedDiscriminator": {"discriminator": lambda v: gh.MLPDiscriminator(hidden=(16,), pack=2)},
    "ReferenceBatch": {
        "generator": lambda v: gh.MLPGenerator(8, hidden=(16,), virtual_batch_norm=True)
    },
    "plot_playground_frames": {"frames": lambda v: {"start": gh.PlaygroundSession().frame()}},
    "plot_mixture_runs": {"runs": lambda v: [v.mixture_run]},
    "semi_supervised_split": {"digits": lambda v: SAMPLE},
    "InfoGANStep": {
        "generator": lambda v: v.infogan_step.generator,
        "discriminator": lambda v: v.infogan_step.discriminator,
        "g_optimizer": lambda v: v.infogan_step.g_optimizer,
        "d_optimizer": lambda v: v.infogan_step.d_optimizer,
    },
    "digit_controls": {"generator": lambda v: gh.ConditionalGenerator(latent_dim=8, width=8)},
    "SelfConditionedGenerator": {"cluster_shares": lambda v: torch.full((3,), 1 / 3)},
    "SemiSupervisedStep": {
        "generator": lambda v: _semi(v)[0],
        "discriminator": lambda v: _semi(v)[1],
        "g_optimizer": lambda v: _semi(v)[2],
        "d_optimizer": lambda v: _semi(v)[3],
    },
    "Digits": {"images": lambda v: v.images, "labels": lambda v: v.labels},
    "semi_supervised_run": {
        "time_budget": lambda v: 0.1,
        "digits": lambda v: _some_digits(400),
    },
    "mixture_run": {"epochs": lambda v: 1},
}
# Options passed besides the fuzzed parameter, to keep a valid call small and quick.
QUICK: dict[str, dict[str, object]] = {
    "mixture_run": {"batches_per_epoch": 2, "samples": 50},
    "compare_techniques": {
        "workers": 1,
        "epochs": 1,
        "batches_per_epoch": 2,
        "samples": 50,
        "progress": False,
    },
    "semi_supervised_run": {"progress": False, "generator": gh.SemiSupervisedGenerator(hidden=32)},
    "train_autoencoder": {"batch_size": 8},
    "DigitQuality": {"samples": 20},
    "classified_codes": {"per_code": 2},
    "train_gan": {"progress": False},
}

# Values for a ``*args`` parameter (fuzzed under the name "*").
POSITIONAL: dict[str, tuple] = {"show_source": (gh.adam,)}


def _some_digits(n: int) -> gh.Digits:
    """``n`` of the offline digits, every class among them (the sample is sorted by class)."""
    index = torch.randperm(len(SAMPLE.images), generator=torch.Generator().manual_seed(0))[:n]
    return gh.Digits(SAMPLE.images[index], SAMPLE.labels[index], "fuzz")


def _semi(v: Valid):
    if "semi" not in v._made:
        generator, discriminator = gh.SemiSupervisedGenerator(), gh.SemiSupervisedDiscriminator()
        v._made["semi"] = (
            generator,
            discriminator,
            gh.adam(generator, 1e-3),
            gh.adam(discriminator, 1e-3),
        )
    return v._made["semi"]


def _valid_value(entry: str, parameter: str):
    return VALID_FOR.get(entry, {}).get(parameter) or VALID.get(parameter)


def _call(entry: str, function: Callable, folder: Path, fuzzed: str | None, junk: object = None):
    valid = Valid(folder)
    arguments = dict(QUICK.get(entry, {}))
    positional = POSITIONAL.get(entry, ()) if fuzzed != "*" else (junk,)
    for parameter in _parameters(function):
        if parameter.name == fuzzed:
            arguments[parameter.name] = junk
        elif parameter.default is inspect.Parameter.empty:
            arguments[parameter.name] = _valid_value(entry, parameter.name)(valid)
    return function(*positional, **arguments)


# --- junk ------------------------------------------------------------------------------------

JUNK = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            1,
            2,
            0.0,
            -0.5,
            math.nan,
            math.inf,
            "",
            "x",
            "cuda",
            "cpu",
            (),
            [],
            [1, 2],
            {},
        ]
    ),
    st.builds(
        lambda shape, dtype: torch.zeros(shape, dtype=dtype),
        st.sampled_from([(0,), (3,), (2, 3), (4, 1, 28, 28), (2, 3, 8, 8)]),
        st.sampled_from([torch.float32, torch.float64, torch.int64, torch.bool, torch.uint8]),
    ),
    st.builds(np.zeros, st.sampled_from([(3,), (2, 3), (4, 28, 28)])),
)


def _fuzzable(entry: str) -> list[str]:
    names = [p.name for p in _parameters(ENTRY_POINTS[entry])]
    return names + ["*"] if entry in POSITIONAL else names


@pytest.fixture(scope="module", autouse=True)
def _sample_and_quiet_folders(tmp_path_factory):
    global SAMPLE
    import os

    SAMPLE = gh.offline_mnist_sample()
    folder = tmp_path_factory.mktemp("entry-points")
    saved = {k: os.environ.get(k) for k in ("GANHELPERS_OUTPUT_DIR", "GANHELPERS_RESULTS_DIR")}
    os.environ["GANHELPERS_OUTPUT_DIR"] = str(folder / "outputs")
    os.environ["GANHELPERS_RESULTS_DIR"] = str(folder / "results")
    cwd = os.getcwd()
    os.chdir(folder)
    yield
    os.chdir(cwd)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def test_every_entry_point_has_valid_arguments():
    missing = [
        f"{entry}({p.name})"
        for entry, function in ENTRY_POINTS.items()
        for p in _parameters(function)
        if p.default is inspect.Parameter.empty and _valid_value(entry, p.name) is None
    ]
    assert not missing, f"add a valid value to VALID or VALID_FOR for: {', '.join(missing)}"
    assert len(ENTRY_POINTS) > 100


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_an_entry_point_given_valid_arguments_returns(entry, tmp_path_factory):
    """The valid values really are valid: otherwise a fuzzed call could pass by failing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _call(entry, ENTRY_POINTS[entry], tmp_path_factory.mktemp(entry), fuzzed=None)


@pytest.mark.parametrize("entry", [e for e in ENTRY_POINTS if _fuzzable(e)])
def test_an_entry_point_given_junk_returns_or_raises_a_ganhelpers_error(entry, tmp_path_factory):
    function = ENTRY_POINTS[entry]
    folder = tmp_path_factory.mktemp(entry)

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzzed=st.sampled_from(_fuzzable(entry)), junk=JUNK)
    def check(fuzzed, junk):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                _call(entry, function, folder, fuzzed, junk)
            except gh.GanHelpersError:
                pass
            except Exception as error:
                raise AssertionError(
                    f"gh.{entry}({fuzzed}={junk!r}) raised a raw {type(error).__name__}: {error}"
                ) from error

    check()
