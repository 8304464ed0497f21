"""Your own images: a folder of image files, or a tensor or NumPy array of images, turned into
the data set the notebooks train on (``Digits``: images in [−1, 1] and labels), checked the same
way as MNIST. Files are decoded once, with torchvision, and kept in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError
from torch import Tensor
from torchvision.datasets.folder import IMG_EXTENSIONS
from torchvision.transforms import v2
from tqdm.auto import tqdm

from ..gan.models import resampling_steps
from .data import Digits
from .validation import check_images, check_labels

CHANNELS = (1, 3)


def _check_format(image_size: int, channels: int) -> None:
    resampling_steps(image_size)  # refuses a size the course's models cannot build
    if channels not in CHANNELS:
        raise ValueError(f"channels must be 1 (grey) or 3 (colour), got {channels!r}")


def image_files(folder: Path) -> tuple[list[Path], list[int], list[str]]:
    """Image files of ``folder`` with a class index each: one class per subfolder when there are
    subfolders with images (as ``torchvision.datasets.ImageFolder``), else one class, 0."""

    def images_in(directory: Path) -> list[Path]:
        return sorted(
            p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in IMG_EXTENSIONS
        )

    classes = sorted(d.name for d in folder.iterdir() if d.is_dir() and images_in(d))
    if classes:
        files, labels = [], []
        for index, name in enumerate(classes):
            found = images_in(folder / name)
            files += found
            labels += [index] * len(found)
        return files, labels, classes
    files = images_in(folder)
    return files, [0] * len(files), [folder.name]


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
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder at {folder}")
    files, labels, classes = image_files(folder)
    if not files:
        raise ValueError(
            f"{folder} holds no images (looked for {', '.join(IMG_EXTENSIONS)} files in it and "
            "in its subfolders)"
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
                images[index] = transform(image.convert(mode))
        except (UnidentifiedImageError, OSError) as error:
            raise ValueError(f"cannot read the image file {file}: {error}") from error
    description = f"{len(files):,} images from {folder}"
    if len(classes) > 1:
        description += f" ({len(classes)} classes: {', '.join(classes)})"
    return images_from_array(images, torch.tensor(labels), source=description)


def images_from_array(
    images: Tensor | np.ndarray,
    labels: Tensor | np.ndarray | None = None,
    source: str = "images from an array",
) -> Digits:
    """Images already in memory, ``(N, C, H, W)`` floats in [−1, 1], checked like a folder's
    (integer pixels, a [0, 1] or [0, 255] range, NaN and infinite values are refused with the
    fix). Without ``labels`` every image gets class 0."""
    images = torch.as_tensor(images)
    check_images(images)
    if images.shape[1] not in CHANNELS:
        raise ValueError(
            f"images have {images.shape[1]} channels; the models take 1 (grey) or 3 (colour): "
            "is the channel axis last? Use images.permute(0, 3, 1, 2)"
        )
    labels = (
        torch.zeros(len(images), dtype=torch.long) if labels is None else torch.as_tensor(labels)
    )
    check_labels(labels, len(images))
    return Digits(images.float(), labels.long(), source)


def write_photo_crops(
    folder: str | Path, count: int, crop: int, seed: int = 0, region: tuple[float, float] = (0, 1)
) -> Path:
    """Write ``count`` random ``crop``×``crop`` squares of the colour photograph that ships with
    Matplotlib (Grace Hopper, from its sample data) as PNG files into ``folder``, each lying
    wholly inside the band ``region`` (fractions of the photo's width), so two calls with
    disjoint bands give crops that share no pixel: a real image folder, available offline."""
    from matplotlib import cbook

    with Image.open(cbook.get_sample_data("grace_hopper.jpg")) as photo:
        photo = photo.convert("RGB")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        generator = torch.Generator().manual_seed(seed)
        width, height = photo.size
        low, high = int(region[0] * width), int(region[1] * width) - crop
        if high < low or crop > height:
            raise ValueError(f"a {crop}-pixel crop does not fit in the band {region}")
        for index in range(count):
            left = int(torch.randint(low, high + 1, (1,), generator=generator))
            top = int(torch.randint(0, height - crop + 1, (1,), generator=generator))
            photo.crop((left, top, left + crop, top + crop)).save(folder / f"crop_{index:05d}.png")
    return folder
