"""Pictures: training curves, sample grids, 2-D scatter over D's probability map, GIFs."""

from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from pathlib import Path

import imageio.v3 as iio
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image as IPythonImage
from IPython.display import Markdown
from PIL import Image, ImageDraw
from torch import Tensor
from torchvision.utils import make_grid

from .arguments import checked_arguments
from .errors import ArgumentError, ArgumentTypeError, DataNotFound
from .history import History
from .validation import as_count, check_tensor

STAT_LABELS = {
    "d_loss": "D loss",
    "g_loss": "G loss",
    "d_real": "D(x), real",
    "d_fake": "D(G(z)), fake",
}

EQUILIBRIUM = {"loss": (math.log(2), "log 2 (D = ½)"), "mean D output": (0.5, "½")}


@checked_arguments
def plot_history(
    history: History, metrics: Sequence[str] = (), title: str = "", equilibrium: bool = True
) -> plt.Figure:
    """Losses, D's mean outputs and any logged ``metrics`` against the epoch, one panel each.
    ``equilibrium`` draws where the BCE losses and D's outputs sit when D can no longer tell real
    from fake (D = ½: each loss log 2); turn it off for a critic (WGAN), whose values are not
    probabilities."""
    if not isinstance(history, History):
        raise ArgumentTypeError(
            "plot_history needs the gh.History that train_gan returns, got "
            f"{type(history).__name__}"
        )
    panels = [("loss", ["d_loss", "g_loss"]), ("mean D output", ["d_real", "d_fake"])]
    panels += [(name, [name]) for name in metrics]
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.2), squeeze=False)
    epochs = history["epoch"]
    for ax, (ylabel, keys) in zip(axes[0], panels):
        for key in keys:
            values = np.array(history[key])
            logged = ~np.isnan(values)
            ax.plot(np.array(epochs)[logged], values[logged], label=STAT_LABELS.get(key, key))
        if equilibrium and ylabel in EQUILIBRIUM:
            value, label = EQUILIBRIUM[ylabel]
            ax.axhline(value, color="grey", ls=":", label=label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        if len(keys) > 1 or (equilibrium and ylabel in EQUILIBRIUM):
            ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@checked_arguments
def plot_class_counts(
    counts: Tensor, ylabel: str, xlabel: str = "classifier's digit", title: str = ""
) -> plt.Figure:
    """A heatmap of ``counts[row, class]`` (see ``metrics.class_counts``), each row as shares of
    its samples, annotated in percent."""
    check_tensor(counts, "counts", ndim=2)
    shares = (counts / counts.sum(dim=1, keepdim=True).clamp_min(1)).numpy()
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for (row, column), share in np.ndenumerate(shares):
        if share >= 0.005:
            color = "white" if share > 0.6 else "black"
            ax.text(column, row, f"{share:.0%}", ha="center", va="center", fontsize=7, color=color)
    ax.set_xticks(range(shares.shape[1]))
    ax.set_yticks(range(shares.shape[0]))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


@checked_arguments
def plot_mixture_runs(runs: Sequence, centres: Tensor, size: float = 1.6) -> plt.Figure:
    """Final samples of 2-D mixture runs (``collapse.MixtureRun``), one row per technique and
    one column per seed, each titled with its modes covered and share of high-quality samples."""
    if not runs or not all(hasattr(run, "measures") and hasattr(run, "points") for run in runs):
        raise ArgumentError("runs must be the non-empty list gh.compare_techniques returns")
    check_tensor(centres, "centres", ndim=2, kind="float")
    _check_positive(size, "size")
    techniques = list(dict.fromkeys(run.measures["technique"] for run in runs))
    seeds = list(dict.fromkeys(run.measures["seed"] for run in runs))
    fig, axes = plt.subplots(
        len(techniques),
        len(seeds),
        figsize=(size * len(seeds) + 1.5, size * len(techniques)),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    for run in runs:
        row = techniques.index(run.measures["technique"])
        ax = axes[row, seeds.index(run.measures["seed"])]
        ax.scatter(centres[:, 0], centres[:, 1], marker="x", c="red", s=12, lw=0.8)
        ax.scatter(run.points[:, 0], run.points[:, 1], s=0.5, alpha=0.3)
        ax.set_title(
            f"{run.measures['modes_covered']:.0f} modes, {run.measures['high_quality']:.0%}",
            fontsize=8,
        )
        ax.set_xticks([])
        ax.set_yticks([])
    for row, technique in enumerate(techniques):
        axes[row, 0].set_ylabel(technique, rotation=0, ha="right", va="center", fontsize=8)
    for column, seed in enumerate(seeds):
        axes[-1, column].set_xlabel(f"seed {seed}", fontsize=8)
    lim = 1.3 * float(centres.abs().max())
    axes[0, 0].set_xlim(-lim, lim)
    axes[0, 0].set_ylim(-lim, lim)
    fig.tight_layout()
    return fig


@checked_arguments
def plot_playground_frames(frames: dict[str, dict], size: float = 3.2) -> plt.Figure:
    """Playground frames (``PlaygroundSession.frame()``) side by side, drawn as the panel draws
    them: D's map (green: real, purple: fake; a score map is scaled to its largest magnitude),
    real points (green), fakes (purple), G's gradient arrows. Titles: the dict's keys."""
    if not frames:
        raise ArgumentError("no frames to draw: give {title: session.frame(), ...}")
    if any("extent" not in frame for frame in frames.values()):
        raise ArgumentError("frames must be PlaygroundSession.frame() dicts (with an 'extent')")
    _check_positive(size, "size")
    fig, axes = plt.subplots(1, len(frames), figsize=(size * len(frames), size), squeeze=False)
    for ax, (title, frame) in zip(axes[0], frames.items()):
        extent = frame["extent"]
        if "map" in frame:
            values = frame["map"].numpy()
            if frame["map_kind"] == "score":
                values = 0.5 + 0.5 * values / max(float(np.abs(values).max()), 1e-6)
            ax.imshow(values, extent=(-extent, extent, -extent, extent), cmap="PRGn", vmin=0,
                      vmax=1, alpha=0.75)  # fmt: skip
        for name, colour in (("real", "#1b7a2f"), ("fake", "#8e24aa")):
            if name in frame:
                ax.scatter(frame[name][:, 0], frame[name][:, 1], s=2, c=colour, label=name)
        if "arrows" in frame:
            a = frame["arrows"].numpy()
            ax.quiver(a[:, 0], a[:, 1], a[:, 2], a[:, 3], angles="xy", scale_units="xy",
                      scale=1 / 0.15, width=0.004, color="0.2")  # fmt: skip
        ax.set_xlim(-extent, extent)
        ax.set_ylim(-extent, extent)
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def figure_to_array(fig: plt.Figure) -> np.ndarray:
    """Render a Matplotlib figure to an RGB uint8 array and close it."""
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
    plt.close(fig)
    return rgb


@checked_arguments
def points_frame(
    generated: Tensor,
    real: Tensor,
    probabilities: Tensor | None = None,
    xs: Tensor | None = None,
    ys: Tensor | None = None,
    epoch: int | None = None,
    figsize: tuple[float, float] = (6, 3.4),
) -> np.ndarray:
    """One animation frame of 2-D points: D's probability of "real" as a heatmap over the grid
    ``xs`` × ``ys`` (when given), real points and generated points, as an RGB array."""
    for name, points in (("generated", generated), ("real", real)):
        if check_tensor(points, name, ndim=2).shape[1] != 2:
            raise ArgumentError(f"{name} must be 2-D points (N, 2), got {tuple(points.shape)}")
    if probabilities is not None and (xs is None or ys is None):
        raise ArgumentError("probabilities need the grid they were measured on: give xs and ys")
    if min(figsize) <= 0:
        raise ArgumentError(f"figsize must be two positive inches, got {figsize}")
    fig, ax = plt.subplots(figsize=figsize, dpi=80)
    if probabilities is not None:
        mesh = ax.pcolormesh(
            xs.numpy(),
            ys.numpy(),
            probabilities.numpy(),
            cmap="RdBu",
            vmin=0,
            vmax=1,
            shading="auto",
            alpha=0.6,
        )
        fig.colorbar(mesh, ax=ax, label="D(x) = P(real)")
    ax.scatter(real[:, 0], real[:, 1], s=4, c="black", alpha=0.35, label="real")
    ax.scatter(generated[:, 0], generated[:, 1], s=4, c="tab:orange", label="generated")
    if xs is not None and ys is not None:  # otherwise Matplotlib fits the axes to the points
        ax.set_xlim(float(xs[0]), float(xs[-1]))
        ax.set_ylim(float(ys[0]), float(ys[-1]))
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.legend(loc="lower left", fontsize=7, markerscale=3)
    if epoch is not None:
        ax.set_title(f"epoch {epoch}")
    fig.tight_layout()
    return figure_to_array(fig)


@checked_arguments
def image_grid(
    images: Tensor, nrow: int = 8, label: str | None = None, scale: int = 2
) -> np.ndarray:
    """A grid of images in [-1, 1] as an RGB uint8 array, enlarged ``scale`` times, with an
    optional ``label`` (e.g. the epoch) drawn in the top-left corner."""
    if images.ndim == 3:  # grey images without their channel axis: obviously meant
        images = images.unsqueeze(1)
    if images.ndim != 4:
        raise ArgumentError(
            f"expected images of shape (n, channels, h, w), got {tuple(images.shape)}"
        )
    nrow, scale = as_count(nrow, "nrow"), as_count(scale, "scale")
    check_tensor(images, "images", kind="float")
    low, high = images.min().item(), images.max().item()
    if low < -1 - 1e-3 or high > 1 + 1e-3:
        raise ArgumentError(
            f"pixels span [{low:.3g}, {high:.3g}]; images are drawn from [-1, 1] (the generator's "
            "range): rescale, e.g. images / 127.5 - 1 for 0-255 pixels"
        )
    grid = make_grid(images.detach().cpu().float(), nrow=nrow, normalize=True, value_range=(-1, 1))
    array = (grid.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
    picture = Image.fromarray(array).resize(
        (array.shape[1] * scale, array.shape[0] * scale), Image.NEAREST
    )
    if label:
        draw = ImageDraw.Draw(picture)
        box = draw.textbbox((4, 4), label)
        draw.rectangle((box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2), fill=(0, 0, 0))
        draw.text((4, 4), label, fill=(255, 255, 0))
    return np.asarray(picture)


@checked_arguments
def show_images(images: Tensor, nrow: int = 8, title: str = "") -> plt.Figure:
    """Show a grid of images in [-1, 1] with Matplotlib."""
    grid = image_grid(images, nrow=nrow, scale=1)
    size = max(3.0, 0.5 * nrow)
    fig, ax = plt.subplots(figsize=(size, size * grid.shape[0] / grid.shape[1]))
    ax.imshow(grid)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig


@checked_arguments
def save_animation(frames: Sequence[np.ndarray], path: str | Path, ms_per_frame: int = 100) -> Path:
    """Write RGB frames to an animated GIF that loops forever; returns the path."""
    if len(frames) == 0:
        raise ArgumentError("no frames to animate")
    path = Path(path)
    if path.suffix.lower() != ".gif":
        raise ArgumentError(f"save_animation writes GIFs: give a path ending in .gif, got {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    iio.imwrite(path, np.stack(frames), duration=ms_per_frame, loop=0)
    return path


@checked_arguments
def grid_frames(
    snapshots: Sequence[tuple[int, Tensor]], nrow: int = 8, scale: int = 2
) -> list[np.ndarray]:
    """Sample-grid frames, labelled with their epoch, from ``Snapshots.frames``."""
    return [
        image_grid(images, nrow=nrow, label=f"epoch {epoch}", scale=scale)
        for epoch, images in snapshots
    ]


@checked_arguments
def evenly_spaced(items: Sequence, count: int) -> list:
    """At most ``count`` items spread evenly over ``items``, always keeping the first and last."""
    if count <= 0:
        raise ArgumentError(f"count must be positive, got {count}")
    if len(items) <= count:
        return list(items)
    positions = np.linspace(0, len(items) - 1, count).round().astype(int)
    return [items[i] for i in positions]


@checked_arguments
def display_gif(path: str | Path) -> IPythonImage:
    """An IPython object that shows the GIF inline (animated in JupyterLab)."""
    if not Path(path).is_file():
        raise DataNotFound(f"no GIF at {str(path)!r}: write one with gh.save_animation first")
    return IPythonImage(filename=str(path))


@checked_arguments
def show_source(*objects: object) -> Markdown:
    """An IPython object showing the source code of ``objects`` (in the order given), read from
    the installed package, so the code a notebook explains is the code that runs."""
    if not objects:
        raise ArgumentError("show_source needs at least one function, method or class")
    for obj in objects:
        if not (inspect.isroutine(obj) or inspect.isclass(obj) or inspect.ismodule(obj)):
            raise ArgumentTypeError(
                f"show_source shows functions, methods, classes and modules, got {obj!r}"
            )
    sources = "\n".join(inspect.getsource(obj) for obj in objects)
    return Markdown(f"```python\n{sources}```")


@checked_arguments
def results_table(rows: dict[str, object], title: str = "") -> Markdown:
    """A two-column Markdown table (measure, value) for a notebook's results."""
    lines = [f"**{title}**", ""] if title else []
    lines += ["| measure | value |", "| --- | --- |"]
    for name, value in rows.items():
        text = f"{value:.4g}" if isinstance(value, float) else str(value)
        lines.append(f"| {name} | {text} |")
    return Markdown("\n".join(lines))


@checked_arguments
def metrics_table(
    rows: dict[str, dict[str, float]], columns: dict[str, tuple[str, str]], first: str = ""
) -> Markdown:
    """A Markdown table with one row per entry of ``rows`` (name → measures) and one column per
    entry of ``columns`` (header → (measure key, format spec, e.g. ``".1f"``))."""
    lines = [
        "| " + " | ".join([first, *columns]) + " |",
        "|" + " --- |" * (len(columns) + 1),
    ]
    for name, measures in rows.items():
        cells = [format(measures[key], spec) for key, spec in columns.values()]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    return Markdown("\n".join(lines))


@checked_arguments
def summary_table(
    runs: Sequence[dict[str, object]],
    group_by: Sequence[str],
    measures: dict[str, str],
) -> Markdown:
    """A Markdown table with one row per distinct ``group_by`` values: for each measure (name →
    format spec, e.g. ``".0%"``) the mean ± standard deviation over that group's runs, and each
    run's value in brackets, so the spread between seeds stays visible."""
    groups: dict[tuple, list[dict[str, object]]] = {}
    for key in [*group_by, *measures]:
        if any(key not in run for run in runs):
            raise ArgumentError(f"some runs have no {key!r}; their keys: {sorted(runs[0])}")
    for run in runs:
        groups.setdefault(tuple(run[key] for key in group_by), []).append(run)
    lines = [
        "| " + " | ".join([*group_by, *measures, "runs"]) + " |",
        "|" + " --- |" * (len(group_by) + len(measures) + 1),
    ]
    for key, members in groups.items():
        cells = [str(value) for value in key]
        for name, spec in measures.items():
            values = np.array([float(member[name]) for member in members])
            each = ", ".join(format(value, spec) for value in values)
            cells.append(f"{values.mean():{spec}} ± {values.std():{spec}} ({each})")
        cells.append(str(len(members)))
        lines.append("| " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines))


def _check_positive(value: float, name: str) -> None:
    if not value > 0:
        raise ArgumentError(f"{name} must be positive, got {value}")
