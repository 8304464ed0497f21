import math

import imageio.v3 as iio
import numpy as np
import pytest
import torch
from PIL import Image

from ganhelpers import DiscriminatorMap, MetricLogger, Snapshots, train_gan
from ganhelpers.course.metrics import sine_metrics, wasserstein_1d
from ganhelpers.course.viz import (
    evenly_spaced,
    grid_frames,
    image_grid,
    plot_class_counts,
    plot_history,
    plot_mixture_runs,
    points_frame,
    save_animation,
)
from tests.helpers import sine_data, sine_step


def test_callbacks_record_each_epoch_on_a_fixed_batch():
    step = sine_step()
    snapshots = Snapshots(torch.randn(16, 2))
    snapshots.record(0, step)
    maps = DiscriminatorMap((0, 7), (-1.5, 1.5), resolution=10, every=2)
    logger = MetricLogger(lambda s: {"answer": 42.0}, every=2)
    history = train_gan(
        step,
        sine_data(),
        epochs=4,
        batch_size=32,
        callbacks=[snapshots, maps, logger],
        progress=False,
    )
    assert [epoch for epoch, _ in snapshots.frames] == [0, 1, 2, 3, 4]
    assert snapshots.frames[0][1].shape == (16, 2)
    assert not torch.equal(snapshots.frames[0][1], snapshots.frames[-1][1])
    assert [epoch for epoch, _ in maps.maps] == [2, 4]
    assert (
        maps.maps[0][1].shape == (10, 10)
        and 0 <= maps.maps[0][1].min() <= maps.maps[0][1].max() <= 1
    )
    assert math.isnan(history["answer"][0]) and history["answer"][1] == 42.0
    assert step.generator.training  # snapshots restore training mode


def test_snapshots_are_repeatable_despite_dropout():
    step = sine_step()
    snapshots = Snapshots(torch.randn(8, 2))
    snapshots.record(0, step)
    snapshots.record(0, step)
    assert torch.equal(snapshots.frames[0][1], snapshots.frames[1][1])


def test_every_must_be_positive():
    with pytest.raises(ValueError, match="every"):
        Snapshots(torch.randn(2, 2), every=0)


def test_sine_metrics_on_perfect_and_broken_samples():
    x1 = torch.linspace(0, 2 * math.pi, 1024)
    perfect = torch.stack([x1, torch.sin(x1)], dim=1)
    result = sine_metrics(perfect, reference=perfect)
    assert result["sine_error"] < 1e-6
    assert result["in_range"] == 1.0 and result["coverage"] == 1.0
    assert result["wasserstein_x1"] == 0.0

    collapsed = torch.tensor([[1.0, 0.0]]).repeat(1024, 1)
    result = sine_metrics(collapsed, reference=perfect)
    assert result["sine_error"] == pytest.approx(math.sin(1.0), rel=1e-5)
    assert result["coverage"] == 1 / 32
    assert result["wasserstein_x1"] > 1.0
    outside = perfect + torch.tensor([10.0, 0.0])
    assert sine_metrics(outside)["in_range"] == 0.0


def test_wasserstein_of_a_shift_is_the_shift():
    a = torch.rand(500)
    assert wasserstein_1d(a, a + 0.25) == pytest.approx(0.25, abs=1e-6)
    with pytest.raises(ValueError):
        wasserstein_1d(a, a[:10])


def test_sine_metrics_refuses_three_columns():
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        sine_metrics(torch.zeros(4, 3))


def test_gif_is_a_real_multi_frame_animation(tmp_path):
    images = [torch.rand(4, 1, 28, 28) * 2 - 1 for _ in range(3)]
    frames = grid_frames(list(enumerate(images)), nrow=2)
    path = save_animation(frames, tmp_path / "a.gif", ms_per_frame=50)
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.n_frames == 3
        assert gif.info.get("loop") == 0
    assert iio.imread(path, index=None).shape[0] == 3


def test_image_grid_labels_and_scales():
    images = -torch.ones(4, 1, 28, 28)
    plain = image_grid(images, nrow=2, scale=2)
    labelled = image_grid(images, nrow=2, scale=2, label="epoch 3")
    assert plain.shape == (2 * 62, 2 * 62, 3) and plain.dtype == np.uint8
    assert not np.array_equal(plain, labelled)
    with pytest.raises(ValueError):
        image_grid(torch.zeros(28, 28))


def test_points_frame_and_history_plot_render():
    step = sine_step()
    history = train_gan(step, sine_data(), epochs=2, batch_size=32, progress=False)
    fig = plot_history(history)
    assert len(fig.axes) == 2
    reference_lines = [line.get_ydata()[0] for line in fig.axes[0].lines[2:]]
    assert reference_lines == [pytest.approx(math.log(2))]  # the loss panel's D = ½ line
    assert len(plot_history(history, equilibrium=False).axes[0].lines) == 2
    maps = DiscriminatorMap((0, 7), (-1.5, 1.5), resolution=8)
    maps.record(2, step)
    frame = points_frame(sine_data(), sine_data(), maps.maps[0][1], maps.xs, maps.ys, epoch=2)
    assert frame.ndim == 3 and frame.shape[2] == 3 and frame.std() > 0


def test_evenly_spaced_keeps_ends():
    assert evenly_spaced(list(range(10)), 3) == [0, 4, 9]
    assert evenly_spaced([1, 2], 5) == [1, 2]
    with pytest.raises(ValueError):
        evenly_spaced([1], 0)
    with pytest.raises(ValueError):
        save_animation([], "x.gif")


def test_image_metrics_react_to_what_they_measure():
    from ganhelpers.course.metrics import class_separation, mean_image_distance, sample_spread

    real = torch.rand(50, 1, 28, 28) * 2 - 1
    assert mean_image_distance(real, real) == 0.0
    assert mean_image_distance(torch.ones(5, 1, 28, 28), -torch.ones(5, 1, 28, 28)) == 2.0
    assert sample_spread(torch.zeros(8, 1, 28, 28)) == 0.0 < sample_spread(real)
    labels = torch.arange(10).repeat(5)
    same = torch.zeros(50, 1, 28, 28)
    assert class_separation(same, labels) == 0.0
    distinct = labels.float()[:, None, None, None].expand(-1, 1, 28, 28) / 10
    assert class_separation(distinct, labels) > 0.3
    with pytest.raises(ValueError):
        mean_image_distance(real, torch.zeros(3, 1, 14, 14))


def test_results_table_formats_rows():
    from ganhelpers.course.viz import results_table

    table = results_table({"FID": 12.3456, "classes": 10}, title="run").data
    assert (
        "| FID | 12.35 |" in table and "| classes | 10 |" in table and table.startswith("**run**")
    )


def test_mode_coverage_counts_modes_and_high_quality_points():
    from ganhelpers.course.data import ring_mixture
    from ganhelpers.course.metrics import mode_coverage

    ring = ring_mixture(std=0.02)
    on_every_mode = ring.centres.repeat(10, 1)
    assert mode_coverage(on_every_mode, ring.centres, ring.std) == {
        "modes_covered": 8.0,
        "high_quality": 1.0,
    }
    collapsed = ring.centres[:1].repeat(50, 1) + 0.01
    assert mode_coverage(collapsed, ring.centres, ring.std)["modes_covered"] == 1.0
    # Points between modes (4 std away from the nearest) count for nothing.
    far = torch.cat([collapsed, torch.zeros(50, 2)])
    result = mode_coverage(far, ring.centres, ring.std)
    assert result == {"modes_covered": 1.0, "high_quality": 0.5}


def test_summary_table_shows_mean_spread_and_each_run():
    from ganhelpers.course.viz import summary_table

    runs = [
        {"technique": "a", "modes": 6.0, "share": 0.5},
        {"technique": "a", "modes": 8.0, "share": 0.7},
        {"technique": "b", "modes": 1.0, "share": 0.1},
    ]
    table = summary_table(runs, ["technique"], {"modes": ".1f", "share": ".0%"}).data
    assert "| a | 7.0 ± 1.0 (6.0, 8.0) | 60% ± 10% (50%, 70%) | 2 |" in table
    assert "| b | 1.0 ± 0.0 (1.0) | 10% ± 0% (10%) | 1 |" in table


def test_class_counts_heatmap_shows_each_row_as_shares():
    counts = torch.tensor([[8, 2, 0], [0, 0, 5]])
    fig = plot_class_counts(counts, ylabel="requested digit")
    image = fig.axes[0].images[0].get_array()
    assert image[0, 0] == pytest.approx(0.8) and image[1, 2] == pytest.approx(1.0)
    assert [t.get_text() for t in fig.axes[0].texts] == ["80%", "20%", "100%"]


def test_mixture_runs_plot_one_panel_per_technique_and_seed():
    from ganhelpers.course.collapse import compare_techniques
    from ganhelpers.course.data import ring_mixture

    ring = ring_mixture()
    options = {"epochs": 1, "batches_per_epoch": 2, "batch_size": 32}
    runs = compare_techniques(("vanilla", "PacGAN"), ring, [0, 1, 2], workers=1, **options)
    fig = plot_mixture_runs(runs, ring.centres)
    assert len(fig.axes) == 6
    assert fig.axes[3].get_ylabel() == "PacGAN" and fig.axes[5].get_xlabel() == "seed 2"
    assert fig.axes[0].get_title().endswith("%")
