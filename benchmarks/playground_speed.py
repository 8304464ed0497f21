"""How fast the playground trains and redraws in a real browser, for each target and view.

JupyterLab in headless Chromium (``tools/lab.py``) opens a notebook with ``gh.playground()``
and presses play; the kernel and the browser share this machine's cores. For each target, with
all views on and with each view alone, the panel's counters (updates done, frames the browser
drew) are read before and after ``--seconds`` of play. Baseline in the same run: the same GAN's
updates per second in this process, without a panel (``PlaygroundSession.update`` in a loop on
one thread, as the panel's thread runs). Button latency: the time from a click on pause (and on
play) to the panel's message saying so, read in the page.

    .venv/bin/python benchmarks/playground_speed.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganhelpers.course.playground_session import VIEWS, PlaygroundSession  # noqa: E402
from ganhelpers.course.results import write_results  # noqa: E402
from ganhelpers.course.targets import TARGETS  # noqa: E402
from tools.lab import playground_page  # noqa: E402

DRAWN = [(0.2, 0.3), (0.3, 0.7), (0.5, 0.5), (0.7, 0.25), (0.8, 0.75), (0.45, 0.15)]


def headless_rate(target: str, seconds: float) -> float:
    """Updates per second of the playground's GAN without a panel, on one torch thread."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    session = PlaygroundSession()
    if target == "drawn":
        session.draw([[8 * x - 4, 4 - 8 * y] for x, y in DRAWN])
    else:
        session.apply(target=target)
    for _ in range(20):
        session.update()
    start, count = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        session.update()
        count += 1
    torch.set_num_threads(threads)
    return count / (time.perf_counter() - start)


def read_counters(page) -> tuple[float, int, int]:
    return page.evaluate(
        """() => { const el = document.querySelector('.gan-playground');
        return [performance.now() / 1000, +el.dataset.updates, +el.dataset.framesDrawn]; }"""
    )


def set_views(page, on: set[str]) -> None:
    for view in VIEWS:
        box = page.locator(".widget-checkbox", has_text=view).locator("input").first
        if box.is_checked() != (view in on):
            box.click()
    time.sleep(0.3)


def choose_target(page, target: str) -> None:
    if target == "drawn":
        page.get_by_role("button", name="✎ draw").click()
        canvas = page.locator(".gan-playground-map")
        page.wait_for_function(
            "() => document.querySelector('.gan-playground-map').style.cursor === 'crosshair'"
        )
        box = canvas.bounding_box()
        for fx, fy in DRAWN:
            page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        page.get_by_role("button", name="use drawing", exact=True).click()
        page.get_by_role("button", name="✎ draw").click()
    else:
        select = page.locator(".widget-dropdown", has_text="target").locator("select")
        select.select_option(target)
    time.sleep(0.5)


def latency(page, button: str, message: str) -> float:
    """Seconds from a click on ``button`` to the panel's message containing ``message``."""
    return page.evaluate(
        """async ([button, message]) => {
        const html = [...document.querySelectorAll('.widget-html')];
        const target = [...document.querySelectorAll('button')].find(b => b.textContent === button);
        const start = performance.now();
        target.click();
        while (!html.some(h => h.textContent.includes(message))) {
            await new Promise(r => setTimeout(r, 5));
        }
        return (performance.now() - start) / 1000;
    }""",
        [button, message],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="play time per measurement")
    args = parser.parse_args()
    rows, latencies = [], {"pause": [], "play": []}
    with tempfile.TemporaryDirectory() as work:
        with playground_page(Path(work)) as page:
            page.locator(".gan-playground-map").scroll_into_view_if_needed()
            for target in [*TARGETS, "drawn"]:
                choose_target(page, target)
                for views in [set(VIEWS), *({view} for view in VIEWS)]:
                    set_views(page, views)
                    latencies["play"].append(latency(page, "▶ play", "playing"))
                    time.sleep(0.5)
                    t0, u0, f0 = read_counters(page)
                    time.sleep(args.seconds)
                    t1, u1, f1 = read_counters(page)
                    latencies["pause"].append(latency(page, "‖ pause", "paused"))
                    name = "all views" if len(views) > 1 else f"{next(iter(views))} only"
                    rows.append(
                        {
                            "target": target,
                            "views": name,
                            "updates_per_second": (u1 - u0) / (t1 - t0),
                            "redraws_per_second": (f1 - f0) / (t1 - t0),
                        }
                    )
                    print(
                        f"{target:6} {name:17} {rows[-1]['updates_per_second']:6.0f} updates/s "
                        f"{rows[-1]['redraws_per_second']:5.1f} redraws/s "
                        f"{(u1 - u0) / max(f1 - f0, 1):5.1f} updates/redraw",
                        flush=True,
                    )
    baseline = {target: headless_rate(target, args.seconds) for target in [*TARGETS, "drawn"]}
    print("\nbaseline (same GAN, no panel, one thread): updates/s")
    for target, rate in baseline.items():
        panel = [r["updates_per_second"] for r in rows if r["target"] == target]
        print(f"{target:6} {rate:6.0f}; the panel trains at {min(panel) / rate:.2f}-"
              f"{max(panel) / rate:.2f} × that")  # fmt: skip
    for button, values in latencies.items():
        print(f"{button} click → message: median {sorted(values)[len(values) // 2]:.3f} s, "
              f"max {max(values):.3f} s over {len(values)} clicks")  # fmt: skip

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    redraws = [row["redraws_per_second"] for row in rows]
    per_redraw = [row["updates_per_second"] / row["redraws_per_second"] for row in rows]
    path = write_results(
        "playground_speed",
        data="the playground's 2-D targets (ring, grid, sine, moons, 6 drawn points)",
        images=len(rows),  # measurements: targets × view settings
        seed=0,
        train_seconds=len(rows) * args.seconds,
        metrics={
            "min_redraws_per_second": min(redraws),
            "median_redraws_per_second": median(redraws),
            "min_updates_per_redraw": min(per_redraw),
            "median_updates_per_redraw": median(per_redraw),
            "max_pause_latency_seconds": max(latencies["pause"]),
            "median_pause_latency_seconds": median(latencies["pause"]),
        },
        device="cpu",
        what="JupyterLab in headless Chromium and the kernel on this machine's cores",
        seconds_per_measurement=args.seconds,
        rows=rows,
        baseline_updates_per_second=baseline,
        button_latency_seconds=latencies,
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
