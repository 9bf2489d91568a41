"""Add & Norm reference: hand-worked LayerNorm, invariants, the Jacobian against finite
differences, and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.reference import encoder_layer, layer_norm, load_model, multi_head_attention
from scenes.reference.add_and_norm import (
    LN_EPS,
    add_norm_trace,
    layer_norm_steps,
    residual_jacobian,
    rms_gain,
    row_cosines,
    sublayer_jacobian,
    token_block,
    token_stats,
)


def test_eps_is_the_layer_norms_default():
    assert LN_EPS == 1e-5


def test_hand_worked_layer_norm():
    # s = [1, 2, 3, 6]: mean 3, deviations -2 -1 0 3, var (4 + 1 + 0 + 9) / 4 = 3.5
    s = np.array([[1.0, 2.0, 3.0, 6.0]])
    st = layer_norm_steps(s, np.ones(4), np.zeros(4), eps=0.5)
    assert st["mean"][0] == 3.0 and st["var"][0] == 3.5
    assert st["std"][0] == 2.0  # sqrt(3.5 + 0.5)
    np.testing.assert_allclose(st["x_hat"][0], [-1.0, -0.5, 0.0, 1.5])
    st = layer_norm_steps(s, np.array([2.0, 2.0, 1.0, 0.0]), np.array([0.0, 1.0, 0.0, 5.0]),
                          eps=0.5)
    np.testing.assert_allclose(st["y"][0], [-2.0, 0.0, 0.0, 5.0])


def test_every_token_normalised_to_mean_zero_variance_one():
    rng = np.random.default_rng(1)
    s = rng.normal(3.0, 2.0, size=(5, 32))
    st = layer_norm_steps(s, np.ones(32), np.zeros(32))
    np.testing.assert_allclose(st["x_hat"].mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(st["x_hat"].var(axis=1), st["var"] / (st["var"] + LN_EPS))
    # each token its own statistics
    mean, var = token_stats(s)
    assert len(set(np.round(mean, 12))) == 5 and len(set(np.round(var, 12))) == 5


def test_steps_match_core_layer_norm():
    rng = np.random.default_rng(2)
    s, g, b = rng.normal(size=(3, 8)), rng.normal(size=8), rng.normal(size=8)
    np.testing.assert_allclose(layer_norm_steps(s, g, b)["y"], layer_norm(s, g, b), atol=1e-14)


def test_trace_is_the_models_add_norm():
    model = load_model()
    ids = model.src_ids("我 爱 学习")
    t = add_norm_trace(model, ids)
    np.testing.assert_allclose(t["s"], t["x"] + t["f"])
    st = layer_norm_steps(t["s"], t["gamma"], t["beta"])
    np.testing.assert_allclose(st["y"], t["out"], atol=1e-12)
    second = add_norm_trace(model, ids, layer=1)
    first_out, _ = encoder_layer(t["x"], model.params["encoder"][0], model.config.n_heads)
    np.testing.assert_allclose(second["x"], first_out)  # layer 1 reads layer 0's output
    assert not np.allclose(second["gamma"], t["gamma"])


def test_jacobian_matches_finite_differences():
    rng = np.random.default_rng(3)
    n, d, h = 3, 8, 2
    p = {f"w_{m}": rng.normal(0, 0.4, size=(d, d)) for m in "qkvo"}
    p.update({f"b_{m}": rng.normal(0, 0.1, size=d) for m in "qkvo"})
    x = rng.normal(size=(n, d))
    jac = sublayer_jacobian(x, p, h)
    assert jac.shape == (n * d, n * d)
    step = 1e-6
    fd = np.zeros_like(jac)
    for k in range(n * d):
        e = np.zeros(n * d)
        e[k] = step
        up = multi_head_attention(x + e.reshape(n, d), x + e.reshape(n, d), p, h)[0]
        dn = multi_head_attention(x - e.reshape(n, d), x - e.reshape(n, d), p, h)[0]
        fd[:, k] = ((up - dn) / (2 * step)).ravel()
    np.testing.assert_allclose(jac, fd, atol=1e-7)


def test_residual_adds_the_identity_and_gains():
    jac = np.array([[0.5, 0.0], [0.0, -0.5]])
    np.testing.assert_array_equal(residual_jacobian(jac), [[1.5, 0.0], [0.0, 0.5]])
    assert rms_gain(np.eye(4)) == 1.0
    assert rms_gain(jac) == pytest.approx(0.5)
    # a sublayer that passes nothing back still lets the gradient through the identity
    assert rms_gain(residual_jacobian(np.zeros((6, 6)))) == 1.0


def test_token_block():
    jac = np.arange(36.0).reshape(6, 6)
    np.testing.assert_array_equal(token_block(jac, 1, 3), [[21, 22, 23], [27, 28, 29],
                                                           [33, 34, 35]])
    with pytest.raises(ValueError, match=r"i=2 .*0\.\.1"):
        token_block(jac, 2, 3)


def test_row_cosines():
    a = np.array([[1.0, 0.0], [1.0, 1.0], [3.0, 4.0]])
    b = np.array([[0.0, 2.0], [2.0, 2.0], [-3.0, -4.0]])
    np.testing.assert_allclose(row_cosines(a, b), [0.0, 1.0, -1.0])
    with pytest.raises(ValueError, match="zero row"):
        row_cosines(np.zeros((1, 2)), np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"\(1, 2\) and \(1, 3\)"):
        row_cosines(np.ones((1, 2)), np.ones((1, 3)))


def test_bad_input_is_named():
    model = load_model()
    with pytest.raises(ValueError, match=r"layer=7 .*0\.\.1"):
        add_norm_trace(model, model.src_ids("我 爱 学习"), layer=7)
    with pytest.raises(ValueError, match=r"gamma has shape \(3,\); accepted: \(4,\)"):
        layer_norm_steps(np.ones((2, 4)), np.ones(3), np.zeros(4))
    with pytest.raises(ValueError, match="eps=0"):
        layer_norm_steps(np.ones((2, 4)), np.ones(4), np.zeros(4), eps=0)
    with pytest.raises(ValueError, match=r"s must be \[n tokens, d features\]"):
        token_stats(np.ones(4))
    with pytest.raises(ValueError, match="square"):
        residual_jacobian(np.ones((2, 3)))
