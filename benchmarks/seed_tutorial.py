"""The course's seed tutorial (MNIST MLP GAN), verbatim, for the benchmarks to run beside
ganhelpers: its models and its training loop over a DataLoader of torchvision's MNIST."""

from __future__ import annotations

import time
from pathlib import Path

import torch
import torchvision
import torchvision.transforms as transforms
from torch import nn


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


class SeedTutorial:
    """The seed's loader, models, loss and optimizers; ``run()`` trains one epoch of its loop."""

    def __init__(self, root: Path, batch_size: int, device: torch.device) -> None:
        transform = transforms.Compose(
            [transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))]
        )
        train_set = torchvision.datasets.MNIST(
            root=root, train=True, download=True, transform=transform
        )
        self.train_loader = torch.utils.data.DataLoader(
            train_set, batch_size=batch_size, shuffle=True
        )
        self.batch_size, self.device = batch_size, device
        self.discriminator = Discriminator().to(device=device)
        self.generator = Generator().to(device=device)
        self.generator.latent_dim = 100  # lets ganhelpers' metrics sample its noise
        lr = 0.0001
        self.loss_function = nn.BCELoss()
        self.optimizer_discriminator = torch.optim.Adam(self.discriminator.parameters(), lr=lr)
        self.optimizer_generator = torch.optim.Adam(self.generator.parameters(), lr=lr)

    def run(self, batches: int | None = None) -> float:
        """One epoch of the seed's loop (or its first ``batches`` batches); returns seconds."""
        batch_size, device = self.batch_size, self.device
        discriminator, generator = self.discriminator, self.generator
        loss_function = self.loss_function
        optimizer_discriminator = self.optimizer_discriminator
        optimizer_generator = self.optimizer_generator
        started = time.perf_counter()
        for n, (real_samples, mnist_labels) in enumerate(self.train_loader):  # noqa: B007
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
