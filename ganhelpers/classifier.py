"""A small MNIST CNN classifier, used to judge generated digits (which class does it look like?)."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from .data import Digits


class DigitClassifier(nn.Module):
    """Two conv blocks and a linear layer: 28×28 image in [-1, 1] → 10 class logits."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Dropout(0.3),
            nn.Linear(64 * 7 * 7, 10),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)

    @torch.no_grad()
    def predict(self, images: Tensor, batch_size: int = 1000) -> Tensor:
        """Predicted class of each image (evaluation mode, in batches)."""
        was_training = self.training
        self.eval()
        device = next(self.parameters()).device
        predictions = [
            self(images[i : i + batch_size].to(device)).argmax(1).cpu()
            for i in range(0, len(images), batch_size)
        ]
        self.train(was_training)
        return torch.cat(predictions)


def train_classifier(
    digits: Digits, epochs: int = 5, held_out: float = 0.2, seed: int = 0, batch_size: int = 64
) -> tuple[DigitClassifier, float]:
    """Train a ``DigitClassifier`` on a random ``1 - held_out`` share of ``digits`` (with random
    shifts of up to 2 pixels); return it and its accuracy on the held-out rest."""
    if not 0 < held_out < 1:
        raise ValueError(f"held_out must be a fraction in (0, 1), got {held_out}")
    generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(digits), generator=generator).to(digits.images.device)
    n_test = int(len(digits) * held_out)
    test, train = order[:n_test], order[n_test:]
    model = DigitClassifier().to(digits.images.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        shuffled = train[torch.randperm(len(train), generator=generator).to(train.device)]
        for i in range(0, len(shuffled), batch_size):
            index = shuffled[i : i + batch_size]
            shift = torch.randint(-2, 3, (2,), generator=generator).tolist()
            images = torch.roll(digits.images[index], shifts=shift, dims=(2, 3))
            loss = nn.functional.cross_entropy(model(images), digits.labels[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    predicted = model.predict(digits.images[test])
    accuracy = (predicted == digits.labels[test].cpu()).float().mean().item()
    return model, accuracy
