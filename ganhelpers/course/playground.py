"""The live GAN playground (after GAN Lab, Kahng et al. 2018), inside JupyterLab:
``gh.playground()`` shows a panel whose controls change a ``PlaygroundSession`` while a background
thread trains it and sends frames to a canvas drawn in the browser.

Why this design: a widget's click waits while a cell's Python runs, so training runs in a thread
of its own and the kernel stays free for the clicks (each takes the session's lock between two
slices of training, ~35 ms). The canvas is an ``anywidget`` (its JavaScript is
``playground.js``): frames travel as one binary message each, not as synced state, so nothing is
replayed or stored, and the browser acknowledges each frame it drew, so the thread never runs
more than two frames ahead of the browser (and counts real redraws)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as widgets
import torch
import traitlets

from .arguments import checked_arguments
from .playground_session import (
    LOSSES,
    NOISES,
    OPTIMIZERS,
    VIEWS,
    PlaygroundError,
    PlaygroundSession,
    PlaygroundSettings,
)
from .targets import TARGETS

TRAIN_SLICE = 0.035  # seconds of training between two frames (then the lock is free)
SLOW_MOTION_PAUSE = 1.0  # seconds between two parts of an update in slow motion
ACK_TIMEOUT = 0.5  # seconds to wait for the browser to draw a frame before sending the next
FRAMES_IN_FLIGHT = 2  # frames sent but not yet drawn: one being drawn, one on its way
UNSEEN_PAUSE = 3.0  # seconds without a frame drawn after which a panel no longer shown pauses


class PlaygroundCanvas(anywidget.AnyWidget):
    """The panel's drawing surface: D's map, the points, arrows, latent grid and curves, drawn by
    ``playground.js`` from the frames it is sent; in draw mode, clicks add points."""

    _esm = (Path(__file__).with_name("playground.js")).read_text()
    drawing = traitlets.Bool(False).tag(sync=True)


def frame_message(frame: dict[str, object], number: int) -> tuple[dict, list[bytes]]:
    """A frame as one custom message: JSON for numbers and names, one float32 buffer per array."""
    content: dict[str, object] = {"kind": "frame", "number": number, "arrays": {}}
    buffers = []
    for name, value in frame.items():
        if isinstance(value, torch.Tensor):
            array = value.detach().float().contiguous()
            content["arrays"][name] = {"index": len(buffers), "shape": list(array.shape)}
            buffers.append(array.numpy().tobytes())
        else:
            content[name] = _json_safe(value)
    return content, buffers


def _json_safe(value: object) -> object:
    """NaN and infinities (a loss before the first update) as ``None``: JSON has no NaN."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    return value


class Playground:
    """The panel: controls, a message line and the canvas, around one ``PlaygroundSession``.
    ``play()``, ``pause()``, ``step(part)``, ``reset()`` and ``set(**settings)`` do what the
    buttons and controls do, so a notebook (or a test) can drive it without a browser."""

    def __init__(self, settings: PlaygroundSettings | None = None) -> None:
        self.session = PlaygroundSession(settings)
        self.lock = threading.RLock()
        self.playing = threading.Event()
        self.drawn = threading.Condition()
        self.last_drawn = -1  # the number of the newest frame the browser drew
        self.last_drawn_at = 0.0  # when (time.monotonic)
        self.closed = False
        self.thread: threading.Thread | None = None
        self.frames_sent = self.frames_drawn = 0
        self.browser_seen = False
        self.caption = ""
        self.pending: list[list[float]] = []
        self.reverting = False
        self.seconds = {"training": 0.0, "waiting": 0.0, "framing": 0.0}  # the thread's time
        self.canvas = PlaygroundCanvas()
        self.canvas.on_msg(self._on_canvas_message)
        self.message = widgets.HTML()
        self.controls = self._build_controls()
        self.widget = widgets.VBox(
            [*self.controls["rows"], self.message, self.canvas],
            layout=widgets.Layout(width="100%"),
        )
        self.send_frame()

    # --- controls ------------------------------------------------------------------------
    def _build_controls(self) -> dict:
        s = self.session.settings
        narrow = widgets.Layout(width="150px")

        def button(label: str, action: Callable[[], object], tip: str) -> widgets.Button:
            b = widgets.Button(description=label, tooltip=tip, layout=widgets.Layout(width="118px"))
            b.on_click(lambda _: self._guarded(action))
            return b

        self.step_part = widgets.ToggleButtons(
            options=[("D and G", "both"), ("D only", "D"), ("G only", "G")],
            value="both",
            style={"button_width": "82px"},
            tooltips=["one update of D then G", "one update of D", "one update of G"],
        )
        self.slow = widgets.Checkbox(False, description="slow motion", indent=False)
        self.draw_toggle = widgets.ToggleButton(
            False, description="✎ draw", tooltip="click on the map to add points"
        )
        self.draw_toggle.observe(
            lambda change: setattr(self.canvas, "drawing", change.new), "value"
        )
        choices = {
            "target": ("target", [*TARGETS, "drawn"]),
            "noise": ("noise", list(NOISES)),
            "latent_dim": ("noise dim", [1, 2, 4, 8, 16]),
            "loss": ("loss", list(LOSSES)),
            "optimizer": ("optimizer", list(OPTIMIZERS)),
            "width": ("width", [8, 16, 32, 64, 128, 256]),
            "depth": ("depth", [1, 2, 3, 4]),
        }
        numbers = {
            "g_lr": ("G's lr", widgets.FloatText),
            "d_lr": ("D's lr", widgets.FloatText),
            "d_steps": ("D steps/G", widgets.IntText),
            "batch_size": ("batch", widgets.IntText),
        }
        switches = {
            "pacgan": "PacGAN",
            "minibatch": "minibatch discrimination",
            "label_smoothing": "label smoothing",
            "feature_matching": "feature matching",
        }
        settings: dict[str, widgets.ValueWidget] = {}
        wide = {"layout": widgets.Layout(width="220px"), "style": {"description_width": "80px"}}
        for name, (label, options) in choices.items():
            value = getattr(s, name)
            settings[name] = widgets.Dropdown(
                options=options, value=value, description=label, **wide
            )
        for name, (label, kind) in numbers.items():
            settings[name] = kind(getattr(s, name), description=label, **wide)
        for name, label in switches.items():
            settings[name] = widgets.Checkbox(getattr(s, name), description=label, indent=False)
        for name, control in settings.items():
            control.observe(lambda change, name=name: self._on_setting(name, change), "value")
        self.views = {
            name: widgets.Checkbox(True, description=name, indent=False, layout=narrow)
            for name in VIEWS
        }
        for view in self.views.values():
            view.observe(lambda _: self._guarded(self.send_frame), "value")
        rows = [
            widgets.HBox([
                button("▶ play", self.play, "train continuously"),
                button("‖ pause", self.pause, "stop after the current slice"),
                button("⟲ reset", self.reset, "new networks from the seed"),
                button("step", lambda: self.step(self.step_part.value), "pause, then one update"),
                self.step_part, self.slow,
            ]),
            widgets.HBox([
                settings["target"], self.draw_toggle,
                button("use drawing", self.use_drawing, "train on the points drawn"),
                button("clear", self.clear_drawing, "forget the points drawn"),
                settings["noise"], settings["latent_dim"],
            ]),
            widgets.HBox([settings[n] for n in ("loss", "optimizer", "g_lr", "d_lr")]),
            widgets.HBox([settings[n] for n in ("d_steps", "batch_size", "width", "depth")]),
            widgets.HBox([settings[n] for n in switches]),
            widgets.HBox([widgets.Label("views:"), *self.views.values()]),
        ]  # fmt: skip
        return {"settings": settings, "rows": rows}

    def _say(self, text: str, error: bool = False) -> None:
        colour = "#b00020" if error else "#2e6b30"
        self.message.value = f'<span style="color:{colour}">{text}</span>' if text else ""

    def _guarded(self, action: Callable[[], object]) -> None:
        """Run a button's action; a ``PlaygroundError`` becomes the panel's message."""
        try:
            action()
        except PlaygroundError as error:
            self._say(str(error), error=True)

    def _on_setting(self, name: str, change: dict) -> None:
        if self.reverting:
            return
        try:
            self.set(**{name: change.new})
        except PlaygroundError as error:
            self._say(f"{error}. Kept {name.replace('_', ' ')} = {change.old}.", error=True)
            self.reverting = True
            try:
                self.controls["settings"][name].value = change.old
            finally:
                self.reverting = False

    # --- actions -------------------------------------------------------------------------
    def set(self, **settings: object) -> str:
        """Change settings (as the controls do); a ``PlaygroundError`` changes nothing."""
        with self.lock:
            said = self.session.apply(**settings)
        for name, value in settings.items():
            control = self.controls["settings"].get(name)
            if control is not None and control.value != value:
                control.value = value
        if said:
            self._say(said)
        if not self.playing.is_set():
            self.send_frame()
        return said

    def play(self) -> None:
        """Train in the background until ``pause()``."""
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._train, name="gan-playground", daemon=True)
            self.thread.start()
        self.playing.set()
        self._say("playing")

    def pause(self) -> None:
        """Stop training after the current slice (at most ~35 ms)."""
        self.playing.clear()
        with self.lock:  # the slice in progress ends before this returns
            pass
        self._say("paused")
        self.send_frame()

    def step(self, part: str = "both") -> None:
        """Pause, then one update: of D and G (``"both"``), of D only (``"D"``) or of G only
        (``"G"``); in slow motion, one part of an update."""
        if part not in ("both", "D", "G"):
            raise PlaygroundError(f"step part must be 'both', 'D' or 'G', got {part!r}")
        self.playing.clear()
        with self.lock:
            if self.slow.value:
                self.caption = self.session.slow_motion()
            else:
                {"both": self.session.update, "D": self.session.update_discriminator,
                 "G": self.session.update_generator}[part]()  # fmt: skip
                self.caption = ""
        self.send_frame()

    def run(self, updates: int) -> None:
        """``updates`` updates now, in this cell (no thread), then one frame."""
        with self.lock:
            for _ in range(updates):
                self.session.update()
        self.send_frame()

    def reset(self) -> None:
        """New networks from the seed; settings kept."""
        with self.lock:
            self.session.reset()
            self.caption = ""
        self._say("reset: new networks")
        self.send_frame()

    def use_drawing(self) -> None:
        """Train on the points drawn so far."""
        if not self.pending:
            raise PlaygroundError("nothing drawn yet: press ✎ draw, then click on the map")
        with self.lock:
            said = self.session.draw(self.pending)
        self.controls["settings"]["target"].value = "drawn"  # already applied: no change
        self._say(said)
        self.send_frame()

    def clear_drawing(self) -> None:
        self.pending = []
        self.canvas.send({"kind": "clear"})

    def close(self) -> None:
        """Stop the thread and close the widgets."""
        self.closed = True
        self.playing.clear()
        if self.thread is not None:
            self.thread.join(timeout=2)
        for control in [*self.controls["settings"].values(), *self.views.values()]:
            control.close()
        self.canvas.close()
        self.widget.close()

    # --- frames --------------------------------------------------------------------------
    def visible_views(self) -> list[str]:
        return [name for name, box in self.views.items() if box.value]

    def send_frame(self) -> None:
        with self.lock:
            frame = self.session.frame(self.visible_views())
        frame["caption"] = self.caption
        frame["views"] = self.visible_views()
        frame["playing"] = self.playing.is_set()
        frame["frames_drawn"] = self.frames_drawn
        content, buffers = frame_message(frame, self.frames_sent)
        self.frames_sent += 1
        self.canvas.send(content, buffers)

    def _on_canvas_message(self, _: object, content: dict, buffers: list) -> None:
        if content.get("kind") == "drawn":
            with self.drawn:
                self.browser_seen = True
                self.frames_drawn += 1
                self.last_drawn = max(self.last_drawn, int(content.get("number", -1)))
                self.last_drawn_at = time.monotonic()
                self.drawn.notify_all()
        elif content.get("kind") == "draw":
            self.pending = [[float(x), float(y)] for x, y in content.get("points", [])]

    def _train(self) -> None:
        """The background thread: train a slice; wait until at most one frame sent is not yet
        drawn (the browser draws while the slice trains); send the next.
        On one torch thread (this thread's own setting; the kernel's stays): networks this small
        run fastest on one, and a second team of OpenMP threads made it 3 × slower (measured on 2
        cores: 3.3 ms per update instead of 1.2)."""
        torch.set_num_threads(1)
        while not self.closed:
            if not self.playing.wait(timeout=0.2):
                continue
            start = time.perf_counter()
            with self.lock:
                if self.slow.value:
                    self.caption = self.session.slow_motion()
                else:
                    self.caption = ""
                    end = start + TRAIN_SLICE
                    self.session.update()
                    while time.perf_counter() < end and self.playing.is_set():
                        self.session.update()
            trained = time.perf_counter()
            if self.browser_seen:  # the browser draws while the next slice trains
                with self.drawn:
                    self.drawn.wait_for(self._may_send, ACK_TIMEOUT)
                if time.monotonic() - self.last_drawn_at > UNSEEN_PAUSE:
                    self.playing.clear()  # its output was cleared, or the page closed
                    self._say("paused: the panel has not been drawn for a while (not shown?)")
                    continue
            waited = time.perf_counter()
            self.send_frame()
            sent = time.perf_counter()
            for name, seconds in (("training", trained - start), ("waiting", waited - trained),
                                  ("framing", sent - waited)):  # fmt: skip
                self.seconds[name] += seconds
            time.sleep(SLOW_MOTION_PAUSE if self.slow.value else 0.001)

    def _may_send(self) -> bool:
        return self.frames_sent - 1 - self.last_drawn < FRAMES_IN_FLIGHT

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


@checked_arguments
def playground(**settings: object) -> Playground:
    """GAN Lab's playground in a notebook cell: ``gh.playground()`` (or with settings, e.g.
    ``gh.playground(target="grid", loss="hinge")``; see ``PlaygroundSettings``). Press play to
    train, step to go one update at a time, change anything mid-run."""
    try:
        chosen = PlaygroundSettings(**settings)
    except TypeError:
        names = ", ".join(PlaygroundSettings.__dataclass_fields__)
        raise PlaygroundError(
            f"unknown setting in {sorted(settings)}; the settings are {names}"
        ) from None
    return Playground(chosen)
