"""softmax with a temperature and entropy: hand-worked cases, invariants, and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenes.reference import greedy_decode, load_model, softmax
from scenes.reference.cross_attention import (
    check_temperature,
    entropy,
    entropy_curve,
    greedy_limit,
    head_entropies,
    least_certain_step,
    softmax_t,
    translation_logits,
    uniform_entropy,
)

LN2 = math.log(2.0)


# ---------------------------------------------------------------- the temperature
@pytest.mark.parametrize("t", [0, 0.0, -1, -0.5, float("nan"), float("inf"), "warm", None, [1]])
def test_bad_temperature_is_named(t):
    with pytest.raises(ValueError, match=r"temperature T=.*accepted: a finite number > 0"):
        check_temperature(t)


def test_softmax_t_rejects_a_zero_temperature_and_points_to_greedy():
    with pytest.raises(ValueError, match="greedy_limit"):
        softmax_t([1.0, 2.0], 0)


def test_softmax_t_by_hand():
    """z = [ln 1, ln 2]: T = 1 gives 1:2, T = 1/2 squares the odds (1:4), T = 2 roots them."""
    z = np.array([0.0, LN2])
    np.testing.assert_allclose(softmax_t(z, 1), [1 / 3, 2 / 3], atol=1e-15)
    np.testing.assert_allclose(softmax_t(z, 0.5), [1 / 5, 4 / 5], atol=1e-15)
    r = math.sqrt(2.0)
    np.testing.assert_allclose(softmax_t(z, 2), [1 / (1 + r), r / (1 + r)], atol=1e-15)


def test_softmax_t_at_one_is_softmax_and_sums_to_one():
    z = np.random.default_rng(0).normal(size=(4, 9)) * 3
    np.testing.assert_allclose(softmax_t(z, 1.0), softmax(z), atol=1e-15)
    for t in (0.1, 0.5, 2.0, 10.0):
        p = softmax_t(z, t)
        np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-12)
        assert np.all(p >= 0)
        # the order of the tokens never changes with T
        assert (np.argsort(-p, axis=-1, kind="stable")
                == np.argsort(-z, axis=-1, kind="stable")).all()


def test_the_two_limits():
    z = np.array([2.0, -1.0, 0.5, 1.9])
    np.testing.assert_allclose(softmax_t(z, 1e-3), greedy_limit(z), atol=1e-12)
    np.testing.assert_allclose(softmax_t(z, 1e6), np.full(4, 0.25), atol=1e-5)


def test_greedy_limit_is_one_hot_on_the_first_argmax():
    np.testing.assert_array_equal(greedy_limit([1.0, 3.0, 3.0, -2.0]), [0, 1, 0, 0])
    with pytest.raises(ValueError, match="one non-empty row"):
        greedy_limit(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="one non-empty row"):
        greedy_limit([])


# ---------------------------------------------------------------- entropy
def test_entropy_by_hand():
    assert entropy([0.5, 0.5]) == pytest.approx(LN2, abs=1e-15)
    assert entropy([0.5, 0.5], "bits") == pytest.approx(1.0, abs=1e-15)
    assert entropy([1.0, 0.0, 0.0]) == 0.0  # 0 log 0 = 0
    assert entropy([0.25] * 4, "bits") == pytest.approx(2.0, abs=1e-15)
    # [1/2, 1/4, 1/4]: 1/2*1 + 2 * 1/4*2 = 1.5 bits
    assert entropy([0.5, 0.25, 0.25], "bits") == pytest.approx(1.5, abs=1e-15)
    np.testing.assert_allclose(entropy([[1.0, 0.0], [0.5, 0.5]]), [0.0, LN2], atol=1e-15)


def test_entropy_lies_between_zero_and_log_v():
    rng = np.random.default_rng(1)
    for t in (0.2, 1.0, 5.0):
        p = softmax_t(rng.normal(size=(20, 7)) * 2, t)
        h = entropy(p)
        assert np.all(h >= 0) and np.all(h <= math.log(7) + 1e-12)


@pytest.mark.parametrize("p", [[0.5, 0.6], [1.2, -0.2], [], [[0.5, 0.5], [0.9, 0.0]]])
def test_entropy_needs_distributions(p):
    with pytest.raises(ValueError, match="entropy needs probability distributions"):
        entropy(p)


def test_entropy_unit_is_checked():
    with pytest.raises(ValueError, match=r"entropy unit 'dits'.*accepted: nats \| bits"):
        entropy([1.0], "dits")


def test_uniform_entropy():
    assert uniform_entropy(45) == pytest.approx(math.log(45), abs=1e-15)
    assert uniform_entropy(8, "bits") == pytest.approx(3.0, abs=1e-15)
    assert uniform_entropy(1) == 0.0
    assert uniform_entropy(45) == pytest.approx(entropy(np.full(45, 1 / 45)), abs=1e-12)


@pytest.mark.parametrize("v", [0, -3, 2.5, True, "45"])
def test_uniform_entropy_needs_a_count(v):
    with pytest.raises(ValueError, match=r"vocabulary size V=.*an integer >= 1"):
        uniform_entropy(v)


def test_entropy_curve_rises_with_t_toward_log_v():
    z = np.array([3.0, 1.0, 0.2, -0.5, -2.0])
    ts = np.linspace(0.05, 50, 200)
    h = entropy_curve(z, ts)
    assert np.all(np.diff(h) > 0)
    assert h[0] < 1e-6 and math.log(5) - h[-1] < 1e-3
    np.testing.assert_allclose(h[[10, 40]], [entropy(softmax_t(z, ts[10])),
                                             entropy(softmax_t(z, ts[40]))], atol=1e-15)


# ---------------------------------------------------------------- read-outs
def test_head_entropies_by_hand():
    one_hot = np.array([[1.0, 0.0], [0.0, 1.0]])
    even = np.full((2, 2), 0.5)
    mixed = np.array([[1.0, 0.0], [0.5, 0.5]])
    np.testing.assert_allclose(head_entropies(np.stack([one_hot, even, mixed])),
                               [0.0, LN2, LN2 / 2], atol=1e-15)
    with pytest.raises(ValueError, match=r"weights \[heads, queries, keys\]"):
        head_entropies(even)


def test_least_certain_step():
    logits = np.array([[5.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 0.0, 0.0]])
    assert least_certain_step(logits) == 1


@pytest.mark.parametrize("sentence", ["我 爱 学习", "猫 坐 在 垫子 上"])
def test_translation_logits_are_the_greedy_steps(sentence):
    model = load_model()
    words, logits = translation_logits(model, sentence)
    tokens, dists = greedy_decode(model, sentence)
    assert words == [t for t in tokens if t != "<eos>"]
    assert logits.shape == (len(words) + 1, len(model.tgt_vocab))
    np.testing.assert_allclose(softmax(logits), np.array(dists), atol=1e-12)
