"""Learning-rate schedules at their turning points, gradient clipping, Adam."""

import math

import numpy as np
import pytest

from scenes.reference import (
    adam_init,
    adam_step,
    clip_by_global_norm,
    cosine_restarts,
    global_norm,
    learning_rate,
    warmup_constant,
    warmup_cosine,
    warmup_linear,
)

PEAK, WARMUP, TOTAL, MIN = 1e-3, 10, 110, 1e-5


def test_warmup_constant():
    assert warmup_constant(0, PEAK, WARMUP) == 0.0
    assert warmup_constant(5, PEAK, WARMUP) == pytest.approx(PEAK / 2)
    assert warmup_constant(WARMUP, PEAK, WARMUP) == PEAK
    assert warmup_constant(10_000, PEAK, WARMUP) == PEAK


def test_warmup_linear():
    assert warmup_linear(0, PEAK, WARMUP, TOTAL, MIN) == 0.0
    assert warmup_linear(WARMUP, PEAK, WARMUP, TOTAL, MIN) == pytest.approx(PEAK)
    assert warmup_linear(60, PEAK, WARMUP, TOTAL, MIN) == pytest.approx((PEAK + MIN) / 2)
    assert warmup_linear(TOTAL, PEAK, WARMUP, TOTAL, MIN) == pytest.approx(MIN)
    assert warmup_linear(TOTAL + 50, PEAK, WARMUP, TOTAL, MIN) == pytest.approx(MIN)
    assert warmup_linear(TOTAL, PEAK, WARMUP, TOTAL) == 0.0


def test_warmup_cosine():
    assert warmup_cosine(0, PEAK, WARMUP, TOTAL, MIN) == 0.0
    assert warmup_cosine(WARMUP / 2, PEAK, WARMUP, TOTAL, MIN) == pytest.approx(PEAK / 2)
    assert warmup_cosine(WARMUP, PEAK, WARMUP, TOTAL, MIN) == pytest.approx(PEAK)
    assert warmup_cosine(60, PEAK, WARMUP, TOTAL, MIN) == pytest.approx((PEAK + MIN) / 2)
    assert warmup_cosine(TOTAL, PEAK, WARMUP, TOTAL, MIN) == pytest.approx(MIN)
    # the cosine is flat at both ends: slower than the straight line at first
    assert warmup_cosine(20, PEAK, WARMUP, TOTAL) > warmup_linear(20, PEAK, WARMUP, TOTAL)


def test_cosine_restarts():
    cycle = 50
    assert cosine_restarts(0, PEAK, cycle, MIN) == pytest.approx(PEAK)
    assert cosine_restarts(25, PEAK, cycle, MIN) == pytest.approx((PEAK + MIN) / 2)
    assert cosine_restarts(49.999, PEAK, cycle, MIN) == pytest.approx(MIN, abs=1e-9)
    assert cosine_restarts(50, PEAK, cycle, MIN) == pytest.approx(PEAK)  # restart
    assert cosine_restarts(75, PEAK, cycle, MIN) == pytest.approx(cosine_restarts(25, PEAK, cycle, MIN))


def test_learning_rate_by_name():
    assert learning_rate(5, "warmup_constant", peak_lr=PEAK, warmup=WARMUP) == pytest.approx(PEAK / 2)
    with pytest.raises(ValueError, match="unknown schedule 'step'.*warmup_cosine"):
        learning_rate(5, "step", peak_lr=PEAK)


def test_clip_by_global_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    assert global_norm(grads) == 5.0
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == 5.0
    assert global_norm(clipped) == pytest.approx(1.0)
    np.testing.assert_allclose(clipped["a"], [0.6, 0.0])
    same, _ = clip_by_global_norm(grads, 10.0)
    np.testing.assert_array_equal(same["b"], grads["b"])


def test_adam_first_step_and_bias_correction():
    params = {"w": np.array([1.0, -2.0])}
    grads = {"w": np.array([0.5, -4.0])}
    state = adam_init(params)
    new, state = adam_step(params, grads, state, lr=0.1, beta1=0.9, beta2=0.98, eps=0.0)
    # first step: m_hat = g, v_hat = g^2, so the update is lr * sign(g)
    np.testing.assert_allclose(new["w"], [0.9, -1.9])
    assert state["t"] == 1
    np.testing.assert_allclose(state["m"]["w"], 0.1 * grads["w"])
    np.testing.assert_allclose(state["v"]["w"], 0.02 * grads["w"] ** 2)
    new2, state = adam_step(new, {"w": np.array([0.0, 0.0])}, state, lr=0.1, eps=0.0)
    m_hat = 0.9 * 0.1 * 0.5 / (1 - 0.9 ** 2)
    v_hat = 0.98 * 0.02 * 0.25 / (1 - 0.98 ** 2)
    assert new2["w"][0] == pytest.approx(0.9 - 0.1 * m_hat / math.sqrt(v_hat))
    assert params["w"][0] == 1.0  # pure: the input is not modified
