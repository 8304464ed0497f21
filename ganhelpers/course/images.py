"""Your own images: a folder of image files, or a tensor or NumPy array of images, turned into
the data set the notebooks train on (``Digits``: images in [−1, 1] and labels), checked the same
way as MNIST. Files are decoded once, with torchvision, and kept in memory."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError
from torch import Tensor
from torchvision.datasets.folder import IMG_EXTENSIONS
from torchvision.transforms import v2
from tqdm.auto import tqdm

from ..gan.models import resampling_steps
from .arguments import checked_arguments
from .data import Digits
from .errors import ArgumentError, ArgumentTypeError, DataError, DataNotFound
from .validation import as_count, check_images, check_labels

CHANNELS = (1, 3)


def _check_format(image_size: int, channels: int) -> None:
    resampling_steps(image_size)  # refuses a size the course's models cannot build
    if channels not in CHANNELS:
        raise ArgumentError(f"channels must be 1 (grey) or 3 (colour), got {channels!r}")


LAYOUT_RULE = (
    "the layout is either all images directly in the folder (one class), or one subfolder per "
    "class with the images anywhere inside it"
)


def _is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in IMG_EXTENSIONS


def image_files(folder: Path) -> tuple[list[Path], list[int], list[str]]:
    """Image files of ``folder`` with a class index each: one class per subfolder when there are
    subfolders with images (as ``torchvision.datasets.ImageFolder``; images nested deeper count
    for their class folder), else one class, 0. Images both at the top and in class folders are
    refused (which class would they be?); files that are not images are skipped, with a
    warning that counts them."""
    top = sorted(p for p in folder.iterdir() if _is_image(p))
    class_files = {
        d.name: sorted(p for p in d.rglob("*") if _is_image(p))
        for d in sorted(folder.iterdir())
        if d.is_dir() and not d.name.startswith(".")
    }
    class_files = {name: found for name, found in class_files.items() if found}
    if top and class_files:
        raise DataError(
            f"{folder} holds {len(top)} image(s) at its top (e.g. {top[0].name}) and class "
            f"folders ({', '.join(class_files)}): {LAYOUT_RULE}. Move the top-level images into "
            "a class folder of their own"
        )
    skipped = [
        p
        for p in folder.rglob("*")
        if p.is_file() and not _is_image(p) and not p.name.startswith(".")
    ]
    if skipped:
        warnings.warn(
            f"skipped {len(skipped)} file(s) under {folder} that are not images "
            f"(e.g. {skipped[0].name}); images are {', '.join(IMG_EXTENSIONS)}",
            stacklevel=3,
        )
    if class_files:
        files, labels = [], []
        for index, found in enumerate(class_files.values()):
            files += found
            labels += [index] * len(found)
        return files, labels, list(class_files)
    return top, [0] * len(top), [folder.name]


def as_seen(image: Image.Image, mode: str) -> Image.Image:
    """The picture as an image viewer shows it, in ``mode`` ("L" or "RGB", 8 bits): the EXIF
    orientation of a phone photo applied; 16-bit and floating-point pixels scaled from their
    real range (the file's lowest to highest value: 16-bit files often hold 10- to 14-bit data
    and float images have no fixed scale) to 0-255; transparent pixels put on white, as a page
    shows them. Ordinary 8-bit images are converted exactly as ``Image.convert`` does."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) / (high - low) * 255 if high > low else np.full_like(values, 128)
        image = Image.fromarray(scaled.round().astype(np.uint8), mode="L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image.alpha_composite(rgba)
    return image.convert(mode)


@checked_arguments
def image_folder(
    path: str | Path, image_size: int = 32, channels: int = 3, progress: bool = True
) -> Digits:
    """The images under ``path`` as ``Digits`` (images ``(N, channels, image_size, image_size)``
    in [−1, 1], labels from class subfolders if any, else all 0). Each image is converted to
    grey (``channels=1``) or RGB (3), resized so its shorter side is ``image_size`` and cropped
    at the centre to a square. Raises a clear error for a missing or empty folder and names any
    file that cannot be read."""
    _check_format(image_size, channels)
    folder = Path(path)
    if folder.is_file():
        raise ArgumentError(f"{folder} is a file, not a folder: give the folder that holds it")
    if not folder.is_dir():
        raise DataNotFound(f"no folder at {folder}")
    files, labels, classes = image_files(folder)
    if not files:
        raise DataError(
            f"{folder} holds no images (looked for {', '.join(IMG_EXTENSIONS)} files in it "
            f"and in its subfolders; {LAYOUT_RULE})"
        )
    transform = v2.Compose(
        [
            v2.PILToTensor(),
            v2.Resize(image_size, antialias=True),
            v2.CenterCrop(image_size),
            v2.ToDtype(torch.float32, scale=True),
            v2.Normalize([0.5] * channels, [0.5] * channels),  # [0, 1] → [−1, 1]
        ]
    )
    mode = "L" if channels == 1 else "RGB"
    images = torch.empty(len(files), channels, image_size, image_size)
    for index, file in enumerate(tqdm(files, desc="decoding", unit="image", disable=not progress)):
        try:
            with Image.open(file) as image:
                images[index] = transform(as_seen(image, mode))
        except Image.DecompressionBombError as error:
            raise DataError(
                f"{file} is too large to decode safely ({error}): shrink it, or raise "
                "PIL.Image.MAX_IMAGE_PIXELS if you trust the file"
            ) from None
        except (UnidentifiedImageError, OSError) as error:
            raise DataError(
                f"cannot read the image file {file}: {error}. Remove or replace it"
            ) from error
    description = f"{len(files):,} images from {folder}"
    if len(classes) > 1:
        description += f" ({len(classes)} classes: {', '.join(classes)})"
    return images_from_array(images, torch.tensor(labels), source=description)


@checked_arguments
def images_from_array(
    images: Tensor | np.ndarray,
    labels: Tensor | np.ndarray | None = None,
    source: str = "images from an array",
) -> Digits:
    """Images already in memory, ``(N, C, H, W)`` floats in [−1, 1], checked like a folder's
    (other integer pixels, a [0, 1] or [0, 255] float range, NaN and infinite values are refused
    with the fix). What is obviously meant is accepted: ``uint8`` pixels (0-255) are scaled to
    [−1, 1] and grey images ``(N, H, W)`` get their channel axis. Without ``labels`` every image
    gets class 0; labels are integer class indices, not names."""
    if not isinstance(images, (Tensor, np.ndarray)):
        raise ArgumentTypeError(
            f"images must be a torch.Tensor or a NumPy array, got {type(images).__name__}: "
            "stack a list of images with np.stack(images)"
        )
    images = torch.as_tensor(images)
    if images.dtype == torch.uint8:
        images = images.float() / 127.5 - 1
    if images.ndim == 3:
        images = images.unsqueeze(1)
    check_images(images)
    if images.shape[1] not in CHANNELS:
        raise ArgumentError(
            f"images have {images.shape[1]} channels; the models take 1 (grey) or 3 (colour): "
            "is the channel axis last? Use images.permute(0, 3, 1, 2)"
        )
    if labels is not None and np.asarray(labels).dtype.kind in "USO":
        raise ArgumentTypeError(
            "labels are class names (strings): give integer class indices instead, e.g. "
            "names = sorted(set(labels)); labels = [names.index(label) for label in labels]"
        )
    labels = (
        torch.zeros(len(images), dtype=torch.long) if labels is None else torch.as_tensor(labels)
    )
    check_labels(labels, len(images))
    return Digits(images.float(), labels.long(), source)


@checked_arguments
def write_photo_crops(
    folder: str | Path, count: int, crop: int, seed: int = 0, region: tuple[float, float] = (0, 1)
) -> Path:
    """Write ``count`` random ``crop``×``crop`` squares of the colour photograph that ships with
    Matplotlib (Grace Hopper, from its sample data) as PNG files into ``folder``, each lying
    wholly inside the band ``region`` (fractions of the photo's width), so two calls with
    disjoint bands give crops that share no pixel: a real image folder, available offline."""
    from matplotlib import cbook

    count, crop = as_count(count, "count"), as_count(crop, "crop")
    if not 0 <= region[0] < region[1] <= 1:
        raise ArgumentError(f"region must be fractions 0 <= low < high <= 1, got {region}")

    with Image.open(cbook.get_sample_data("grace_hopper.jpg")) as photo:
        photo = photo.convert("RGB")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        generator = torch.Generator().manual_seed(seed)
        width, height = photo.size
        low, high = int(region[0] * width), int(region[1] * width) - crop
        if high < low or crop > height:
            raise ArgumentError(f"a {crop}-pixel crop does not fit in the band {region}")
        for index in range(count):
            left = int(torch.randint(low, high + 1, (1,), generator=generator))
            top = int(torch.randint(0, height - crop + 1, (1,), generator=generator))
            photo.crop((left, top, left + crop, top + crop)).save(folder / f"crop_{index:05d}.png")
    return folder
