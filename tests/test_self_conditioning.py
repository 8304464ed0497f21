import pytest
import torch

from ganhelpers import adam, train_gan
from ganhelpers.course.data import Digits
from ganhelpers.gan.clustering import cluster_digits, cluster_purity, cluster_shares, kmeans
from ganhelpers.gan.self_conditioning import (
    ProjectionDiscriminator,
    SelfConditionedGenerator,
    SelfConditionedStep,
)


def test_kmeans_finds_well_separated_blobs_whatever_their_order():
    torch.manual_seed(0)
    centres = torch.tensor([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    truth = torch.arange(3).repeat_interleave(50)
    points = centres[truth] + 0.5 * torch.randn(150, 2)
    clusters = kmeans(points, 3, seed=1)
    assert cluster_purity(clusters, truth) == 1.0
    assert cluster_purity(truth, clusters) == 1.0  # one cluster per blob, not two blobs merged
    assert torch.equal(clusters, kmeans(points, 3, seed=1))
    with pytest.raises(ValueError, match="k must be"):
        kmeans(points, 0)


def test_cluster_shares_and_purity():
    labels = torch.tensor([0, 0, 1, 2, 2, 2])
    assert torch.allclose(cluster_shares(labels, 4), torch.tensor([2, 1, 3, 0]) / 6)
    assert cluster_purity(torch.tensor([0, 0, 0, 1]), torch.tensor([5, 5, 6, 7])) == 0.75


def test_cluster_digits_replaces_labels_with_clusters():
    images = torch.cat([-torch.ones(10, 1, 28, 28), torch.ones(10, 1, 28, 28)])
    digits = Digits(images, torch.zeros(20, dtype=torch.long), "test")
    clustered = cluster_digits(digits, 2)
    assert clustered.labels.dtype == torch.long and set(clustered.labels.tolist()) == {0, 1}
    assert len(set(clustered.labels[:10].tolist())) == 1 and "k-means" in clustered.source


def test_the_first_latent_number_picks_clusters_with_their_data_shares():
    shares = torch.tensor([0.2, 0.5, 0.3])
    generator = SelfConditionedGenerator(shares, latent_dim=4, width=8)
    picked = generator.clusters_of(
        torch.randn(40_000, 4, generator=torch.Generator().manual_seed(0))
    )
    assert torch.allclose(torch.bincount(picked, minlength=3) / 40_000, shares, atol=0.01)
    with pytest.raises(ValueError, match="cluster_shares"):
        SelfConditionedGenerator(torch.tensor([-1.0, 2.0]))


def test_given_clusters_override_the_first_latent_number():
    torch.manual_seed(0)
    generator = SelfConditionedGenerator(torch.ones(3), latent_dim=4, width=8).eval()
    z = torch.randn(2, 4)
    moved = z.clone()
    moved[:, 0] += 5.0
    clusters = torch.tensor([0, 2])
    assert torch.equal(generator(z, clusters), generator(moved, clusters))
    assert not torch.allclose(generator(z, clusters), generator(z, torch.tensor([1, 1])))
    assert generator(z).shape == (2, 1, 28, 28)


def test_projection_discriminator_uses_the_label():
    torch.manual_seed(0)
    discriminator = ProjectionDiscriminator(n_classes=5, width=8).eval()
    torch.nn.init.normal_(discriminator.embedding.weight)
    x = torch.randn(3, 1, 28, 28)
    a, b = discriminator(x, torch.tensor([0, 1, 2])), discriminator(x, torch.tensor([4, 4, 4]))
    assert a.shape == (3, 1) and not torch.allclose(a, b)
    with pytest.raises(ValueError, match="labels"):
        discriminator(x, torch.tensor([0]))


def test_packed_projection_discriminator_gives_one_logit_per_pack_and_sums_its_labels():
    torch.manual_seed(0)
    discriminator = ProjectionDiscriminator(n_classes=4, width=8, pack=2, batch_norm=False)
    torch.nn.init.normal_(discriminator.embedding.weight)
    x = torch.randn(4, 1, 28, 28)
    logits = discriminator(x, torch.tensor([0, 1, 2, 3]))
    assert logits.shape == (2, 1)
    swapped = discriminator(x, torch.tensor([1, 0, 3, 2]))  # the same labels within each pack
    assert torch.allclose(logits, swapped)
    assert not torch.allclose(logits, discriminator(x, torch.tensor([0, 0, 2, 3])))
    with pytest.raises(ValueError, match="packs of 2"):
        discriminator(x[:3], torch.tensor([0, 1, 2]))


def test_self_conditioned_step_trains_on_clusters_and_samples_without_them():
    torch.manual_seed(0)
    images = torch.rand(32, 1, 28, 28) * 2 - 1
    digits = cluster_digits(Digits(images, torch.zeros(32, dtype=torch.long), "noise"), 3)
    generator = SelfConditionedGenerator(cluster_shares(digits.labels, 3), latent_dim=8, width=8)
    discriminator = ProjectionDiscriminator(3, width=8)
    step = SelfConditionedStep(
        generator, discriminator, adam(generator, 1e-3), adam(discriminator, 1e-3)
    )
    before = discriminator.embedding.weight.detach().clone()
    history = train_gan(step, digits, epochs=1, batch_size=16, progress=False)
    assert len(history) == 1 and not torch.equal(before, discriminator.embedding.weight)
    assert step.sample(torch.randn(4, 8)).shape == (4, 1, 28, 28)
    with pytest.raises(ValueError, match="cluster labels"):
        step(images[:16])
