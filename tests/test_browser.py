"""A learner's sessions, for real: JupyterLab in headless Chromium (``tools/lab.py``) with the
``gan`` kernel. Notebook 03: run every cell (fast mode), move the latent slider, see the picture
change. The playground (notebook 10's panel): play, pause, step, change a learning rate mid-run,
draw a target. Screenshots are kept in ``outputs/browser-test/``."""

import os
import shutil
import time
from pathlib import Path

import pytest

from tools.lab import (
    ERRORS,
    KERNEL,
    PLAYGROUND,
    lab_server,
    missing_browser,
    notebook_page,
    run_all_cells,
    write_notebook,
)
from tools.lab import wait_until as _wait_until

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "outputs" / "browser-test"


def _require_browser():
    """In CI the browser must be there (.ci/run installs it); elsewhere its absence skips."""
    missing = missing_browser()
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def lab(tmp_path, jupyter_data_dir):
    """A function that serves the given notebook files from a fresh folder; yields its URL."""
    _require_browser()
    root = tmp_path / "lab"
    root.mkdir()
    env = {"GANHELPERS_FAST": "1", "GANHELPERS_OUTPUT_DIR": str(tmp_path / "outputs")}
    with lab_server(root, tmp_path, jupyter_data_dir, env) as url:
        yield root, url


def test_a_learner_runs_notebook_03_and_moves_the_slider(lab, tmp_path):
    root, url = lab
    notebook = "03_dcgan.ipynb"
    shutil.copy(ROOT / "notebooks" / notebook, root / notebook)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with notebook_page(url, notebook, tmp_path / "chromium-profile") as page:
        assert page.evaluate(f"{KERNEL}.name") == "gan"
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        image = page.locator(".widget-image").first
        image.wait_for(state="visible", timeout=300_000)
        _wait_until(lambda: page.evaluate(f"{KERNEL}?.status") == "idle", 300, "all cells to run")
        assert page.evaluate(ERRORS) == []
        image.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "1-notebook-ran.png"))
        before = image.screenshot(path=str(ARTIFACTS / "2-image-before.png"))
        readout = page.locator(".widget-slider .widget-readout").first
        value_before = readout.text_content()

        for _ in range(4):  # four steps of 0.05 along the interpolation path
            page.locator(".widget-slider .noUi-handle").first.press("ArrowRight")
        _wait_until(lambda: readout.text_content() != value_before, 30, "the slider to move")
        after = _wait_until(
            lambda: (shot := image.screenshot()) != before and shot, 60, "the image to re-render"
        )
        (ARTIFACTS / "3-image-after.png").write_bytes(after)
        page.screenshot(path=str(ARTIFACTS / "4-after-slider.png"))
        assert float(readout.text_content()) > float(value_before)


def test_a_learner_plays_with_the_playground(lab, tmp_path):
    root, url = lab
    write_notebook(root / "playground.ipynb", PLAYGROUND)
    shots = ARTIFACTS / "playground"
    shots.mkdir(parents=True, exist_ok=True)
    with notebook_page(url, "playground.ipynb", tmp_path / "chromium-profile") as page:
        run_all_cells(page, timeout=120)
        assert page.evaluate(ERRORS) == []
        panel = page.locator(".gan-playground")
        panel.wait_for(state="visible", timeout=60_000)
        canvas = page.locator(".gan-playground-map")
        canvas.scroll_into_view_if_needed()

        def counter(name: str) -> int:
            return int(panel.get_attribute(f"data-{name}") or -1)

        def button(label: str):
            return page.get_by_role("button", name=label, exact=True)

        # Play: the fake points move (two screenshots differ) and updates are counted.
        button("▶ play").click()
        _wait_until(lambda: counter("updates") > 50, 30, "training to start")
        first = canvas.screenshot(path=str(shots / "1-playing.png"))
        time.sleep(1.0)
        second = canvas.screenshot(path=str(shots / "2-playing-later.png"))
        assert first != second, "the picture did not change while playing"

        # The learning rate changes mid-run, while training goes on.
        g_lr = page.locator(".widget-text", has_text="G's lr").locator("input")
        g_lr.fill("0.003")
        g_lr.press("Enter")
        message = page.locator(".widget-html", has_text="g lr → 0.003")
        message.wait_for(timeout=10_000)
        before = counter("updates")
        _wait_until(lambda: counter("updates") > before + 20, 30, "training to go on")

        # A bad value gets a visible message and is reverted; training keeps going.
        g_lr.fill("-1")
        g_lr.press("Enter")
        page.locator(".widget-html", has_text="Kept g lr = 0.003").wait_for(timeout=10_000)
        assert float(g_lr.input_value()) == 0.003

        # Pause: nothing moves any more.
        button("‖ pause").click()
        page.locator(".widget-html", has_text="paused").wait_for(timeout=10_000)
        time.sleep(0.5)  # a frame in flight lands
        paused = counter("updates")
        still = canvas.screenshot(path=str(shots / "3-paused.png"))
        time.sleep(1.0)
        assert counter("updates") == paused
        assert canvas.screenshot() == still, "the picture changed while paused"

        # Step: exactly one update (one D step and one G step).
        d_steps, g_steps = counter("d-updates"), counter("g-updates")
        button("step").click()
        _wait_until(lambda: counter("updates") == paused + 1, 10, "one update")
        time.sleep(0.5)
        assert counter("updates") == paused + 1
        assert (counter("d-updates"), counter("g-updates")) == (d_steps + 1, g_steps + 1)

        # Draw three points and train on them: the target changes.
        page.get_by_role("button", name="✎ draw").click()
        _wait_until(  # draw mode reaches the canvas through the kernel
            lambda: canvas.evaluate("c => c.style.cursor") == "crosshair", 10, "draw mode"
        )
        box = canvas.bounding_box()
        for fx, fy in ((0.25, 0.25), (0.75, 0.3), (0.5, 0.8)):
            page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        button("use drawing").click()
        _wait_until(lambda: panel.get_attribute("data-target") == "your 3 points", 10, "the target")
        drawn = canvas.screenshot(path=str(shots / "4-drawn-target.png"))
        assert drawn != still
        page.screenshot(path=str(shots / "5-panel.png"), full_page=True)
