"""The playground without a browser: its settings and their checks, what a change mid-run keeps and
rebuilds, the updates (whole, halves, slow motion), the frames, the targets, and the panel's
buttons, thread and messages. The browser half is in ``test_browser.py``."""

import json
import math
import time

import pytest
import torch

import ganhelpers as gh
from ganhelpers.course.metrics import mode_coverage
from ganhelpers.course.playground import Playground, frame_message
from ganhelpers.course.playground_session import (
    MAP_SIZE,
    PlaygroundError,
    PlaygroundSession,
    PlaygroundSettings,
    grid_divergences,
    step_class,
)
from ganhelpers.course.targets import EXTENT, TARGETS, drawn_target, ring_target
from ganhelpers.gan.losses import HingeStep, LeastSquaresStep, SaturatingStep
from ganhelpers.gan.models import MixtureDiscriminator, MixtureGenerator
from ganhelpers.gan.techniques import FeatureMatchingStep, LabelSmoothingStep
from ganhelpers.gan.theory import generator_loss_gradients


def parameters(module):
    return [p.detach().clone() for p in module.parameters()]


def changed(before, module):
    return any(not torch.equal(a, b) for a, b in zip(before, module.parameters()))


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"g_lr": 0.0}, "G's learning rate"),
        ({"d_lr": -1e-3}, "D's learning rate"),
        ({"g_lr": float("nan")}, "G's learning rate"),
        ({"batch_size": 1}, "batch size"),
        ({"d_steps": 0}, "D steps per G step"),
        ({"latent_dim": 2.5}, "latent size"),
        ({"width": True}, "width"),
        ({"loss": "Wasserstein"}, "loss must be one of"),
        ({"target": "spiral"}, "target must be one of"),
        ({"pacgan": True, "batch_size": 255}, "even"),
        ({"label_smoothing": True, "loss": "hinge"}, "label smoothing"),
        ({"feature_matching": True, "pacgan": True}, "feature matching"),
        ({"loss": "WGAN-GP", "minibatch": True}, "gradient penalty"),
    ],
)
def test_a_setting_the_playground_cannot_use_is_refused_by_name(settings, words):
    with pytest.raises(PlaygroundError, match=words):
        PlaygroundSettings(**settings).check()


def test_a_refused_change_changes_nothing():
    session = PlaygroundSession()
    step, settings = session.step, session.settings
    with pytest.raises(PlaygroundError):
        session.apply(loss="hinge", label_smoothing=True)
    with pytest.raises(PlaygroundError, match="no such setting"):
        session.apply(learning_rate=0.1)
    assert session.step is step and session.settings is settings


def test_a_learning_rate_changes_in_place_and_keeps_the_optimizer_state():
    session = PlaygroundSession()
    session.update()
    optimizer = session.step.g_optimizer
    said = session.apply(g_lr=3e-3)
    assert session.step.g_optimizer is optimizer and optimizer.state
    assert optimizer.param_groups[0]["lr"] == 3e-3 and "g lr → 0.003" in said


def test_a_new_loss_keeps_the_networks_and_a_new_width_rebuilds_them():
    session = PlaygroundSession()
    generator = session.step.generator
    session.apply(loss="saturating")
    assert isinstance(session.step, SaturatingStep) and session.step.generator is generator
    said = session.apply(width=32)
    assert session.step.generator is not generator and "G and D rebuilt" in said


def test_pacgan_rebuilds_d_alone():
    session = PlaygroundSession()
    generator, discriminator = session.step.generator, session.step.discriminator
    said = session.apply(pacgan=True)
    assert session.step.generator is generator
    assert isinstance(session.step.discriminator, gh.PackedDiscriminator)
    assert session.step.discriminator is not discriminator and "D rebuilt" in said
    session.update()


def test_techniques_stack_in_front_of_the_loss():
    settings = PlaygroundSettings(loss="saturating", feature_matching=True, label_smoothing=True)
    cls = step_class(settings)
    assert cls.__mro__[1:4] == (FeatureMatchingStep, LabelSmoothingStep, SaturatingStep)
    assert cls.generator_loss is FeatureMatchingStep.generator_loss
    assert cls.discriminator_loss is LabelSmoothingStep.discriminator_loss
    assert step_class(PlaygroundSettings()) is gh.AdversarialStep


def test_uniform_noise_stays_in_the_unit_square():
    session = PlaygroundSession(PlaygroundSettings(noise="uniform", latent_dim=4))
    z = session.step.sample_latent(1000, "cpu")
    assert z.shape == (1000, 4) and z.abs().max() <= 1 and z.min() < -0.9


def test_an_update_is_d_steps_of_d_then_one_of_g():
    session = PlaygroundSession(PlaygroundSettings(d_steps=3))
    session.update()
    assert (session.updates, session.d_updates, session.g_updates) == (1, 3, 1)


def test_half_updates_change_only_their_player():
    session = PlaygroundSession()
    g, d = parameters(session.step.generator), parameters(session.step.discriminator)
    session.update_discriminator()
    assert changed(d, session.step.discriminator) and not changed(g, session.step.generator)
    d = parameters(session.step.discriminator)
    session.update_generator()
    assert changed(g, session.step.generator) and not changed(d, session.step.discriminator)
    assert (session.d_updates, session.g_updates, session.updates) == (1, 1, 0)


def test_slow_motion_walks_through_one_update_in_gan_labs_nine_parts():
    session = PlaygroundSession()
    g, d = parameters(session.step.generator), parameters(session.step.discriminator)
    captions = []
    for part in range(9):
        captions.append(session.slow_motion())
        assert changed(d, session.step.discriminator) == (part >= 4), part
        assert changed(g, session.step.generator) == (part >= 8), part
    assert [c[:3] for c in captions] == [f"{k}/9" for k in range(1, 10)]
    assert session.updates == 1 and session.phase == 0
    assert "L_D = " in captions[2] and "nan" not in " ".join(captions)


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"loss": "hinge"},
        {"loss": "least squares", "optimizer": "SGD"},
        {"loss": "WGAN-GP", "latent_dim": 1},
        {"pacgan": True},
        {"minibatch": True, "batch_size": 100},
        {"feature_matching": True, "noise": "uniform"},
    ],
)
def test_a_frame_holds_every_view(settings):
    session = PlaygroundSession(PlaygroundSettings(**settings))
    session.update()
    frame = session.frame()
    assert frame["map"].shape == (MAP_SIZE, MAP_SIZE) and torch.isfinite(frame["map"]).all()
    if frame["map_kind"] == "probability":
        assert 0 <= frame["map"].min() and frame["map"].max() <= 1
    assert frame["real"].shape == frame["fake"].shape == (512, 2)
    assert frame["arrows"].shape == (128, 4) and frame["gradient_norm"] > 0
    expected = (41, 2) if session.settings.latent_dim == 1 else (11, 11, 2)
    assert frame["manifold"].shape == expected
    assert all(len(values) == 1 for values in frame["history"].values())


def test_a_frame_leaves_out_the_views_turned_off():
    frame = PlaygroundSession().frame(["fake"])
    assert "fake" in frame and not {"map", "real", "arrows", "manifold"} & set(frame)


def test_curves_are_thinned_but_keep_the_newest_point():
    session = PlaygroundSession()
    for _ in range(320):
        session.frame([])
    assert len(session.history["updates"]) <= 300


def test_the_saturating_loss_has_the_gradient_notebook_00_derived():
    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(2, 16), MixtureDiscriminator(16)
    step = SaturatingStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    fake = torch.randn(8, 2)
    logits = discriminator(fake).detach().requires_grad_(True)
    step.judge = lambda x, labels: logits  # the loss as a function of D's logits
    (grad,) = torch.autograd.grad(step.generator_loss(None, fake, None, None) * 8, logits)
    expected = generator_loss_gradients(torch.sigmoid(logits.detach()))["saturating"]
    assert torch.allclose(grad, expected, atol=1e-6)


def test_the_hinge_loss_stops_at_the_margin():
    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(2, 16), MixtureDiscriminator(16)
    step = HingeStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    step.score = lambda real, fake, labels: (torch.full((4, 1), 2.0), torch.full((4, 1), -3.0))
    loss, _, _ = step.discriminator_loss(None, None, None, None)
    assert loss.item() == 0.0
    step.score = lambda real, fake, labels: (torch.zeros(4, 1), torch.zeros(4, 1))
    assert step.discriminator_loss(None, None, None, None)[0].item() == 2.0


def test_the_least_squares_loss_is_zero_at_its_targets():
    torch.manual_seed(0)
    generator, discriminator = MixtureGenerator(2, 16), MixtureDiscriminator(16)
    step = LeastSquaresStep(
        generator, discriminator, gh.adam(generator, 1e-3), gh.adam(discriminator, 1e-3)
    )
    step.score = lambda real, fake, labels: (torch.ones(4, 1), torch.zeros(4, 1))
    assert step.discriminator_loss(None, None, None, None)[0].item() == 0.0
    step.judge = lambda x, labels: torch.ones(4, 1)
    assert step.generator_loss(None, None, None, None).item() == 0.0
    step.judge = lambda x, labels: torch.zeros(4, 1)
    assert step.generator_loss(None, None, None, None).item() == 0.5


def test_mixture_networks_take_a_depth_and_keep_their_default():
    assert (
        sum(isinstance(m, torch.nn.Linear) for m in MixtureGenerator(2, 8, depth=4).modules()) == 5
    )
    default = sum(p.numel() for p in MixtureGenerator().parameters())
    assert default == 16 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2


def test_ring_quality_is_notebook_06s_mode_coverage():
    target = ring_target()
    points = target.sample(2500, torch.Generator().manual_seed(0))[:1800] * 1.01
    ours = target.quality(points)
    theirs = mode_coverage(points, target.anchors, target.std)
    assert ours["high_quality"] == pytest.approx(theirs["high_quality"])
    assert ours["regions_covered"] * 8 == theirs["modes_covered"]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_target_lies_in_the_view_and_scores_its_own_samples_well(name):
    target = TARGETS[name]()
    points = target.sample(4000, torch.Generator().manual_seed(0))
    assert points.abs().max() < EXTENT
    quality = target.quality(points)
    assert quality["regions_covered"] == 1.0 and quality["high_quality"] > 0.95
    assert target.quality(torch.zeros(100, 2) + 3.9)["high_quality"] < 0.05


@pytest.mark.parametrize("points", [[], [[5.0, 0.0]], [[float("nan"), 0.0]], [[1.0, 2.0, 3.0]]])
def test_a_drawing_must_be_points_inside_the_view(points):
    with pytest.raises(ValueError):
        drawn_target(torch.tensor(points))


def test_drawing_three_points_makes_them_the_target():
    session = PlaygroundSession()
    said = session.draw([[0.0, 0.0], [1.0, 1.0], [-2.0, 1.5]])
    assert session.target.name == "your 3 points" and session.settings.target == "drawn"
    assert "with replacement" in said
    session.update()
    with pytest.raises(PlaygroundError, match="draw at least one point"):
        session.draw([])


def test_grid_divergences_are_zero_for_equal_histograms_and_near_log_2_for_disjoint():
    p = torch.tensor([0.5, 0.5, 0.0, 0.0])
    q = torch.tensor([0.0, 0.0, 0.5, 0.5])
    assert grid_divergences(p, p) == {
        "kl": pytest.approx(0, abs=1e-6),
        "js": pytest.approx(0, abs=1e-6),
    }
    assert grid_divergences(p, q)["js"] == pytest.approx(math.log(2), rel=0.01)
    assert grid_divergences(p, q)["kl"] > 5


def test_a_frame_travels_as_json_and_float32_buffers():
    session = PlaygroundSession()
    frame = session.frame()  # before any update: the losses are NaN
    content, buffers = frame_message(frame, 0)
    json.dumps(content, allow_nan=False)
    layout = content["arrays"]["map"]
    assert len(buffers[layout["index"]]) == 4 * MAP_SIZE * MAP_SIZE and layout["shape"] == [48, 48]


@pytest.fixture
def panel():
    panel = Playground()
    yield panel
    panel.close()


def test_the_panel_plays_in_the_background_and_pause_stops_it(panel):
    panel.play()
    deadline = time.monotonic() + 10
    while panel.session.updates < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    panel.pause()
    stopped = panel.session.updates
    time.sleep(0.3)
    assert stopped >= 30 and panel.session.updates == stopped
    assert panel.frames_sent > 1 and "paused" in panel.message.value


def test_step_buttons_do_one_update_of_what_they_say(panel):
    panel.step("both")
    panel.step("D")
    panel.step("G")
    s = panel.session
    assert (s.updates, s.d_updates, s.g_updates) == (1, 2, 2)
    with pytest.raises(PlaygroundError):
        panel.step("both players")


def test_a_bad_value_in_a_control_is_shown_and_reverted(panel):
    control = panel.controls["settings"]["g_lr"]
    control.value = -0.5
    assert control.value == panel.session.settings.g_lr == 1e-3
    assert "G's learning rate" in panel.message.value and "#b00020" in panel.message.value
    panel.controls["settings"]["d_lr"].value = 0.004
    assert panel.session.step.d_optimizer.param_groups[0]["lr"] == 0.004


def test_use_drawing_needs_a_drawing_and_then_trains_on_it(panel):
    panel.controls["rows"][1].children[2].click()
    assert "nothing drawn" in panel.message.value
    panel._on_canvas_message(panel.canvas, {"kind": "draw", "points": [[0, 0], [1, 1]]}, [])
    panel.controls["rows"][1].children[2].click()
    assert panel.session.target.name == "your 2 points"
    assert panel.controls["settings"]["target"].value == "drawn"


def test_unknown_settings_are_named():
    with pytest.raises(PlaygroundError, match="unknown setting"):
        gh.playground(learning_rate=0.1)


def test_a_panel_no_longer_drawn_pauses_itself(panel, monkeypatch):
    monkeypatch.setattr("ganhelpers.course.playground.UNSEEN_PAUSE", 0.3)
    panel._on_canvas_message(panel.canvas, {"kind": "drawn", "number": 0}, [])
    panel.play()  # no browser draws any more frames
    deadline = time.monotonic() + 10
    while panel.playing.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not panel.playing.is_set() and "not been drawn" in panel.message.value
