"""Benchmark: one 60,000-image epoch of notebook 03's DCGAN step on a CUDA GPU (issue #14).

The digits (the full MNIST when cached, else the offline 5,000-digit sample repeated to 60,000
images), batch 64 (937 steps), notebook 03's step (``step_speed.dcgan_step``: PacGAN D, EMA of G).
Each variant trains a freshly built step: a warm-up epoch (its time, compilation or capture
included, is reported apart), then ``--epochs`` timed epochs; the median epoch is reported, timed
with the device synchronised before and after. cuDNN's defaults are kept (TF32 convolutions on,
``cudnn.benchmark`` on).

- ``eager``: ``train_gan`` unchanged, the loop every notebook runs (statistics read from the
  device every ``READ_EVERY`` batches, never per batch).
- ``eager-bf16``: the same with ``precision="bf16"``.
- ``compile``: G and D wrapped in ``torch.compile(mode="reduce-overhead", dynamic=False)``
  (Inductor's kernels replayed as CUDA graphs), then ``train_gan``; optimizers and EMA stay
  eager. Each step starts with ``torch.compiler.cudagraph_mark_step_begin()`` (without it the
  graphs' output buffers are overwritten while the step still reads them, and training stops
  with an error).
- ``compile-default``: the same with ``torch.compile``'s default mode (no CUDA graphs).
- ``graph``: the whole step (D update, G update, EMA, statistics) captured once in a CUDA graph
  (``torch.cuda.graph``, Adam made ``capturable``) and replayed per batch: one graph launch and
  two copies per batch. ``train_gan`` has no such switch; this loop is the benchmark's own.

Quality is checked, not assumed: each variant's weight-averaged G is scored after its epochs with
the committed classifier (FID of 1,000 samples against 2,000 real digits; real-vs-real floor
7.2 at that size on the offline sample), so a variant that trains faster but worse shows it.
Writes ``results/gpu_epoch.json``. Needs CUDA; no test runs it.

    python benchmarks/gpu_epoch.py --epochs 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from step_speed import dcgan_step
from torch import Tensor

from ganhelpers import AdversarialStep, DigitQuality, Digits, mnist, seed_everything, train_gan
from ganhelpers.course.results import write_results

BATCH_SIZE = 64
EPOCH_IMAGES = 60_000
VARIANTS = ("eager", "graph", "eager-bf16", "compile", "compile-default")


def repeated_to(digits: Digits, n: int) -> Digits:
    """``digits`` repeated (and cut) to ``n`` images, so an epoch has full MNIST's length."""
    times = -(-n // len(digits))
    return Digits(
        digits.images.repeat(times, 1, 1, 1)[:n],
        digits.labels.repeat(times)[:n],
        f"{digits.source} repeated to {n:,}",
    )


class MarkedStep:
    """``step`` with ``torch.compiler.cudagraph_mark_step_begin()`` before each call: tells
    CUDA-graph trees that the previous step's outputs are no longer needed."""

    def __init__(self, step: AdversarialStep) -> None:
        self.step = step

    def __call__(self, real: Tensor, labels: Tensor | None = None) -> Tensor:
        torch.compiler.cudagraph_mark_step_begin()
        return self.step(real, labels)

    def train(self) -> None:
        self.step.train()


def synchronised_seconds(run: Callable[[], object]) -> float:
    torch.cuda.synchronize()
    started = time.perf_counter()
    run()
    torch.cuda.synchronize()
    return time.perf_counter() - started


class GraphedEpochs:
    """``step`` captured in one CUDA graph, replayed once per batch. Its epochs shuffle on the
    device like ``train_gan``'s and check the statistics for non-finite values once per epoch.
    Capture needs 3 warm-up updates first (on random batches; they count as training). Only
    device work is replayed: a step that keeps Python-side state between batches (WGAN-GP's
    critic counter) would replay its state at capture forever, so it cannot be graphed so."""

    def __init__(self, step: AdversarialStep, samples: Tensor) -> None:
        for optimizer in (step.g_optimizer, step.d_optimizer):
            for group in optimizer.param_groups:
                group["capturable"] = True  # step counters on the device, as capture needs
        self.samples = samples
        self.real = samples[:BATCH_SIZE].clone()
        step.train()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm-up outside the graph: optimizer state, cuDNN plans
            for _ in range(3):
                index = torch.randint(len(samples), (BATCH_SIZE,), device=samples.device)
                self.real.copy_(samples[index])
                step(self.real)
        torch.cuda.current_stream().wait_stream(side)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            self.statistics = step(self.real)

    def epoch(self, before_batch: Callable[[int], None] | None = None) -> Tensor:
        """One epoch; ``before_batch(batch)``, if given, runs before each replay (e.g. to set a
        learning rate held in a device tensor)."""
        n_batches = len(self.samples) // BATCH_SIZE
        shuffled = self.samples[torch.randperm(len(self.samples), device=self.samples.device)]
        epoch_stats = torch.empty(n_batches, len(self.statistics), device=self.samples.device)
        for batch in range(n_batches):
            self.real.copy_(shuffled[batch * BATCH_SIZE : (batch + 1) * BATCH_SIZE])
            if before_batch is not None:
                before_batch(batch)
            self.graph.replay()
            epoch_stats[batch].copy_(self.statistics)
        if not bool(torch.isfinite(epoch_stats).all()):
            raise FloatingPointError("non-finite loss in a graphed epoch")
        return epoch_stats.mean(dim=0)


def run_variant(variant: str, digits: Digits, epochs: int, quality: DigitQuality) -> dict:
    """Warm-up epoch, ``epochs`` timed epochs and the FID of the result, for one variant."""
    seed_everything(0)
    step = dcgan_step()
    step.generator.cuda()
    step.discriminator.cuda()
    if step.average is not None:
        step.average.cuda()
    samples = digits.images.cuda()
    if variant == "graph":
        started = time.perf_counter()
        graphed = GraphedEpochs(step, samples)
        capture = time.perf_counter() - started
        warm_up = synchronised_seconds(graphed.epoch) + capture
        run_epoch = graphed.epoch
    else:
        trained = step
        if variant.startswith("compile"):
            mode = "reduce-overhead" if variant == "compile" else "default"
            step.generator = torch.compile(step.generator, mode=mode, dynamic=False)
            step.discriminator = torch.compile(step.discriminator, mode=mode, dynamic=False)
            trained = MarkedStep(step) if mode == "reduce-overhead" else step
        options = {
            "epochs": 1,
            "batch_size": BATCH_SIZE,
            "precision": "bf16" if variant == "eager-bf16" else "fp32",
            "progress": False,
        }

        def run_epoch() -> None:
            train_gan(trained, samples, **options)

        warm_up = synchronised_seconds(run_epoch)
    seconds = [synchronised_seconds(run_epoch) for _ in range(epochs)]
    measured = quality.measure(quality.generate(step))
    steps = len(samples) // BATCH_SIZE
    row = {
        "variant": variant,
        "epoch_seconds": round(statistics.median(seconds), 3),
        "epoch_seconds_all": [round(s, 3) for s in seconds],
        "ms_per_step": round(1000 * statistics.median(seconds) / steps, 3),
        "warm_up_epoch_seconds": round(warm_up, 2),
        "updates": steps * (epochs + 1),
        "fid": round(measured["fid"], 1),
        "classes_covered": int(measured["classes_covered"]),
    }
    print(
        f"{variant:<11} {row['epoch_seconds']:7.3f} s/epoch  {row['ms_per_step']:6.3f} ms/step  "
        f"warm-up epoch {warm_up:6.2f} s  FID {row['fid']:6.1f} after {row['updates']:,} "
        f"updates, {row['classes_covered']} classes",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per variant")
    parser.add_argument("--variants", nargs="*", choices=VARIANTS, default=list(VARIANTS))
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("this benchmark needs a CUDA GPU; CPU speed is benchmarks/step_speed.py")
    torch.backends.cudnn.benchmark = True
    digits = mnist()
    quality = DigitQuality(digits, classifier=None)
    floor = quality.real_floor()
    data = repeated_to(digits, EPOCH_IMAGES) if len(digits) < EPOCH_IMAGES else digits
    name = torch.cuda.get_device_name()
    print(
        f"{name}; torch {torch.__version__}; data: {data.source}; batch {BATCH_SIZE}; "
        f"{args.epochs} timed epochs per variant (median); FID floor {floor:.1f}"
    )
    rows = []
    for variant in args.variants:
        try:
            rows.append(run_variant(variant, data, args.epochs, quality))
        except Exception as error:  # report a variant that cannot run here, keep the others
            print(f"{variant:<11} failed: {type(error).__name__}: {error}", flush=True)
            rows.append({"variant": variant, "error": f"{type(error).__name__}: {error}"})
    path = write_results(
        "gpu_epoch",
        data=data.source,
        images=len(data),
        seed=0,
        train_seconds=0.0,
        metrics={"rows": rows, "fid_floor": round(floor, 1)},
        device=name,
        batch_size=BATCH_SIZE,
        epochs=args.epochs,
    )
    print(f"written: {path}")


if __name__ == "__main__":
    main()
