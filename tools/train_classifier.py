"""Retrain the MNIST classifier behind the course's quality measures and write its weights
(``assets/mnist_classifier.pt`` by default): ``python -m tools.train_classifier``."""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from ganhelpers.course.classifier import DEFAULT_WEIGHTS, train_classifier
from ganhelpers.course.data import mnist


def main() -> None:
    parser = argparse.ArgumentParser(description="Train the MNIST classifier used by the metrics.")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_WEIGHTS)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    digits = mnist()
    model, accuracy = train_classifier(digits, epochs=args.epochs, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "state_dict": model.state_dict(),
        "held_out_accuracy": accuracy,
        "data": f"{digits.source}; 80/20 split, seed {args.seed}",
    }
    torch.save(payload, args.out)
    print(f"held-out accuracy {accuracy:.2%} on {digits.source}; weights written to {args.out}")


if __name__ == "__main__":
    main()
