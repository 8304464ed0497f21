"""A catalogue of mistakes a new user makes against the public API (what the README and the
notebooks call), each with what should happen: a ``GanHelpersError`` whose message contains
``says``, or, where the meaning is obvious, the call accepted and its result checked.

``tests/test_mistakes.py`` asserts every entry; ``benchmarks/api_mistakes.py`` prints the table
of outcomes (and runs it against an older checkout for the "before" column)."""

from __future__ import annotations

import io
import os
import random
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PIL import Image

import ganhelpers as gh

ERROR, ACCEPT = "error", "accept"


@dataclass
class Mistake:
    group: str
    what: str
    call: Callable[[Context], object]
    says: str = ""  # expected in the error's message
    expect: str = ERROR
    check: Callable[[object], bool] | None = None  # for ACCEPT: is the result right?


@dataclass
class Context:
    """Files and objects the mistakes need, made once in a temporary folder."""

    root: Path
    files: dict[str, Path] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return self.root / name


def _png(path: Path, array: np.ndarray, mode: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array, mode=mode).save(path)
    return path


def make_context() -> Context:
    ctx = Context(Path(tempfile.mkdtemp(prefix="ganhelpers-mistakes-")))
    rng = np.random.default_rng(0)
    grey = (rng.random((40, 40)) * 255).astype(np.uint8)
    # A folder of ordinary images, in two class folders.
    for k in range(3):
        _png(ctx.path(f"classes/cats/{k}.png"), grey)
        _png(ctx.path(f"classes/dogs/{k}.png"), 255 - grey)
    (ctx.path("empty")).mkdir()
    _png(ctx.path("flat/a.png"), grey)
    (ctx.path("flat/notes.txt")).write_text("not an image")
    # Mixed layout: images at the top and in a class folder.
    _png(ctx.path("mixed/top.png"), grey)
    _png(ctx.path("mixed/cats/a.png"), grey)
    # Class folders nested one level deeper.
    _png(ctx.path("nested/cats/indoor/a.png"), grey)
    _png(ctx.path("nested/dogs/b.png"), grey)
    # A 16-bit grey PNG with values up to 4095 (12-bit camera data): mid grey, not white.
    ramp = np.tile(np.linspace(0, 4095, 32).astype(np.uint16), (32, 1))
    Image.fromarray(ramp).save(ctx.path("sixteen.png"))
    _move(ctx, "sixteen.png", "sixteen/a.png")
    # A 32-bit float TIFF with values in [0, 1]: a ramp, not black.
    Image.fromarray(np.tile(np.linspace(0, 1, 32, dtype=np.float32), (32, 1)), mode="F").save(
        ctx.path("float.tif")
    )
    _move(ctx, "float.tif", "float/a.tif")
    # A phone photo: stored landscape 40 × 20 with EXIF orientation 6 (rotate 90° on display).
    photo = np.zeros((20, 40), np.uint8)
    photo[:, :20] = 255  # left half white as stored → top half white as seen
    image = Image.fromarray(photo).convert("RGB")
    exif = image.getexif()
    exif[0x0112] = 6
    (ctx.path("exif")).mkdir()
    image.save(ctx.path("exif/a.jpg"), exif=exif, quality=95)
    # A transparent PNG: an opaque black square on a transparent background.
    rgba = np.zeros((32, 32, 4), np.uint8)
    rgba[8:24, 8:24, 3] = 255
    _png(ctx.path("alpha/a.png"), rgba, "RGBA")
    # A corrupt file among good ones.
    _png(ctx.path("corrupt/good.png"), grey)
    (ctx.path("corrupt/bad.png")).write_bytes(os.urandom(200))
    # A decompression bomb: 15,000 × 15,000 pixels in a small file.
    ctx.path("bomb").mkdir()
    Image.new("1", (15_000, 15_000)).save(ctx.path("bomb/big.png"))
    ctx.files["a file"] = ctx.path("flat/a.png")
    # Checkpoints.
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    step = gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    gh.save_checkpoint(ctx.path("good.pt"), step, gh.History())
    ctx.path("random.pt").write_bytes(random.Random(0).randbytes(3000))
    ctx.path("empty.pt").write_bytes(b"")
    ctx.path("text.pt").write_text("epochs: 3\n")
    return ctx


def _move(ctx: Context, name: str, to: str) -> None:
    target = ctx.path(to)
    target.parent.mkdir(parents=True, exist_ok=True)
    ctx.path(name).rename(target)


def _small_step(**options) -> gh.AdversarialStep:
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3), **options
    )


def _images(n: int = 8) -> torch.Tensor:
    return torch.rand(n, 1, 28, 28) * 2 - 1


def _train(step=None, data=None, **options):
    options = {"epochs": 1, "batch_size": 4, "progress": False, "device": "cpu", **options}
    return gh.train_gan(step or _small_step(), _images() if data is None else data, **options)


def _conditional():
    generator = gh.ConditionalGenerator(latent_dim=8, width=8)
    return generator


def _bytes_of(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


GPU = torch.cuda.is_available()

MISTAKES: list[Mistake] = [
    # --- toy data -----------------------------------------------------------------------
    Mistake("data", "sine_dataset(-5)", lambda c: gh.sine_dataset(-5), "n must not be negative"),
    Mistake("data", "sine_dataset(0)", lambda c: gh.sine_dataset(0), "n must be a positive int"),
    Mistake("data", "sine_dataset(10.5)", lambda c: gh.sine_dataset(10.5), "n must be"),
    Mistake("data", "sine_dataset('100')", lambda c: gh.sine_dataset("100"), "n must be"),
    Mistake("data", "sine_dataset(np.int64(100))", lambda c: gh.sine_dataset(np.int64(100)),
            expect=ACCEPT, check=lambda r: r.shape == (100, 2)),
    Mistake("data", "ring_mixture(modes=1)", lambda c: gh.ring_mixture(modes=1), "modes >= 2"),
    Mistake("data", "ring_mixture(std=-0.1)", lambda c: gh.ring_mixture(std=-0.1), "std"),
    Mistake("data", "ring_mixture(modes=8.5)", lambda c: gh.ring_mixture(modes=8.5), "modes"),
    Mistake("data", "grid_mixture(side=0)", lambda c: gh.grid_mixture(side=0), "side >= 2"),
    Mistake("data", "a mixture's sample(-3)", lambda c: gh.ring_mixture().sample(-3), "n must be"),
    Mistake("data", "a mixture's sample(np.int64(10))",
            lambda c: gh.ring_mixture().sample(np.int64(10)), expect=ACCEPT,
            check=lambda r: r.shape == (10, 2)),
    Mistake("data", "mnist(source='onlin')", lambda c: gh.mnist(source="onlin"), "source"),
    Mistake("data", "semi_supervised_split(labels_per_class=0)",
            lambda c: gh.semi_supervised_split(gh.images_from_array(_images(), torch.zeros(8, dtype=torch.long)), 0),
            "labels_per_class"),
    # --- your own images ------------------------------------------------------------------
    Mistake("images", "image_folder on a path that does not exist",
            lambda c: gh.image_folder(c.path("nowhere"), progress=False), "no folder"),
    Mistake("images", "image_folder on an empty folder",
            lambda c: gh.image_folder(c.path("empty"), progress=False), "holds no images"),
    Mistake("images", "image_folder on a file, not a folder",
            lambda c: gh.image_folder(c.files["a file"], progress=False), "not a folder"),
    Mistake("images", "image_folder(image_size=0)",
            lambda c: gh.image_folder(c.path("classes"), image_size=0, progress=False),
            "image_size"),
    Mistake("images", "image_folder(channels=2)",
            lambda c: gh.image_folder(c.path("classes"), channels=2, progress=False), "channels"),
    Mistake("images", "image_folder(image_size='32')",
            lambda c: gh.image_folder(c.path("classes"), image_size="32", progress=False),
            "image_size"),
    Mistake("images", "a 16-bit grey PNG (12-bit values)",
            lambda c: gh.image_folder(c.path("sixteen"), image_size=32, channels=1, progress=False),
            expect=ACCEPT, check=lambda d: -0.6 < d.images.mean() < 0.6 and d.images.max() > 0.9),
    Mistake("images", "a 32-bit float TIFF in [0, 1]",
            lambda c: gh.image_folder(c.path("float"), image_size=32, channels=1, progress=False),
            expect=ACCEPT, check=lambda d: -0.6 < d.images.mean() < 0.6 and d.images.max() > 0.9),
    Mistake("images", "a phone JPEG with an EXIF rotation",
            lambda c: gh.image_folder(c.path("exif"), image_size=32, channels=1, progress=False),
            expect=ACCEPT,
            check=lambda d: d.images[0, 0, :12].mean() > 0.5 and d.images[0, 0, -12:].mean() < -0.5),
    Mistake("images", "a transparent PNG (alpha)",
            lambda c: gh.image_folder(c.path("alpha"), image_size=32, channels=1, progress=False),
            expect=ACCEPT,
            check=lambda d: d.images[0, 0, 0, 0] > 0.9 and d.images[0, 0, 16, 16] < -0.9),
    Mistake("images", "images at the top level and in class folders",
            lambda c: gh.image_folder(c.path("mixed"), progress=False), "class folders"),
    Mistake("images", "class folders nested one level deeper",
            lambda c: gh.image_folder(c.path("nested"), progress=False), expect=ACCEPT,
            check=lambda d: len(d) == 2 and sorted(d.labels.tolist()) == [0, 1]),
    Mistake("images", "a text file among the images",
            lambda c: gh.image_folder(c.path("flat"), progress=False), expect=ACCEPT,
            check=lambda d: len(d) == 1),
    Mistake("images", "a corrupt image file", lambda c: gh.image_folder(c.path("corrupt"), progress=False),
            "bad.png"),
    Mistake("images", "a decompression-bomb image",
            lambda c: gh.image_folder(c.path("bomb"), progress=False), "big.png"),
    Mistake("images", "images_from_array of uint8 pixels (N, H, W)",
            lambda c: gh.images_from_array(np.random.default_rng(0).integers(0, 256, (4, 28, 28), dtype=np.uint8)),
            expect=ACCEPT, check=lambda d: d.images.shape == (4, 1, 28, 28) and d.images.max() == 1 and d.images.min() == -1),
    Mistake("images", "images_from_array with 3 labels for 4 images",
            lambda c: gh.images_from_array(np.zeros((4, 1, 28, 28), np.uint8), np.zeros(3, np.int64)),
            "labels"),
    Mistake("images", "images_from_array with string class names",
            lambda c: gh.images_from_array(np.zeros((2, 1, 28, 28), np.uint8), np.array(["cat", "dog"])),
            "class names"),
    Mistake("images", "images_from_array of a Python list",
            lambda c: gh.images_from_array([[0, 1], [1, 0]]), "images"),
    Mistake("images", "write_photo_crops(count=-1)",
            lambda c: gh.write_photo_crops(c.path("crops"), count=-1, crop=32), "count"),
    # --- models ---------------------------------------------------------------------------
    Mistake("models", "MLPGenerator(latent_dim=0)", lambda c: gh.MLPGenerator(latent_dim=0), "latent_dim"),
    Mistake("models", "MLPGenerator(latent_dim=-1)", lambda c: gh.MLPGenerator(latent_dim=-1), "latent_dim"),
    Mistake("models", "MLPGenerator(latent_dim=100.0)", lambda c: gh.MLPGenerator(latent_dim=100.0), "latent_dim"),
    Mistake("models", "DCGANGenerator(image_size=30)", lambda c: gh.DCGANGenerator(image_size=30), "image_size"),
    Mistake("models", "DCGANGenerator(channels=0)", lambda c: gh.DCGANGenerator(channels=0), "channels"),
    Mistake("models", "a latent of the wrong size",
            lambda c: gh.MLPGenerator(8, hidden=(16,))(torch.randn(4, 9)), "latent batch"),
    Mistake("models", "a float64 latent (NumPy's default)",
            lambda c: gh.MLPGenerator(8, hidden=(16,))(torch.randn(4, 8, dtype=torch.float64)),
            expect=ACCEPT, check=lambda x: x.dtype == torch.float32 and x.shape == (4, 1, 28, 28)),
    Mistake("models", "an integer latent",
            lambda c: gh.MLPGenerator(8, hidden=(16,))(torch.ones(4, 8, dtype=torch.long)), "latent"),
    Mistake("models", "a NumPy latent",
            lambda c: gh.MLPGenerator(8, hidden=(16,))(np.random.randn(4, 8)), expect=ACCEPT,
            check=lambda x: x.shape == (4, 1, 28, 28)),
    Mistake("models", "images without the channel axis, to D",
            lambda c: gh.MLPDiscriminator(hidden=(16,))(torch.zeros(4, 28, 28)), "images of shape"),
    Mistake("models", "uint8 images, to D",
            lambda c: gh.MLPDiscriminator(hidden=(16,))(torch.zeros(4, 1, 28, 28, dtype=torch.uint8)),
            "uint8"),
    Mistake("models", "labels as a Python list, to a conditional G",
            lambda c: _conditional()(torch.randn(2, 8), [3, 4]), expect=ACCEPT,
            check=lambda x: x.shape == (2, 1, 28, 28)),
    Mistake("models", "a label out of range, to a conditional G",
            lambda c: _conditional()(torch.randn(2, 8), torch.tensor([3, 10])), "10"),
    Mistake("models", "float labels, to a conditional G",
            lambda c: _conditional()(torch.randn(2, 8), torch.tensor([3.0, 4.0])), "labels"),
    Mistake("models", "one label for two latents, to a conditional G",
            lambda c: _conditional()(torch.randn(2, 8), torch.tensor([3])), "labels"),
    Mistake("models", "kmeans(k=0)", lambda c: gh.kmeans(torch.randn(10, 2), 0), "k"),
    Mistake("models", "kmeans with k above the number of points",
            lambda c: gh.kmeans(torch.randn(3, 2), 5), "k"),
    # --- the step ---------------------------------------------------------------------------
    Mistake("step", "the two optimizers swapped", lambda c: _swapped_optimizers(), "optimizer"),
    Mistake("step", "D's optimizer built over G's parameters", lambda c: _d_optimizer_over_g(), "optimizer"),
    Mistake("step", "G and D swapped", lambda c: _swapped_networks(), "generator"),
    Mistake("step", "an optimizer given as a string", lambda c: _string_optimizer(), "optimizer"),
    Mistake("step", "adam(lr=0)", lambda c: gh.adam(gh.MLPGenerator(8, hidden=(16,)), 0), "learning rate"),
    Mistake("step", "adam(lr='0.001')", lambda c: gh.adam(gh.MLPGenerator(8, hidden=(16,)), "0.001"),
            "lr must be a number"),
    Mistake("step", "adam(betas=(0.5,))",
            lambda c: gh.adam(gh.MLPGenerator(8, hidden=(16,)), 1e-3, betas=(0.5,)), "betas"),
    Mistake("step", "a conditional step trained without labels", lambda c: _conditional_without_labels(),
            "labels"),
    Mistake("step", "a batch of the wrong image size", lambda c: _small_step()(torch.zeros(4, 1, 32, 32)),
            "G makes"),
    Mistake("step", "WassersteinStep(critic_steps=0)", lambda c: _wasserstein(critic_steps=0), "critic_steps"),
    Mistake("step", "LabelSmoothingStep(real_label=0.3)", lambda c: _smoothing(0.3), "real_label"),
    Mistake("step", "generator_average=1.5", lambda c: _small_step(generator_average=1.5), "generator_average"),
    # --- train_gan ----------------------------------------------------------------------------
    Mistake("train_gan", "epochs=0", lambda c: _train(epochs=0), "epochs"),
    Mistake("train_gan", "epochs=-1", lambda c: _train(epochs=-1), "epochs"),
    Mistake("train_gan", "epochs=2.5", lambda c: _train(epochs=2.5), "epochs"),
    Mistake("train_gan", "epochs=np.int64(1)", lambda c: _train(epochs=np.int64(1)), expect=ACCEPT,
            check=lambda h: len(h["d_loss"]) == 1),
    Mistake("train_gan", "batch_size=0", lambda c: _train(batch_size=0), "batch_size"),
    Mistake("train_gan", "batch_size='64'", lambda c: _train(batch_size="64"), "batch_size"),
    Mistake("train_gan", "a batch larger than the data set", lambda c: _train(batch_size=100), "batch_size"),
    Mistake("train_gan", "device='gpu'", lambda c: _train(device="gpu"), "cuda"),
    Mistake("train_gan", "device='cuda' without a GPU", lambda c: _train(device="cuda"),
            "no CUDA" if not GPU else "", expect=ERROR if not GPU else ACCEPT,
            check=lambda h: True),
    Mistake("train_gan", "device='tpu'", lambda c: _train(device="tpu"), "device"),
    Mistake("train_gan", "time_budget='60'", lambda c: _train(time_budget="60"), "time_budget"),
    Mistake("train_gan", "time_budget=-5", lambda c: _train(time_budget=-5), "time_budget"),
    Mistake("train_gan", "callbacks=['snapshots']", lambda c: _train(callbacks=["snapshots"]), "callback"),
    Mistake("train_gan", "a single callback, not in a list",
            lambda c: _train(callbacks=gh.Snapshots(torch.randn(4, 8))), expect=ACCEPT,
            check=lambda h: len(h["d_loss"]) == 1),
    Mistake("train_gan", "checkpoint_every=0",
            lambda c: _train(checkpoint_every=0, checkpoint_path=c.path("every.pt")), "checkpoint_every"),
    Mistake("train_gan", "checkpoint_path is a folder", lambda c: _train(checkpoint_path=c.path("empty")),
            "folder"),
    Mistake("train_gan", "checkpoint_path under a file, not a folder",
            lambda c: _train(checkpoint_path=c.files["a file"] / "x.pt"), "cannot write"),
    Mistake("train_gan", "a fresh run onto an existing checkpoint",
            lambda c: _train(checkpoint_path=c.path("good.pt")), "overwrite"),
    Mistake("train_gan", "precision='fp16'", lambda c: _train(precision="fp16"), "precision"),
    Mistake("train_gan", "discriminator_pretraining=-1", lambda c: _train(discriminator_pretraining=-1),
            "discriminator_pretraining"),
    Mistake("train_gan", "an empty data set", lambda c: _train(data=torch.zeros(0, 1, 28, 28)), "empty"),
    Mistake("train_gan", "a NumPy array as data", lambda c: _train(data=_images().numpy()), expect=ACCEPT,
            check=lambda h: len(h["d_loss"]) == 1),
    Mistake("train_gan", "images scaled to [0, 255]", lambda c: _train(data=(_images() + 1) * 127.5),
            "127.5"),
    Mistake("train_gan", "history= a list", lambda c: _train(history=[]), "history"),
    Mistake("train_gan", "a model, not a step", lambda c: gh.train_gan(gh.MLPGenerator(8), _images(),
            epochs=1, batch_size=4), "step"),
    # --- checkpoints ----------------------------------------------------------------------------
    Mistake("checkpoint", "load_checkpoint on a missing file",
            lambda c: gh.load_checkpoint(c.path("missing.pt"), _small_step()), "no checkpoint"),
    Mistake("checkpoint", "load_checkpoint on random bytes",
            lambda c: gh.load_checkpoint(c.path("random.pt"), _small_step()), "not a readable checkpoint"),
    Mistake("checkpoint", "load_checkpoint on an empty file",
            lambda c: gh.load_checkpoint(c.path("empty.pt"), _small_step()), "not a readable checkpoint"),
    Mistake("checkpoint", "load_checkpoint on a text file",
            lambda c: gh.load_checkpoint(c.path("text.pt"), _small_step()), "not a readable checkpoint"),
    Mistake("checkpoint", "load_checkpoint into networks of another size",
            lambda c: gh.load_checkpoint(c.path("good.pt"), _other_step()), "shape"),
    Mistake("checkpoint", "load_checkpoint(map_location='gpu')",
            lambda c: gh.load_checkpoint(c.path("good.pt"), _small_step(), map_location="gpu"), "cuda"),
    Mistake("checkpoint", "load_checkpoint(map_location='cuda') without a GPU",
            lambda c: gh.load_checkpoint(c.path("good.pt"), _small_step(), map_location="cuda"),
            "no CUDA" if not GPU else "", expect=ERROR if not GPU else ACCEPT, check=lambda h: True),
    Mistake("checkpoint", "save_checkpoint onto a folder",
            lambda c: gh.save_checkpoint(c.path("empty"), _small_step(), gh.History()), "folder"),
    Mistake("checkpoint", "load_sampling_generator into another architecture",
            lambda c: gh.load_sampling_generator(c.path("good.pt"), gh.MLPGenerator(9, hidden=(16,))),
            "shape"),
    # --- config ------------------------------------------------------------------------------------
    Mistake("config", "select_device('gpu')", lambda c: gh.select_device("gpu"), "cuda"),
    Mistake("config", "select_device('cuda') without a GPU", lambda c: gh.select_device("cuda"),
            "no CUDA" if not GPU else "", expect=ERROR if not GPU else ACCEPT, check=lambda d: True),
    Mistake("config", "select_device('tpu')", lambda c: gh.select_device("tpu"), "device"),
    Mistake("config", "seed_everything(-1)", lambda c: gh.seed_everything(-1), "seed"),
    Mistake("config", "seed_everything('42')", lambda c: gh.seed_everything("42"), "seed"),
    Mistake("config", "seed_everything(1.5)", lambda c: gh.seed_everything(1.5), "seed"),
    Mistake("config", "seed_everything(np.int64(3))", lambda c: gh.seed_everything(np.int64(3)),
            expect=ACCEPT, check=lambda r: True),
    # --- widgets and plots -------------------------------------------------------------------------
    Mistake("widgets", "interpolation_controls given a discriminator",
            lambda c: gh.interpolation_controls(gh.MLPDiscriminator(hidden=(16,))), "generator"),
    Mistake("widgets", "digit_controls given an unconditional generator",
            lambda c: gh.digit_controls(gh.MLPGenerator(8, hidden=(16,))), "conditional"),
    Mistake("widgets", "infogan_controls given a plain step",
            lambda c: gh.infogan_controls(_small_step()), "InfoGAN"),
    Mistake("widgets", "digit_controls(samples=0)",
            lambda c: gh.digit_controls(_conditional(), samples=0), "samples"),
    Mistake("plots", "show_images of (N, 28, 28)", lambda c: gh.show_images(torch.zeros(4, 28, 28)),
            expect=ACCEPT, check=lambda f: f is not None),
    Mistake("plots", "show_images(nrow=0)", lambda c: gh.show_images(_images(), nrow=0), "nrow"),
    Mistake("plots", "image_grid of pixels in [0, 255]", lambda c: gh.image_grid((_images() + 1) * 127.5),
            "[-1, 1]"),
    Mistake("plots", "plot_history of a list", lambda c: gh.plot_history([]), "History"),
    Mistake("plots", "plot_history of a metric it never recorded",
            lambda c: gh.plot_history(_train(), metrics=["fid"]), "fid"),
    Mistake("plots", "save_animation of no frames", lambda c: gh.save_animation([], c.path("a.gif")), "frames"),
    Mistake("plots", "save_animation to a .png path",
            lambda c: gh.save_animation([np.zeros((8, 8, 3), np.uint8)], c.path("a.png")), ".gif"),
    Mistake("plots", "evenly_spaced(items, 0)", lambda c: gh.evenly_spaced([1, 2, 3], 0), "count"),
    # --- results and metrics -----------------------------------------------------------------------
    Mistake("results", "write_results('../x')", lambda c: _write_results("../x"), "name"),
    Mistake("results", "write_results(images=-1)", lambda c: _write_results("x", images=-1), "images"),
    Mistake("results", "write_results with a NaN metric", lambda c: _write_results("x", fid=float("nan")),
            "NaN"),
    Mistake("results", "read_results of a missing folder", lambda c: gh.read_results(c.path("nowhere")),
            "no folder"),
    Mistake("metrics", "nearest_neighbours(k=0)", lambda c: gh.nearest_neighbours(_images(), _images(), 0), "k"),
    Mistake("metrics", "interpolate(mode='cubic')",
            lambda c: gh.interpolate(torch.randn(8), torch.randn(8), 0.5, "cubic"), "mode"),
    Mistake("metrics", "interpolate between latents of different sizes",
            lambda c: gh.interpolate(torch.randn(8), torch.randn(9), 0.5), "shape"),
    Mistake("metrics", "fgsm(epsilon=-0.1)",
            lambda c: gh.fgsm(torch.nn.Flatten(), _images(), torch.zeros(8, dtype=torch.long), -0.1),
            "epsilon"),
    Mistake("metrics", "DigitQuality(samples=0)",
            lambda c: gh.DigitQuality(gh.images_from_array(_images()), samples=0), "samples"),
    Mistake("metrics", "sample_spread of one image", lambda c: gh.sample_spread(_images(1)), "2"),
    # --- the playground ------------------------------------------------------------------------------
    Mistake("playground", "playground(g_lr=0)", lambda c: gh.playground(g_lr=0), "learning rate"),
    Mistake("playground", "playground(target='spiral')", lambda c: gh.playground(target="spiral"), "target"),
    Mistake("playground", "playground(batch_size=1)", lambda c: gh.playground(batch_size=1), "batch size"),
    Mistake("playground", "playground(lr=0.01)", lambda c: gh.playground(lr=0.01), "unknown setting"),
]  # fmt: skip


def _swapped_optimizers():
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.AdversarialStep(
        generator, discriminator, gh.adam(discriminator, 1e-3), gh.adam(generator, 1e-3)
    )


def _d_optimizer_over_g():
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(generator, 1e-3)
    )


def _swapped_networks():
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.AdversarialStep(
        discriminator, generator, gh.adam(discriminator, 1e-3), gh.adam(generator, 1e-3)
    )


def _string_optimizer():
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.AdversarialStep(generator, discriminator, "adam", "adam")


def _conditional_without_labels():
    generator = gh.ConditionalGenerator(latent_dim=8, width=8)
    discriminator = gh.ConditionalDiscriminator(width=8)
    step = gh.ConditionalStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    return _train(step, data=_images())


def _wasserstein(**options):
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.WassersteinStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3), **options
    )


def _smoothing(real_label):
    generator, discriminator = gh.MLPGenerator(8, hidden=(16,)), gh.MLPDiscriminator(hidden=(16,))
    return gh.LabelSmoothingStep(
        generator,
        discriminator,
        gh.adam(generator, 1e-3),
        gh.adam(discriminator, 1e-3),
        real_label=real_label,
    )


def _other_step():
    generator, discriminator = gh.MLPGenerator(8, hidden=(32,)), gh.MLPDiscriminator(hidden=(32,))
    return gh.AdversarialStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )


def _write_results(name, images=10, fid=1.0):
    return gh.write_results(
        name, data="x", images=images, seed=0, train_seconds=1.0, metrics={"fid": fid}, device="cpu"
    )


# --- running the catalogue ------------------------------------------------------------------------
CLEAR, MESSAGE, RAW, SILENT, WRONG, ACCEPTED, MISSING = (
    "clear",
    "package message, builtin class",
    "raw",
    "silent",
    "accepted, wrong result",
    "accepted",
    "n/a",
)


def run(mistake: Mistake, ctx: Context) -> tuple[str, str]:
    """What happens: one of the outcomes above, and the error's message (if any)."""
    import warnings

    package_error = getattr(gh, "GanHelpersError", None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = mistake.call(ctx)
    except AttributeError as error:
        if "module 'ganhelpers' has no attribute" in str(error):
            return MISSING, str(error)
        return _raised(error, package_error)
    except Exception as error:  # noqa: BLE001 -- classifying every failure is the point
        return _raised(error, package_error)
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    if mistake.expect == ACCEPT:
        try:
            ok = bool(mistake.check(result))
        except Exception:  # noqa: BLE001
            ok = False
        return (ACCEPTED if ok else WRONG), ""
    if hasattr(result, "close") and callable(result.close) and not isinstance(result, Path):
        result.close()
    return SILENT, ""


def _raised(error: BaseException, package_error: type | None) -> tuple[str, str]:
    message = f"{type(error).__name__}: {error}"
    if package_error is not None and isinstance(error, package_error):
        return CLEAR, message
    frames = traceback.extract_tb(error.__traceback__)
    innermost = frames[-1].filename if frames else ""
    line = (frames[-1].line or "") if frames else ""
    if "ganhelpers" in innermost and "tests" not in innermost and line.startswith("raise"):
        return MESSAGE, message
    return RAW, message
