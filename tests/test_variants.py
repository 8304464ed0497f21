import math

import pytest
import torch

from ganhelpers import adam, train_gan
from ganhelpers.course.latent import interpolate
from ganhelpers.gan.models import (
    ConditionalDiscriminator,
    ConditionalGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    InfoGANDiscriminator,
)
from ganhelpers.gan.step import AdversarialStep
from ganhelpers.gan.variants import ConditionalStep, InfoGANStep, code_information


def test_dcgan_shapes_init_and_batch_norm_placement():
    generator, discriminator = DCGANGenerator(latent_dim=16, width=8), DCGANDiscriminator(width=8)
    images = generator(torch.randn(4, 16))
    assert images.shape == (4, 1, 28, 28) and images.abs().max() <= 1
    assert discriminator(images).shape == (4, 1)
    # no batch norm right after D's input or on G's output layer
    assert isinstance(discriminator.body[1], torch.nn.LeakyReLU)
    assert isinstance(generator.upsample[-1], torch.nn.Tanh)
    conv = discriminator.body[0].weight
    assert abs(conv.std().item() - 0.02) < 0.005


def test_conditional_models_use_the_label():
    torch.manual_seed(0)
    generator, discriminator = (
        ConditionalGenerator(latent_dim=8, width=8),
        ConditionalDiscriminator(width=8),
    )
    generator.eval()
    discriminator.eval()
    z = torch.randn(2, 8)
    three, seven = torch.tensor([3, 3]), torch.tensor([7, 7])
    assert not torch.equal(generator(z, three), generator(z, seven))
    images = generator(z, three)
    assert not torch.equal(discriminator(images, three), discriminator(images, seven))
    with pytest.raises(ValueError, match="labels must lie"):
        generator(z, torch.tensor([3, 10]))


def _infogan(width=8, noise_dim=6):
    generator = DCGANGenerator(latent_dim=noise_dim + 10 + 2, width=width)
    discriminator = InfoGANDiscriminator(width=width)
    g_params = list(generator.parameters()) + list(discriminator.q_head.parameters())
    step = InfoGANStep(
        generator,
        discriminator,
        torch.optim.Adam(g_params, lr=1e-3),
        adam(discriminator.shared, 2e-4),
        noise_dim=noise_dim,
    )
    return step


def test_infogan_code_projection_pairs_fakes_with_their_code_and_reals_with_q_s_reading():
    torch.manual_seed(0)
    discriminator = InfoGANDiscriminator(width=8, code_projection=True).eval()
    torch.nn.init.normal_(discriminator.code_embedding.weight)
    x = torch.randn(4, 1, 28, 28)
    with torch.no_grad():
        as_threes = discriminator.with_codes(x, torch.full((4,), 3))[0]
        as_sevens = discriminator.with_codes(x, torch.full((4,), 7))[0]
        _, category_logits, _ = discriminator.with_codes(x)
        read = discriminator.with_codes(x, category_logits.argmax(1))[0]
        assert not torch.allclose(as_threes, as_sevens)
        assert torch.allclose(discriminator(x), read)
    owned = {id(p) for p in discriminator.d_parameters()}
    assert id(discriminator.code_embedding.weight) in owned
    assert not any(id(p) in owned for p in discriminator.q_head.parameters())
    assert InfoGANDiscriminator(width=8).code_embedding is None


def test_infogan_step_trains_the_code_embedding_with_d():
    torch.manual_seed(0)
    generator = DCGANGenerator(latent_dim=6 + 10 + 2, width=8)
    discriminator = InfoGANDiscriminator(width=8, code_projection=True)
    step = InfoGANStep(
        generator,
        discriminator,
        adam(list(generator.parameters()) + list(discriminator.q_head.parameters()), 1e-3),
        adam(discriminator.d_parameters(), 2e-4),
        noise_dim=6,
    )
    before = discriminator.code_embedding.weight.detach().clone()
    train_gan(step, torch.rand(64, 1, 28, 28) * 2 - 1, epochs=1, batch_size=32, progress=False)
    assert not torch.equal(before, discriminator.code_embedding.weight)


def test_infogan_latent_round_trips_and_codes_are_uniform():
    step = _infogan()
    z = step.sample_latent(4000, "cpu")
    noise, category, continuous = step.split_latent(z)
    assert noise.shape == (4000, 6) and continuous.shape == (4000, 2)
    assert torch.equal(step.latent(noise, category, continuous), z)
    assert (
        continuous.min() >= -1 and continuous.max() <= 1 and continuous.std() < 0.7
    )  # U(-1,1): 0.577
    assert category.bincount(minlength=10).min() > 300
    assert torch.equal(z[:, 6:16], torch.nn.functional.one_hot(category, 10).float())
    with pytest.raises(ValueError, match=r"in \[0, 10\), got 0..10"):
        step.latent(noise[:2], torch.tensor([0, 10]), continuous[:2])
    with pytest.raises(TypeError, match="integers"):
        step.latent(noise[:2], torch.tensor([0.0, 1.0]), continuous[:2])


def test_infogan_trains_q_to_recover_the_category():
    torch.manual_seed(0)
    step = _infogan()
    q_before = [p.detach().clone() for p in step.discriminator.q_head.parameters()]
    z = step.sample_latent(64, "cpu")
    _, category_logits, continuous = step.discriminator.with_codes(step.generate(z, None))
    loss_before = step.information_loss(category_logits, continuous, z).item()
    data = torch.rand(256, 1, 28, 28) * 2 - 1
    train_gan(step, data, epochs=8, batch_size=32, progress=False)
    assert not any(
        torch.equal(a, b) for a, b in zip(q_before, step.discriminator.q_head.parameters())
    )
    step.discriminator.eval()
    step.generator.eval()
    with torch.no_grad():
        _, category_logits, continuous = step.discriminator.with_codes(step.generate(z, None))
        loss_after = step.information_loss(category_logits, continuous, z).item()
    assert loss_after < 0.5 * loss_before
    metrics = step.code_metrics(500)
    assert metrics["information_loss"] < 0.5 * loss_before
    assert 0 <= metrics["code_recovery"] <= 1


def test_infogan_refuses_a_generator_of_the_wrong_size():
    with pytest.raises(ValueError, match="latent_dim"):
        InfoGANStep(
            DCGANGenerator(latent_dim=5, width=8), InfoGANDiscriminator(width=8), None, None
        )


def test_conditional_step_needs_labels_and_trains_with_them():
    torch.manual_seed(0)
    generator, discriminator = (
        ConditionalGenerator(latent_dim=8, width=8),
        ConditionalDiscriminator(width=8),
    )
    step = ConditionalStep(
        generator, discriminator, adam(generator, 2e-4), adam(discriminator, 2e-4)
    )
    assert step.separate_batches  # batch norm in D
    images, labels = torch.rand(64, 1, 28, 28) * 2 - 1, torch.randint(0, 10, (64,))
    history = train_gan(step, (images, labels), epochs=2, batch_size=16, progress=False)
    assert len(history) == 2
    with pytest.raises(ValueError, match="needs labels"):
        train_gan(step, images, epochs=1, batch_size=16, progress=False)


def test_infogan_losses_add_the_information_loss_to_both_players():
    torch.manual_seed(0)
    step = _infogan()
    real = torch.rand(8, 1, 28, 28) * 2 - 1
    z = step.sample_latent(8, "cpu")
    fake = step.generate(z, None)
    plain = AdversarialStep(step.generator, step.discriminator, None, None)
    _, category_logits, continuous = step.discriminator.with_codes(fake)
    information = step.information_loss(category_logits, continuous, z)
    d_loss, real_logits, fake_logits = step.discriminator_loss(real, fake, z, None)
    plain_d_loss = plain.discriminator_loss(real, fake, z, None)[0]
    assert torch.allclose(d_loss, plain_d_loss + information)
    g_loss = step.generator_loss(real, fake, z, None)
    assert torch.allclose(g_loss, plain.generator_loss(real, fake, z, None) + information)


def test_code_information_is_log_k_for_confident_balanced_codes_and_zero_without_either():
    confident_balanced = 30.0 * torch.eye(10).repeat(5, 1)  # 50 samples, 5 per category
    all_one_category = 30.0 * torch.eye(10)[[3] * 50]
    undecided = torch.zeros(50, 10)
    assert code_information(confident_balanced).item() == pytest.approx(math.log(10), abs=1e-4)
    assert code_information(all_one_category).item() == pytest.approx(0.0, abs=1e-4)
    assert code_information(undecided).item() == pytest.approx(0.0, abs=1e-6)


def test_infogan_real_information_weight_subtracts_q_s_information_on_real_digits():
    torch.manual_seed(0)
    step = _infogan()
    step.real_information_weight = 0.7
    real = torch.rand(8, 1, 28, 28) * 2 - 1
    z = step.sample_latent(8, "cpu")
    fake = step.generate(z, None)
    plain = AdversarialStep(step.generator, step.discriminator, None, None)
    _, category_logits, continuous = step.discriminator.with_codes(fake)
    _, real_category_logits, _ = step.discriminator.with_codes(real)
    expected = (
        plain.discriminator_loss(real, fake, z, None)[0]
        + step.information_loss(category_logits, continuous, z)
        - 0.7 * code_information(real_category_logits)
    )
    torch.testing.assert_close(step.discriminator_loss(real, fake, z, None)[0], expected)
    with pytest.raises(ValueError, match="real_information_weight"):
        InfoGANStep(
            step.generator, step.discriminator, None, None, noise_dim=6, real_information_weight=-1
        )


def test_interpolation_endpoints_and_spherical_norm():
    z_a, z_b = torch.randn(2, 50)
    for mode in ("linear", "spherical"):
        torch.testing.assert_close(interpolate(z_a, z_b, 0.0, mode), z_a)
        torch.testing.assert_close(interpolate(z_a, z_b, 1.0, mode), z_b)
    middle = interpolate(z_a, z_b, 0.5, "spherical")
    expected_norm = (z_a.norm() + z_b.norm()) / 2
    assert middle.norm().item() == pytest.approx(expected_norm.item(), rel=1e-4)
    assert interpolate(z_a, z_b, 0.5, "linear").norm() < middle.norm()
    with pytest.raises(ValueError, match="mode"):
        interpolate(z_a, z_b, 0.5, "cubic")


def test_code_recovery_is_a_share_and_rises_with_training():
    torch.manual_seed(1)
    step = _infogan()
    before = step.code_recovery(500)
    assert 0.0 <= before <= 1.0
    train_gan(step, torch.rand(256, 1, 28, 28) * 2 - 1, epochs=8, batch_size=32, progress=False)
    assert step.code_recovery(500) > before + 0.3
