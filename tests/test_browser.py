"""A learner's session, for real: JupyterLab in headless Chromium opens notebook 03 with the ``gan``
kernel, runs every cell (fast mode), moves the latent slider and sees the picture change.
Screenshots are kept in ``outputs/browser-test/``."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "outputs" / "browser-test"
NOTEBOOK = "03_dcgan.ipynb"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_browser():
    """In CI the browser must be there (.ci/run installs it); elsewhere its absence skips."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[dev]')")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyter_lab(tmp_path, jupyter_data_dir):
    """JupyterLab serving a copy of notebook 03 on a free loopback port; yields URL and token."""
    _require_browser()
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    port, token = _free_port(), "ganhelpers-browser-test"
    env = {
        **os.environ,
        "JUPYTER_DATA_DIR": str(jupyter_data_dir),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "GANHELPERS_FAST": "1",
        "GANHELPERS_OUTPUT_DIR": str(tmp_path / "outputs"),
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", "--expose-app-in-browser",
        f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
        f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(tmp_path / "jupyter-lab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "jupyter-lab.log").read_text()) from None
                time.sleep(0.5)
        yield url, token
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


KERNEL = "window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel"
ERRORS = """() => {
    const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
    const errors = [];
    for (const cell of cells) {
        if (cell.type !== 'code') continue;
        for (const output of cell.toJSON().outputs) {
            if (output.output_type === 'error') errors.push(output.ename + ': ' + output.evalue);
        }
    }
    return errors;
}"""


def test_a_learner_runs_notebook_03_and_moves_the_slider(jupyter_lab, tmp_path):
    from playwright.sync_api import sync_playwright

    url, token = jupyter_lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        page = browser.new_page()
        page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
        page.wait_for_function(f"{KERNEL}?.status === 'idle'", timeout=120_000)
        assert page.evaluate(f"{KERNEL}.name") == "gan"

        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        image = page.locator(".widget-image").first
        image.wait_for(state="visible", timeout=300_000)
        _wait_until(lambda: page.evaluate(f"{KERNEL}.status") == "idle", 300, "all cells to run")
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
        browser.close()
