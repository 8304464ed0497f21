"""A small MNIST CNN classifier that judges generated digits: which class, how confident, and its
penultimate features for a Fréchet distance. Committed weights: ``assets/mnist_classifier.pt``,
reproduced by ``python -m tools.train_classifier``."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import Tensor, nn

from .arguments import checked_arguments
from .config import as_device, device_of
from .data import Digits
from .errors import ArgumentError, DataNotFound
from .validation import check_tensor

DEFAULT_WEIGHTS = Path(__file__).resolve().parents[2] / "assets" / "mnist_classifier.pt"


class DigitClassifier(nn.Module):
    """Two conv blocks, a 128-unit hidden layer (the features), then 10 class logits."""

    num_features = 128

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Dropout(0.3),
            nn.Linear(64 * 7 * 7, self.num_features),
            nn.ReLU(),
        )
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(self.num_features, 10))

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x))

    @torch.no_grad()
    def predict_proba(self, images: Tensor, batch_size: int = 1000) -> Tensor:
        """Class probabilities of each image (evaluation mode, in batches, on the CPU)."""
        was_training = self.training
        self.eval()
        device = device_of(self)
        probabilities = [
            torch.softmax(self(images[i : i + batch_size].to(device)), dim=1).cpu()
            for i in range(0, len(images), batch_size)
        ]
        self.train(was_training)
        return torch.cat(probabilities)

    def predict(self, images: Tensor) -> Tensor:
        """Predicted class of each image."""
        return self.predict_proba(images).argmax(dim=1)


@checked_arguments
@torch.no_grad()
def predicted_classes(model: nn.Module, images: Tensor, batch_size: int = 1000) -> Tensor:
    """The most likely class of each image under any classifier ``model`` returning logits
    (evaluation mode, in batches; the mode is restored after)."""
    check_tensor(images, "images", kind="float")
    if batch_size < 1:
        raise ArgumentError(f"batch_size must be >= 1, got {batch_size}")
    was_training = model.training
    model.eval()
    try:
        batches = [images[i : i + batch_size] for i in range(0, len(images), batch_size)]
        predicted = torch.cat([model(batch).argmax(dim=1) for batch in batches])
    except (RuntimeError, IndexError, ValueError) as error:
        raise ArgumentError(
            f"the classifier cannot take images of shape {tuple(images.shape)} "
            f"(torch says: {error})"
        ) from error
    finally:
        model.train(was_training)
    return predicted


def split_indices(n: int, held_out: float, seed: int) -> tuple[Tensor, Tensor]:
    """A fixed random ``(train, held-out)`` split of ``n`` items."""
    if not 0 < held_out < 1:
        raise ArgumentError(f"held_out must be a fraction in (0, 1), got {held_out}")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    n_test = int(n * held_out)
    return order[n_test:], order[:n_test]


def classifier_split(n: int) -> tuple[Tensor, Tensor]:
    """``(train, unseen)`` indices of the committed classifier's split of ``n`` digits: the 80%
    it trained on and the 20% it never saw (``main``'s defaults: held out 0.2, seed 0)."""
    return split_indices(n, held_out=0.2, seed=0)


@checked_arguments
def unseen_digits(digits: Digits) -> Digits:
    """The digits the committed classifier never trained on (1,000 of the offline sample's
    5,000)."""
    _, held_out = classifier_split(len(digits))
    index = held_out.to(digits.images.device)
    return Digits(
        digits.images[index], digits.labels[index], f"{digits.source}, {len(index):,} unseen"
    )


def train_classifier(
    digits: Digits, epochs: int = 5, held_out: float = 0.2, seed: int = 0, batch_size: int = 64
) -> tuple[DigitClassifier, float]:
    """Train a ``DigitClassifier`` on a random ``1 - held_out`` share of ``digits`` (with random
    shifts of up to 2 pixels); return it and its accuracy on the held-out rest."""
    train, test = split_indices(len(digits), held_out, seed)
    generator = torch.Generator().manual_seed(seed)
    device = digits.images.device
    model = DigitClassifier().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        shuffled = train[torch.randperm(len(train), generator=generator)].to(device)
        for i in range(0, len(shuffled), batch_size):
            index = shuffled[i : i + batch_size]
            shift = torch.randint(-2, 3, (2,), generator=generator).tolist()
            images = torch.roll(digits.images[index], shifts=shift, dims=(2, 3))
            loss = nn.functional.cross_entropy(model(images), digits.labels[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    predicted = model.predict(digits.images[test.to(device)])
    accuracy = (predicted == digits.labels[test.to(device)].cpu()).float().mean().item()
    return model, accuracy


@checked_arguments
def load_classifier(
    path: str | Path = DEFAULT_WEIGHTS, device: torch.device | str = "cpu"
) -> DigitClassifier:
    """The committed classifier (evaluation mode). Its file records its held-out accuracy."""
    path, device = Path(path), as_device(device)
    if not path.is_file():
        raise DataNotFound(f"no classifier weights at {path}: run python -m tools.train_classifier")
    payload = torch.load(path, map_location=device, weights_only=True)
    model = DigitClassifier().to(device)
    model.load_state_dict(payload["state_dict"])
    model.held_out_accuracy = payload["held_out_accuracy"]
    model.trained_on = payload["data"]
    return model.eval()
