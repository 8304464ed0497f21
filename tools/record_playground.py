"""Record the README's GIF of the playground from a real run: JupyterLab in headless Chromium opens
a notebook with ``gh.playground()``, presses play, and screenshots the panel's canvas at regular
intervals; Pillow stitches the frames into ``assets/playground.gif``.

    .venv/bin/python -m tools.record_playground [--seconds 12] [--fps 5]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from PIL import Image

from tools.lab import ROOT, playground_page

GIF = ROOT / "assets" / "playground.gif"


def record(seconds: float, fps: float, width: int) -> tuple[list[Image.Image], float]:
    """Screenshots of the whole panel (controls and canvas) while it plays, and the seconds
    between two of them on average."""
    frames = []
    with tempfile.TemporaryDirectory() as work:
        with playground_page(Path(work)) as page:
            panel = page.locator(".jp-OutputArea-output", has=page.locator(".gan-playground"))
            panel.scroll_into_view_if_needed()
            page.get_by_role("button", name="▶ play", exact=True).click()
            start = time.monotonic()
            while time.monotonic() - start < seconds:
                shot = Image.open(io.BytesIO(panel.screenshot())).convert("RGB")
                scale = width / shot.width
                frames.append(shot.resize((width, round(shot.height * scale))))
                time.sleep(max(0.0, 1 / fps - 0.05))
            elapsed = time.monotonic() - start
            page.get_by_role("button", name="‖ pause", exact=True).click()
    return frames, elapsed / len(frames)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--fps", type=float, default=5.0)
    parser.add_argument("--width", type=int, default=800)
    args = parser.parse_args()
    frames, interval = record(args.seconds, args.fps, args.width)
    palette = [frame.quantize(colors=96) for frame in frames]
    # Each frame lasts as long as it took to take: the GIF plays in real time.
    palette[0].save(
        GIF, save_all=True, append_images=palette[1:], duration=round(1000 * interval), loop=0
    )
    size = GIF.stat().st_size / 1e6
    print(f"{len(frames)} frames, one per {interval:.2f} s → {GIF} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
