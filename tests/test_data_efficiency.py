"""Training on few images: DiffAugment translation, the generator weight average, PacGAN packing,
the discriminator-overfitting monitor and the improved MLP recipe."""

from dataclasses import replace

import pytest
import torch
from torch import nn

from ganhelpers import (
    AdversarialStep,
    DiscriminatorOverfitting,
    History,
    adam,
    load_checkpoint,
    load_sampling_generator,
    save_checkpoint,
    train_gan,
)
from ganhelpers.course.data import Digits
from ganhelpers.course.recipes import ABLATION, IMPROVED_RECIPE, SEED_RECIPE
from ganhelpers.gan.augment import RandomAffine, RandomTranslation
from ganhelpers.gan.averaging import GeneratorAverage
from ganhelpers.gan.layers import PackedDiscriminator
from ganhelpers.gan.models import (
    ConditionalDiscriminator,
    ConditionalGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    MLPDiscriminator,
    MLPGenerator,
)
from ganhelpers.gan.variants import ConditionalStep


def test_translation_moves_each_image_by_at_most_the_shift_and_keeps_gradients():
    torch.manual_seed(0)
    images = torch.full((64, 1, 9, 9), -1.0)
    images[:, :, 4, 4] = 1.0  # one bright pixel in the middle
    moved = RandomTranslation(2)(images.requires_grad_(True))
    assert moved.shape == images.shape
    rows, columns = (moved[:, 0] == 1).nonzero()[:, 1:].T
    assert ((rows - 4).abs() <= 2).all() and ((columns - 4).abs() <= 2).all()
    assert len(set(zip(rows.tolist(), columns.tolist()))) > 5  # shifts differ between images
    moved.sum().backward()
    assert images.grad is not None and images.grad.abs().sum() > 0


def test_translation_by_zero_is_the_identity_and_bad_shifts_are_refused():
    images = torch.randn(4, 1, 8, 8)
    assert torch.equal(RandomTranslation(0)(images), images)
    with pytest.raises(ValueError, match="pixels"):
        RandomTranslation(-1)
    with pytest.raises(ValueError, match="batch, channels"):
        RandomTranslation(1)(torch.randn(4, 64))


def test_affine_augmentation_is_the_identity_at_zero_and_fills_with_background():
    images = (torch.rand(6, 1, 28, 28) * 2 - 1).requires_grad_(True)
    same = RandomAffine(degrees=0, scale=0, shear=0, pixels=0)(images)
    torch.testing.assert_close(same, images, atol=1e-5, rtol=0)
    torch.manual_seed(0)
    moved = RandomAffine()(images)
    assert moved.shape == images.shape and not torch.allclose(moved, images)
    moved.sum().backward()  # differentiable: G's gradient passes through it
    assert images.grad is not None
    blank = RandomAffine(degrees=30, pixels=3)(torch.full((4, 1, 28, 28), -1.0))
    torch.testing.assert_close(blank, torch.full_like(blank, -1.0))  # background stays black
    for bad in ({"degrees": -1}, {"scale": 1.0}, {"pixels": -2}):
        with pytest.raises(ValueError):
            RandomAffine(**bad)


def test_generator_average_follows_the_weights_with_a_warmed_up_decay():
    generator = nn.Linear(3, 2)
    average = GeneratorAverage(generator, decay=0.9)
    for n in range(30):
        before = average.average.weight.detach().clone()
        with torch.no_grad():
            generator.weight.add_(1.0)
        average.update()
        decay = min(0.9, n / (n + 1))  # the mean of all so far, then 0.9 from the 10th update on
        expected = decay * before + (1 - decay) * generator.weight.detach()
        assert torch.allclose(average.average.weight, expected)
    assert not average.average.weight.requires_grad
    with pytest.raises(ValueError, match="decay"):
        GeneratorAverage(generator, decay=1.0)


def test_average_recomputes_its_batch_norm_statistics_for_its_own_weights():
    torch.manual_seed(0)
    generator = MLPGenerator(4, hidden=(8, 8), batch_norm=True, negative_slope=0.2)
    average = GeneratorAverage(generator, decay=0.5, standing_statistics=True)
    with torch.no_grad():
        generator(torch.randn(16, 4))  # G's running statistics: not the average's
        average.update()
    norm = next(m for m in average.average.modules() if isinstance(m, nn.BatchNorm1d))
    batches = [torch.randn(32, 4) for _ in range(3)]
    seen = []
    norm.register_forward_hook(lambda module, inputs, output: seen.append(inputs[0]))
    state = torch.get_rng_state()
    calls = iter(batches)
    average.refresh_statistics(lambda n: average.average(next(calls)), batches=3, batch_size=32)
    assert torch.equal(torch.get_rng_state(), state)  # the training's random stream untouched
    assert len(seen) == 3 and not average.average.training
    torch.testing.assert_close(norm.running_mean, torch.cat(seen).mean(0))
    assert norm.momentum == 0.1  # restored after the cumulative average
    average.refresh_statistics(lambda n: pytest.fail("refreshed twice"), batches=3)  # not moved
    average.update()
    with pytest.raises(StopIteration):  # moved: refreshed again (and the iterator is spent)
        average.refresh_statistics(lambda n: average.average(next(calls)), batches=3)


def test_standing_statistics_are_used_for_samples_and_saved_in_checkpoints(tmp_path):
    torch.manual_seed(0)
    generator = ConditionalGenerator(8, n_classes=3, width=4)
    discriminator = ConditionalDiscriminator(n_classes=3, width=4)
    step = ConditionalStep(
        generator,
        discriminator,
        adam(generator, 1e-3),
        adam(discriminator, 1e-3),
        generator_average=0.9,
        standing_statistics=True,
    )
    images, labels = torch.rand(64, 1, 28, 28) * 2 - 1, torch.arange(64) % 3
    train_gan(step, (images, labels), epochs=1, batch_size=32, progress=False)
    norm = next(m for m in step.average.average.modules() if isinstance(m, nn.BatchNorm2d))
    online = next(m for m in generator.modules() if isinstance(m, nn.BatchNorm2d))
    z, wanted = torch.randn(6, 8), torch.arange(6) % 3
    samples = step.sample(z, wanted)
    assert int(norm.num_batches_tracked) == 8  # recomputed over 8 batches, not copied from G
    assert not torch.allclose(norm.running_mean, online.running_mean)  # its own, not G's
    save_checkpoint(tmp_path / "c.pt", step, History())
    loaded = load_sampling_generator(tmp_path / "c.pt", ConditionalGenerator(8, 3, width=4))
    torch.testing.assert_close(loaded(z, wanted), samples)
    with pytest.raises(ValueError, match="generator_average"):
        AdversarialStep(
            generator,
            discriminator,
            adam(generator, 1e-3),
            adam(discriminator, 1e-3),
            standing_statistics=True,
        )


def test_step_samples_from_the_average_and_checkpoints_it(tmp_path):
    torch.manual_seed(0)
    step = IMPROVED_RECIPE.build()
    images = torch.rand(128, 1, 28, 28) * 2 - 1
    train_gan(step, images, epochs=1, batch_size=64, progress=False)
    z = torch.randn(4, 100)
    assert step.sampling_generator is step.average.average
    assert torch.allclose(step.sample(z), step.average.average.eval()(z))
    assert not torch.allclose(step.sample(z), step.generator.eval()(z))
    save_checkpoint(tmp_path / "c.pt", step, History())
    torch.manual_seed(1)
    other = IMPROVED_RECIPE.build()
    load_checkpoint(tmp_path / "c.pt", other)
    assert torch.allclose(other.sample(z), step.sample(z))
    loaded = load_sampling_generator(tmp_path / "c.pt", IMPROVED_RECIPE.build().generator)
    assert torch.allclose(loaded(z), step.sample(z))  # the average's (copied) statistics saved


def test_packed_discriminator_gives_one_logit_per_pack_and_refuses_odd_batches():
    discriminator = PackedDiscriminator(DCGANDiscriminator(2, 8, batch_norm=False), pack=2)
    assert discriminator(torch.randn(6, 1, 28, 28)).shape == (3, 1)
    with pytest.raises(ValueError, match="packs of 2"):
        discriminator(torch.randn(5, 1, 28, 28))


def test_a_packed_discriminator_without_batch_norm_trains_in_one_pass():
    torch.manual_seed(0)
    generator = DCGANGenerator(16, 8)
    discriminator = PackedDiscriminator(DCGANDiscriminator(2, 8, batch_norm=False), pack=2)
    step = AdversarialStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
    )
    assert not step.separate_batches
    real = torch.rand(8, 1, 28, 28) * 2 - 1
    real_logits, fake_logits = step.score(real, generator(torch.randn(8, 16)), None)
    assert real_logits.shape == fake_logits.shape == (4, 1)
    assert torch.isfinite(step(real)).all()


def test_augmentation_is_applied_to_what_d_sees():
    torch.manual_seed(0)
    seen = []
    generator, discriminator = DCGANGenerator(16, 8), DCGANDiscriminator(1, 8, batch_norm=False)

    def augment(images):
        seen.append(len(images))
        return images

    step = AdversarialStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3), augment=augment
    )
    step(torch.rand(8, 1, 28, 28))
    assert seen == [16, 8]  # real and fake together for D, then the fakes for G


def test_overfitting_monitor_logs_both_scores():
    torch.manual_seed(0)
    step = SEED_RECIPE.build()
    history = History()
    history.append(epoch=1)
    DiscriminatorOverfitting(torch.rand(10, 1, 28, 28), torch.rand(12, 1, 28, 28))(1, step, history)
    assert 0 < history.last("d_train") < 1 and 0 < history.last("d_held_out") < 1


def test_digits_split_is_disjoint_and_sized():
    digits = Digits(torch.arange(20.0).view(20, 1, 1, 1), torch.arange(20) % 10, "test")
    rest, held_out = digits.split(5, seed=0)
    assert len(rest) == 15 and len(held_out) == 5
    assert not set(rest.images.flatten().tolist()) & set(held_out.images.flatten().tolist())
    with pytest.raises(ValueError, match="held_out"):
        digits.split(20)


def test_improved_mlp_networks_follow_pytorch_gan():
    generator = MLPGenerator(hidden=(128, 256, 512, 1024), batch_norm=True, negative_slope=0.2)
    norms = [m for m in generator.modules() if isinstance(m, nn.BatchNorm1d)]
    assert [m.num_features for m in norms] == [256, 512, 1024]  # none on the first layer
    assert all(m.eps == 1e-5 for m in norms)  # not PyTorch-GAN's eps=0.8 slip
    discriminator = MLPDiscriminator(hidden=(512, 256), dropout=0.0, negative_slope=0.2)
    assert not any(isinstance(m, nn.Dropout) for m in discriminator.modules())
    assert discriminator(torch.randn(3, 1, 28, 28)).shape == (3, 1)


def test_ablation_starts_at_the_seed_recipe_and_reaches_the_improved_one():
    assert ABLATION[0] == SEED_RECIPE
    improved = [recipe for recipe in ABLATION if "improved recipe" in recipe.name]
    assert len(improved) == 1
    assert improved[0] == replace(IMPROVED_RECIPE, name=improved[0].name)


def test_pacgan_is_a_mode_collapse_technique_for_points_and_digits():
    from ganhelpers.course.collapse import TECHNIQUES, technique_step
    from ganhelpers.gan.models import MixtureDiscriminator, MixtureGenerator

    assert "PacGAN" in TECHNIQUES
    torch.manual_seed(0)
    step = technique_step("PacGAN", MixtureGenerator, MixtureDiscriminator)
    assert isinstance(step.discriminator, PackedDiscriminator)
    assert step.discriminator(torch.randn(8, 2)).shape == (4, 1)
    digits = technique_step("PacGAN", MLPGenerator, MLPDiscriminator)
    assert digits.discriminator(torch.randn(4, 1, 28, 28)).shape == (2, 1)
