"""Feed-forward reference: a hand-worked FFN, the model's own trace, position-wise behaviour,
the parameter shares against freshly built parameter trees, and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.reference import Config, init_params, load_model, param_count
from scenes.reference.feed_forward import (
    alone_check,
    ffn_trace,
    layer_shares,
    permutation_check,
    relu,
    rotation,
    zero_share,
)


def small_ffn():
    """d = 2, d_ff = 3: x W1 = [1, -1, 1] for x = [1, -1]; b1 moves the last unit below zero."""
    return {"w1": np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]]), "b1": np.array([0.0, 0.0, -2.0]),
            "w2": np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), "b2": np.array([0.5, -0.5])}


def test_hand_worked_ffn():
    p = small_ffn()
    x = np.array([[1.0, -1.0], [2.0, 1.0]])
    # token 0: pre = [1, -1, -1] -> hidden [1, 0, 0] -> out = [1, 2] + b2 = [1.5, 1.5]
    # token 1: pre = [2, 1, 3] -> hidden [2, 1, 3] -> out = [2+3+15, 4+4+18] + b2 = [20.5, 25.5]
    out, _, diff = permutation_check(x, p, [1, 0])
    np.testing.assert_allclose(out, [[1.5, 1.5], [20.5, 25.5]])
    assert diff == 0.0
    hidden = relu(x @ p["w1"] + p["b1"])
    np.testing.assert_array_equal(hidden, [[1.0, 0.0, 0.0], [2.0, 1.0, 3.0]])
    np.testing.assert_allclose(zero_share(hidden), [2 / 3, 0.0])


def test_trace_is_the_models_ffn():
    model = load_model()
    ids = model.src_ids("我 爱 学习")
    from scenes.reference import encode
    _, trace = encode(model.params, model.config, ids)
    for layer in range(model.config.n_encoder_layers):
        t = ffn_trace(model, ids, layer)
        mine = trace["encoder"][layer]
        np.testing.assert_array_equal(t["x"], mine["add_norm1"])
        np.testing.assert_allclose(t["hidden"], mine["ffn_hidden"], atol=1e-13)
        np.testing.assert_allclose(t["out"], mine["ffn_out"], atol=1e-13)
        np.testing.assert_allclose(t["after"], mine["out"], atol=1e-13)
        assert t["pre"].shape == (len(ids), model.config.d_ff)
        np.testing.assert_array_equal(t["hidden"], np.maximum(t["pre"], 0))


def test_the_ffn_is_position_wise():
    rng = np.random.default_rng(5)
    d, d_ff, n = 8, 32, 5
    p = {"w1": rng.normal(size=(d, d_ff)), "b1": rng.normal(size=d_ff),
         "w2": rng.normal(size=(d_ff, d)), "b2": rng.normal(size=d)}
    x = rng.normal(size=(n, d))
    out, out_perm, diff = permutation_check(x, p, rotation(n))
    np.testing.assert_allclose(out_perm, out[rotation(n)], atol=1e-12)
    assert diff < 1e-12
    assert alone_check(x, p) < 1e-12
    # a token's output does not move when another token changes
    y = x.copy()
    y[2] += 10.0
    _, changed, _ = permutation_check(y, p, np.arange(n))
    np.testing.assert_allclose(changed[[0, 1, 3, 4]], out[[0, 1, 3, 4]], atol=1e-12)
    assert not np.allclose(changed[2], out[2])


def test_rotation_moves_every_token():
    np.testing.assert_array_equal(rotation(4), [1, 2, 3, 0])
    np.testing.assert_array_equal(rotation(1), [0])


@pytest.mark.parametrize("sizes", [(32, 8, 128, 2, 2), (16, 2, 24, 1, 3), (512, 8, 2048, 6, 6)])
def test_layer_shares_equal_a_freshly_built_tree(sizes):
    config = Config(*sizes)
    s = layer_shares(config)
    if config.d_model <= 64:  # build the tree (the paper's sizes are counted by hand below)
        tree = init_params(config, 5, 7)
        enc, dec = tree["encoder"][0], tree["decoder"][0]
        assert s["encoder"] == {"attention": param_count(enc["self_attn"]),
                                "ffn": param_count(enc["ffn"]),
                                "norms": param_count([enc["ln1"], enc["ln2"]]),
                                "total": param_count(enc)}
        assert s["decoder"]["attention"] == param_count([dec["self_attn"], dec["cross_attn"]])
        assert s["decoder"]["total"] == param_count(dec)
        ffn = enc["ffn"]
        assert s["w1"] == ffn["w1"].size + ffn["b1"].size
        assert s["w2"] == ffn["w2"].size + ffn["b2"].size
    d, f = config.d_model, config.d_ff
    enc_total = 4 * d * d + 4 * d + 2 * d * f + f + d + 4 * d
    assert s["ffn_share_encoder"] == pytest.approx((2 * d * f + f + d) / enc_total)


def test_the_ffn_holds_about_two_thirds_when_d_ff_is_four_d():
    # 8 d^2 of the 12 d^2 weights of an encoder layer (biases and norms aside)
    share = layer_shares(Config(512, 8, 2048, 6, 6))["ffn_share_encoder"]
    assert share == pytest.approx(2 / 3, abs=0.002)


def test_bad_input_is_named():
    model = load_model()
    ids = model.src_ids("我 爱 学习")
    with pytest.raises(ValueError, match=r"layer=5 .*0\.\.1"):
        ffn_trace(model, ids, 5)
    with pytest.raises(ValueError, match=r"perm=\[0, 0\] .*each of 0\.\.1 once"):
        permutation_check(np.ones((2, 2)), small_ffn(), [0, 0])
    with pytest.raises(ValueError, match=r"hidden must be \[n tokens, d_ff units\]"):
        zero_share(np.ones(3))
    with pytest.raises(ValueError, match="n=0"):
        rotation(0)
