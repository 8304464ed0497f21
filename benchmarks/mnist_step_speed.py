"""Benchmark: the seed tutorial's MNIST training loop, verbatim, against ganhelpers' trainer.

Both run in this process, on the same digits (the full MNIST when it is cached or downloadable,
otherwise the 5,000-digit offline sample), with the same models, batch size and number of batches.
The seed loop reads torchvision's MNIST dataset through a DataLoader, as the tutorial does; the
digits are written as torchvision IDX files into a temporary folder first, so the seed code runs
unchanged. Prints ms per batch for each and the ratio.

    python benchmarks/mnist_step_speed.py --batches 150 --batch-size 32
"""

from __future__ import annotations

import argparse
import struct
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torchvision
import torchvision.transforms as transforms
from torch import nn

from ganhelpers import AdversarialStep, adam, mnist, seed_everything, train_gan
from ganhelpers.models import MLPDiscriminator, MLPGenerator


def write_torchvision_mnist(root: Path, images: np.ndarray, labels: np.ndarray) -> None:
    """Write uint8 digits as the raw IDX files torchvision's MNIST class reads."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    n = len(images)
    for split in ("train", "t10k"):
        header = struct.pack(">IIII", 0x0803, n, 28, 28)
        (raw / f"{split}-images-idx3-ubyte").write_bytes(header + images.tobytes())
        (raw / f"{split}-labels-idx1-ubyte").write_bytes(
            struct.pack(">II", 0x0801, n) + labels.tobytes()
        )


# ----- the seed tutorial's code, verbatim (models, loss, optimizers, loop body) -----
class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(784, 1024),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(1024, 512),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(512, 256),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(256, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        x = x.view(x.size(0), 784)
        output = self.model(x)
        return output


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(100, 256),
            nn.ReLU(),
            nn.Linear(256, 512),
            nn.ReLU(),
            nn.Linear(512, 1024),
            nn.ReLU(),
            nn.Linear(1024, 784),
            nn.Tanh(),
        )

    def forward(self, x):
        output = self.model(x)
        output = output.view(x.size(0), 1, 28, 28)
        return output


def seed_loop(root: Path, batch_size: int, batches: int, device: torch.device) -> float:
    """The seed's training loop for ``batches`` batches; returns seconds."""
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    train_set = torchvision.datasets.MNIST(
        root=root, train=True, download=True, transform=transform
    )
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=batch_size, shuffle=True)
    discriminator = Discriminator().to(device=device)
    generator = Generator().to(device=device)
    lr = 0.0001
    loss_function = nn.BCELoss()
    optimizer_discriminator = torch.optim.Adam(discriminator.parameters(), lr=lr)
    optimizer_generator = torch.optim.Adam(generator.parameters(), lr=lr)
    started = time.perf_counter()
    for n, (real_samples, mnist_labels) in enumerate(train_loader):  # noqa: B007
        if n == batches:
            break
        # Data for training the discriminator
        real_samples = real_samples.to(device=device)
        real_samples_labels = torch.ones((batch_size, 1)).to(device=device)
        latent_space_samples = torch.randn((batch_size, 100)).to(device=device)
        generated_samples = generator(latent_space_samples)
        generated_samples_labels = torch.zeros((batch_size, 1)).to(device=device)
        all_samples = torch.cat((real_samples, generated_samples))
        all_samples_labels = torch.cat((real_samples_labels, generated_samples_labels))
        # Training the discriminator
        discriminator.zero_grad()
        output_discriminator = discriminator(all_samples)
        loss_discriminator = loss_function(output_discriminator, all_samples_labels)
        loss_discriminator.backward()
        optimizer_discriminator.step()
        # Data for training the generator
        latent_space_samples = torch.randn((batch_size, 100)).to(device=device)
        # Training the generator
        generator.zero_grad()
        generated_samples = generator(latent_space_samples)
        output_discriminator_generated = discriminator(generated_samples)
        loss_generator = loss_function(output_discriminator_generated, real_samples_labels)
        loss_generator.backward()
        optimizer_generator.step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - started


# ----- end of the seed's code -----


def ganhelpers_loop(digits, batch_size: int, batches: int, device: torch.device) -> float:
    """ganhelpers' trainer, one epoch over exactly ``batches`` batches; returns seconds."""
    data = digits.subset(batches * batch_size).to(device)
    generator, discriminator = MLPGenerator().to(device), MLPDiscriminator().to(device)
    step = AdversarialStep(
        generator, discriminator, adam(generator, 1e-4), adam(discriminator, 1e-4)
    )
    started = time.perf_counter()
    train_gan(step, data, epochs=1, batch_size=batch_size, progress=False)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=150)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each; the best is kept")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    device = torch.device(args.device)
    seed_everything(0)
    digits = mnist()
    if args.batches * args.batch_size > len(digits):
        parser.error(
            f"{args.batches} batches of {args.batch_size} need more than {len(digits)} digits"
        )
    pixels = ((digits.images[:, 0] + 1) * 127.5).round().to(torch.uint8).numpy()
    labels = digits.labels.to(torch.uint8).numpy()
    print(
        f"data: {digits.source}; device: {device}; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads; {args.batches} batches of {args.batch_size}"
    )
    with tempfile.TemporaryDirectory() as root:
        write_torchvision_mnist(Path(root), pixels, labels)
        seed_loop(Path(root), args.batch_size, 10, device)  # warm-up
        seed = min(
            seed_loop(Path(root), args.batch_size, args.batches, device)
            for _ in range(args.repeats)
        )
    ganhelpers_loop(digits, args.batch_size, 10, device)  # warm-up
    ours = min(
        ganhelpers_loop(digits, args.batch_size, args.batches, device) for _ in range(args.repeats)
    )
    seed_ms, ours_ms = 1000 * seed / args.batches, 1000 * ours / args.batches
    for name, ms in [("seed loop", seed_ms), ("ganhelpers loop", ours_ms)]:
        epoch_s = ms * 60_000 / args.batch_size / 1000
        print(f"{name + ':':18} {ms:7.2f} ms/batch  ({epoch_s:6.1f} s per 60k-image epoch)")
    print(f"speed-up:          {seed_ms / ours_ms:.2f}x")


if __name__ == "__main__":
    main()
