import pytest
import torch

from ganhelpers import offline_mnist_sample
from ganhelpers.course.classifier import DigitClassifier, train_classifier
from ganhelpers.course.metrics import class_counts, code_accuracy


def test_classifier_learns_the_offline_sample():
    torch.manual_seed(0)
    digits = offline_mnist_sample().subset(2000, seed=0)
    model, accuracy = train_classifier(digits, epochs=4)
    assert accuracy > 0.9
    assert model.predict(digits.images[:7]).shape == (7,)


def test_classifier_shapes_and_bad_split():
    assert DigitClassifier()(torch.zeros(3, 1, 28, 28)).shape == (3, 10)
    with pytest.raises(ValueError, match="held_out"):
        train_classifier(offline_mnist_sample(), held_out=1.5)


def test_code_accuracy_majority_and_one_to_one():
    codes = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2])
    predicted = torch.tensor([7, 7, 3, 1, 1, 1, 7, 7])
    result = code_accuracy(codes, predicted)
    assert result["majority_mapping"] == {0: 7, 1: 1, 2: 7}
    assert result["majority"] == pytest.approx(7 / 8)
    assert result["one_to_one"] == pytest.approx(6 / 8)  # codes 0 and 2 cannot both be 7
    assert len(set(result["one_to_one_mapping"].values())) == 3


def test_code_accuracy_of_a_code_that_ignores_classes_is_low_one_to_one():
    codes = torch.arange(10).repeat_interleave(100)
    predicted = torch.full((1000,), 4)
    result = code_accuracy(codes, predicted)
    assert result["majority"] == 1.0 and result["one_to_one"] == pytest.approx(0.1)


def test_class_counts_count_each_group_s_predictions():
    counts = class_counts(torch.tensor([0, 0, 1, 2]), torch.tensor([3, 3, 1, 9]))
    assert counts.shape == (3, 10) and counts.sum() == 4
    assert counts[0, 3] == 2 and counts[1, 1] == 1 and counts[2, 9] == 1
    with pytest.raises(ValueError, match="2 groups but 1 predictions"):
        class_counts(torch.tensor([0, 1]), torch.tensor([0]))
