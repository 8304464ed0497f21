"""JupyterLab in headless Chromium, for the browser tests, the playground benchmark and the
README's recording: a Lab server on a free loopback port serving a folder, and a page opened on
a notebook with the ``gan`` kernel."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "ganhelpers-browser"
# Optional chaining throughout: the page evaluates this before JupyterLab has defined
# window.jupyterapp, and a TypeError there ends wait_for_function at once.
KERNEL = "window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel"
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


def missing_browser() -> list[str]:
    """What the browser runs need and this machine lacks (empty when all is there)."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[dev]')")
    return missing


def register_kernel(data_dir: Path) -> None:
    """The README's ``make kernel``, into a private Jupyter data folder, with this interpreter."""
    env = {**os.environ, "JUPYTER_DATA_DIR": str(data_dir)}
    env.setdefault("CONDA_PREFIX", sys.prefix)
    subprocess.run(["make", "-s", "kernel"], cwd=ROOT, env=env, check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def lab_server(root: Path, work: Path, data_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """JupyterLab serving ``root`` (settings and logs under ``work``, kernels from ``data_dir``,
    kernels started with ``env`` added); yields the base URL. Stopped on exit."""
    port = _free_port()
    full_env = {
        **os.environ,
        "JUPYTER_DATA_DIR": str(data_dir),
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        **env,
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}", "--expose-app-in-browser",
        f"--LabApp.user_settings_dir={work / 'settings'}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = work / "jupyter-lab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(log_path.read_text()) from None
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=20)


@contextmanager
def notebook_page(url: str, notebook: str, profile: Path, viewport=(1400, 1000)) -> Iterator:
    """A Chromium page with ``notebook`` open and its ``gan`` kernel idle."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            user_data_dir=str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            page = browser.new_page()
            page.goto(f"{url}/lab/tree/{notebook}?token={TOKEN}")
            page.wait_for_function(f"{KERNEL}?.status === 'idle'", timeout=120_000)
            yield page
        finally:
            browser.close()


def wait_until(predicate: Callable[[], object], timeout: float, what: str, every: float = 0.5):
    """``predicate()``'s first true value, polling every ``every`` seconds; fails after
    ``timeout`` seconds saying ``what`` it waited for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def run_all_cells(page, timeout: float = 300) -> None:
    """Run every cell of the open notebook and wait until the kernel is idle again."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    time.sleep(1)
    wait_until(lambda: page.evaluate(f"{KERNEL}?.status") == "idle", timeout, "all cells to run")


def kernel_print(page, code: str, timeout: float = 30) -> str:
    """Run ``code`` in the open notebook's kernel (not in a cell) and return what it printed."""
    return page.evaluate(
        """async ([code, timeout]) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const future = kernel.requestExecute({ code, silent: false, store_history: false });
        let text = '';
        future.onIOPub = (message) => {
            if (message.header.msg_type === 'stream') text += message.content.text;
            const content = message.content;
            if (message.header.msg_type === 'error') text += content.ename + ': ' + content.evalue;
        };
        const late = new Promise((_, no) => setTimeout(() => no(new Error('timeout')), timeout));
        await Promise.race([future.done, late]);
        return text;
    }""",
        [code, timeout * 1000],
    )


PLAYGROUND = "import ganhelpers as gh\npanel = gh.playground()\npanel"


def write_notebook(path: Path, source: str) -> Path:
    """A one-cell notebook for the ``gan`` kernel."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata.kernelspec = {
        "name": "gan",
        "display_name": "Python (gan)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(notebook, path)
    return path


@contextmanager
def playground_page(work: Path) -> Iterator:
    """A Chromium page on a fresh JupyterLab (files, settings and kernel under ``work``) with
    ``gh.playground()`` run and its panel shown."""
    (work / "lab").mkdir()
    write_notebook(work / "lab" / "playground.ipynb", PLAYGROUND)
    register_kernel(work / "data")
    with lab_server(work / "lab", work, work / "data", {}) as url:
        with notebook_page(url, "playground.ipynb", work / "profile") as page:
            run_all_cells(page, timeout=120)
            page.locator(".gan-playground").wait_for(timeout=60_000)
            yield page
