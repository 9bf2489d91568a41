"""Tests for scenes/reference/core.py: hand-worked cases, invariants, and independent oracles.

Every expected value is computed a different way from the implementation (by hand, with explicit
loops, per head, or through a symmetry), so each test can fail.
"""

import math

import numpy as np
import pytest

from scenes.reference import (
    causal_mask,
    decoder_layer,
    encoder_layer,
    feed_forward,
    layer_norm,
    multi_head_attention,
    positional_encoding,
    scaled_dot_product_attention,
    softmax,
)

D, H, D_FF = 8, 2, 32  # d_model, heads, 4 * d_model


# ---------------------------------------------------------------- seeded parameters


def attn_params(rng, d=D):
    p = {f"w_{n}": rng.normal(0, d**-0.5, (d, d)) for n in "qkvo"}
    p.update({f"b_{n}": rng.normal(0, 0.1, d) for n in "qkvo"})
    return p


def ffn_params(rng, d=D, d_ff=D_FF):
    return {"w1": rng.normal(0, d**-0.5, (d, d_ff)), "b1": rng.normal(0, 0.1, d_ff),
            "w2": rng.normal(0, d_ff**-0.5, (d_ff, d)), "b2": rng.normal(0, 0.1, d)}


def ln_params(rng, d=D):
    return {"gamma": 1.0 + rng.normal(0, 0.1, d), "beta": rng.normal(0, 0.1, d)}


def encoder_params(rng, d=D):
    return {"self_attn": attn_params(rng, d), "ln1": ln_params(rng, d),
            "ffn": ffn_params(rng, d, 4 * d), "ln2": ln_params(rng, d)}


def decoder_params(rng, d=D):
    return {"self_attn": attn_params(rng, d), "ln1": ln_params(rng, d),
            "cross_attn": attn_params(rng, d), "ln2": ln_params(rng, d),
            "ffn": ffn_params(rng, d, 4 * d), "ln3": ln_params(rng, d)}


# ---------------------------------------------------------------- softmax


def test_softmax_hand_worked():
    # exp([0, ln 2, ln 3]) = [1, 2, 3], sum 6  ->  [1/6, 2/6, 3/6]
    got = softmax([0.0, math.log(2), math.log(3)])
    np.testing.assert_allclose(got, [1 / 6, 2 / 6, 3 / 6], rtol=1e-12)
    # equal scores -> uniform
    np.testing.assert_allclose(softmax([5.0, 5.0, 5.0, 5.0]), [0.25] * 4, rtol=1e-12)


def test_softmax_rows_sum_to_one_and_axis():
    x = np.random.default_rng(0).normal(0, 3, (5, 7))
    np.testing.assert_allclose(softmax(x).sum(axis=-1), np.ones(5), rtol=1e-12)
    np.testing.assert_allclose(softmax(x, axis=0).sum(axis=0), np.ones(7), rtol=1e-12)
    # axis=0 is the row-wise softmax of the transpose
    np.testing.assert_allclose(softmax(x, axis=0), softmax(x.T).T, rtol=1e-12)
    assert np.all(softmax(x) > 0)


def test_softmax_shift_invariant_and_stable():
    x = np.array([[0.0, 1.0, 2.0], [-1.0, 0.5, 3.0]])
    for c in (-1000.0, 7.5, 1000.0):
        np.testing.assert_allclose(softmax(x + c), softmax(x), rtol=1e-12)
    # [1000, 1001, 1002]: naive exp overflows; by hand = [1, e, e^2] / (1 + e + e^2)
    e = math.e
    got = softmax([1000.0, 1001.0, 1002.0])
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, np.array([1, e, e * e]) / (1 + e + e * e), rtol=1e-12)
    # [1000, 0]: e^-1000 underflows to 0, still a distribution
    np.testing.assert_allclose(softmax([1000.0, 0.0]), [1.0, 0.0], atol=1e-300)
    np.testing.assert_allclose(softmax([-1000.0, -1000.0]), [0.5, 0.5], rtol=1e-12)


def test_softmax_minus_inf_gives_exact_zero():
    got = softmax([0.0, -np.inf, math.log(3)])  # exp -> [1, 0, 3] / 4
    assert got[1] == 0.0
    np.testing.assert_allclose(got, [0.25, 0.0, 0.75], rtol=1e-12)


# ---------------------------------------------------------------- layer_norm


def test_layer_norm_hand_worked():
    # [1, 2, 3]: mean 2, biased var ((-1)^2 + 0 + 1^2) / 3 = 2/3
    # -> [-1, 0, 1] / sqrt(2/3 + eps) ~= [-1.2247357, 0, 1.2247357]   (sqrt(3/2) = 1.2247449)
    got = layer_norm(np.array([1.0, 2.0, 3.0]), np.ones(3), np.zeros(3))
    np.testing.assert_allclose(got, np.array([-1.0, 0.0, 1.0]) / math.sqrt(2 / 3 + 1e-5),
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got, [-1.2247357, 0.0, 1.2247357], atol=1e-7)
    # gamma = [2, 2, 2], beta = [1, 1, 1]: 2 * [-1.2247, 0, 1.2247] + 1
    got2 = layer_norm(np.array([[1.0, 2.0, 3.0]]), np.full(3, 2.0), np.ones(3))
    np.testing.assert_allclose(got2[0], 2 * got + 1, rtol=1e-12)


def test_layer_norm_mean_zero_variance_one():
    x = np.random.default_rng(1).normal(3.0, 2.0, (6, D))
    y = layer_norm(x, np.ones(D), np.zeros(D))
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12)
    # biased variance of the output is var / (var + eps), i.e. 1 up to eps / var
    np.testing.assert_allclose(y.var(axis=-1), 1.0, atol=1e-4)
    np.testing.assert_allclose(y.var(axis=-1), x.var(axis=-1) / (x.var(axis=-1) + 1e-5),
                               rtol=1e-12)
    # each row normalised on its own: one row alone gives the same result
    np.testing.assert_allclose(layer_norm(x[2:3], np.ones(D), np.zeros(D)), y[2:3], rtol=1e-12)


def test_layer_norm_gamma_beta_affine():
    rng = np.random.default_rng(2)
    x = rng.normal(0, 1, (4, D))
    gamma, beta = rng.normal(0, 1, D), rng.normal(0, 1, D)
    z = layer_norm(x, np.ones(D), np.zeros(D))
    np.testing.assert_allclose(layer_norm(x, gamma, beta), gamma * z + beta, rtol=1e-12)


# ---------------------------------------------------------------- positional encoding


def notes_positional_encoding(seq_len, d_model, base=10000.0):
    """The notes' double loop (transformer-notes.md), with 10000 made a parameter."""
    pe = np.zeros((seq_len, d_model))
    for pos in range(seq_len):
        for i in range(0, d_model, 2):
            pe[pos, i] = np.sin(pos / (base ** (i / d_model)))
            if i + 1 < d_model:
                pe[pos, i + 1] = np.cos(pos / (base ** (i / d_model)))
    return pe


def test_positional_encoding_hand_worked():
    # d_model 4: frequencies 1 / 10000^(0/4) = 1 and 1 / 10000^(2/4) = 1/100
    # pos 0: [sin 0, cos 0, sin 0, cos 0] = [0, 1, 0, 1]
    # pos 1: [sin 1, cos 1, sin 0.01, cos 0.01] ~= [0.8414710, 0.5403023, 0.0099998, 0.9999500]
    pe = positional_encoding(2, 4)
    assert pe.shape == (2, 4)
    np.testing.assert_allclose(pe[0], [0.0, 1.0, 0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(
        pe[1], [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)], rtol=1e-12)
    np.testing.assert_allclose(pe[1], [0.8414710, 0.5403023, 0.0099998, 0.9999500], atol=1e-7)


@pytest.mark.parametrize("seq_len, d_model, base", [
    (1, 2, 10000.0), (7, 4, 10000.0), (50, 16, 10000.0), (12, 6, 10000), (10, 8, 100.0),
    (0, 4, 10000.0),
])
def test_positional_encoding_equals_notes_loop(seq_len, d_model, base):
    got = positional_encoding(seq_len, d_model, base)
    assert got.shape == (seq_len, d_model)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, notes_positional_encoding(seq_len, d_model, base),
                               rtol=0, atol=1e-12)


@pytest.mark.parametrize("seq_len, d_model, bad", [
    (5, 7, "d_model=7"), (5, 1, "d_model=1"), (5, 0, "d_model=0"), (-1, 8, "seq_len=-1"),
])
def test_positional_encoding_bad_arguments(seq_len, d_model, bad):
    with pytest.raises(ValueError, match=bad):
        positional_encoding(seq_len, d_model)


# ---------------------------------------------------------------- attention


def test_causal_mask_explicit():
    expected = np.array([[True, False, False],
                         [True, True, False],
                         [True, True, True]])
    m = causal_mask(3)
    assert m.dtype == bool
    np.testing.assert_array_equal(m, expected)
    n = 5
    np.testing.assert_array_equal(
        causal_mask(n), [[j <= i for j in range(n)] for i in range(n)])


def test_attention_2x2_hand_worked():
    # d_k = 2, so scores = q k^T / sqrt 2. With k = I and q = [[sqrt2 ln3, 0], [0, 0]]:
    # scores = [[ln 3, 0], [0, 0]]  ->  weights = [[3/4, 1/4], [1/2, 1/2]]
    # v = [[1, 2], [3, 4]]: out row 0 = 3/4 [1, 2] + 1/4 [3, 4] = [1.5, 2.5]
    #                       out row 1 = 1/2 [1, 2] + 1/2 [3, 4] = [2.0, 3.0]
    q = np.array([[math.sqrt(2) * math.log(3), 0.0], [0.0, 0.0]])
    k = np.eye(2)
    v = np.array([[1.0, 2.0], [3.0, 4.0]])
    out, w = scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(w, [[0.75, 0.25], [0.5, 0.5]], rtol=1e-12)
    np.testing.assert_allclose(out, [[1.5, 2.5], [2.0, 3.0]], rtol=1e-12)
    # with the causal mask, query 0 sees only key 0: weights [[1, 0], [1/2, 1/2]]
    out, w = scaled_dot_product_attention(q, k, v, mask=causal_mask(2))
    assert w[0, 1] == 0.0
    np.testing.assert_allclose(w, [[1.0, 0.0], [0.5, 0.5]], rtol=1e-12)
    np.testing.assert_allclose(out, [[1.0, 2.0], [2.0, 3.0]], rtol=1e-12)


def test_attention_masked_weights_exactly_zero():
    rng = np.random.default_rng(3)
    n, d_k = 6, 4
    q, k, v = (rng.normal(0, 3, (n, d_k)) for _ in range(3))
    out, w = scaled_dot_product_attention(q, k, v, mask=causal_mask(n))
    upper = ~np.tri(n, dtype=bool)
    assert np.all(w[upper] == 0.0)
    assert np.all(w[~upper] > 0.0)
    np.testing.assert_allclose(w.sum(axis=-1), 1.0, rtol=1e-12)
    # row i equals unmasked attention over the first i + 1 keys only
    for i in range(n):
        o_i, w_i = scaled_dot_product_attention(q[i:i + 1], k[:i + 1], v[:i + 1])
        np.testing.assert_allclose(w[i, :i + 1], w_i[0], rtol=1e-12)
        np.testing.assert_allclose(out[i], o_i[0], rtol=1e-12)


@pytest.mark.parametrize("n_heads", [1, 2, 4])
@pytest.mark.parametrize("masked", [False, True])
def test_heads_one_at_a_time_equal_batched(n_heads, masked):
    rng = np.random.default_rng(4)
    d, n = 16, 5
    p = attn_params(rng, d)
    x = rng.normal(0, 1, (n, d))
    mask = causal_mask(n) if masked else None
    d_k = d // n_heads
    heads, weights = [], []
    for h in range(n_heads):
        cols = slice(h * d_k, (h + 1) * d_k)
        q = x @ p["w_q"][:, cols] + p["b_q"][cols]
        k = x @ p["w_k"][:, cols] + p["b_k"][cols]
        v = x @ p["w_v"][:, cols] + p["b_v"][cols]
        o, w = scaled_dot_product_attention(q, k, v, mask)
        heads.append(o)
        weights.append(w)
    expected = np.concatenate(heads, axis=1) @ p["w_o"] + p["b_o"]
    out, w = multi_head_attention(x, x, p, n_heads, mask)
    assert out.shape == (n, d) and w.shape == (n_heads, n, n)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w, np.stack(weights), rtol=1e-12, atol=1e-15)


def test_cross_attention_heads_one_at_a_time():
    # n_q != n_k so a transposed weight matrix cannot pass
    rng = np.random.default_rng(5)
    d, n_heads, n_q, n_k = 16, 4, 3, 6
    p = attn_params(rng, d)
    x_q, x_kv = rng.normal(0, 1, (n_q, d)), rng.normal(0, 1, (n_k, d))
    d_k = d // n_heads
    heads, weights = [], []
    for h in range(n_heads):
        cols = slice(h * d_k, (h + 1) * d_k)
        o, w = scaled_dot_product_attention(x_q @ p["w_q"][:, cols] + p["b_q"][cols],
                                            x_kv @ p["w_k"][:, cols] + p["b_k"][cols],
                                            x_kv @ p["w_v"][:, cols] + p["b_v"][cols])
        heads.append(o)
        weights.append(w)
    out, w = multi_head_attention(x_q, x_kv, p, n_heads)
    assert out.shape == (n_q, d) and w.shape == (n_heads, n_q, n_k)
    np.testing.assert_allclose(out, np.concatenate(heads, axis=1) @ p["w_o"] + p["b_o"],
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w, np.stack(weights), rtol=1e-12, atol=1e-15)


def test_multi_head_attention_heads_must_divide_d():
    rng = np.random.default_rng(6)
    p = attn_params(rng, D)
    x = rng.normal(0, 1, (3, D))
    with pytest.raises(ValueError, match="n_heads=3"):
        multi_head_attention(x, x, p, 3)


# ---------------------------------------------------------------- feed-forward


def test_feed_forward_hand_worked():
    # x = [1, -2], W1 = I, b1 = 0: relu([1, -2]) = [1, 0]
    # W2 = all ones: [1, 1]; + b2 [0.5, -0.5] = [1.5, 0.5]
    p = {"w1": np.eye(2), "b1": np.zeros(2), "w2": np.ones((2, 2)), "b2": np.array([0.5, -0.5])}
    np.testing.assert_allclose(feed_forward(np.array([[1.0, -2.0]]), p), [[1.5, 0.5]],
                               rtol=1e-12)


def test_feed_forward_written_out():
    rng = np.random.default_rng(7)
    p = ffn_params(rng)
    x = rng.normal(0, 1, (4, D))
    expected = np.zeros((4, D))
    n_zeroed = 0
    for r in range(4):
        hidden = []
        for j in range(D_FF):
            pre = sum(x[r, i] * p["w1"][i, j] for i in range(D)) + p["b1"][j]
            hidden.append(pre if pre > 0 else 0.0)
            n_zeroed += pre <= 0
        for c in range(D):
            expected[r, c] = sum(hidden[j] * p["w2"][j, c] for j in range(D_FF)) + p["b2"][c]
    assert 0 < n_zeroed < 4 * D_FF  # the ReLU really cuts some units and keeps others
    np.testing.assert_allclose(feed_forward(x, p), expected, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- encoder layer


def test_encoder_layer_is_post_ln_composition():
    rng = np.random.default_rng(8)
    p = encoder_params(rng)
    x = rng.normal(0, 1, (5, D))
    attn, _ = multi_head_attention(x, x, p["self_attn"], H)
    a = layer_norm(x + attn, p["ln1"]["gamma"], p["ln1"]["beta"])
    expected = layer_norm(a + feed_forward(a, p["ffn"]), p["ln2"]["gamma"], p["ln2"]["beta"])
    out, _ = encoder_layer(x, p, H)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


def test_encoder_layer_permutation_equivariant_without_pe():
    rng = np.random.default_rng(9)
    p = encoder_params(rng, 16)
    n = 6
    x = rng.normal(0, 1, (n, 16))
    perm = rng.permutation(n)
    assert not np.array_equal(perm, np.arange(n))
    out, trace = encoder_layer(x, p, 4)
    out_p, trace_p = encoder_layer(x[perm], p, 4)
    np.testing.assert_allclose(out_p, out[perm], rtol=1e-12, atol=1e-12)
    # attention weights permute on both axes: w'[h, i, j] = w[h, perm[i], perm[j]]
    np.testing.assert_allclose(trace_p["self_attn"]["weights"],
                               trace["self_attn"]["weights"][:, perm][:, :, perm],
                               rtol=1e-12, atol=1e-15)
    # with PE added, order matters: the same permutation no longer just permutes the output
    pe = positional_encoding(n, 16)
    out_pe, _ = encoder_layer(x + pe, p, 4)
    out_pe_p, _ = encoder_layer(x[perm] + pe, p, 4)
    assert not np.allclose(out_pe_p, out_pe[perm], atol=1e-6)


# ---------------------------------------------------------------- decoder layer


def test_decoder_layer_is_causal():
    rng = np.random.default_rng(10)
    p = decoder_params(rng)
    n_t, n_s, j = 5, 4, 3
    y = rng.normal(0, 1, (n_t, D))
    memory = rng.normal(0, 1, (n_s, D))
    out, trace = decoder_layer(y, memory, p, H)
    y2 = y.copy()
    y2[j] += rng.normal(0, 5, D)  # change the target token at position j
    out2, _trace2 = decoder_layer(y2, memory, p, H)
    np.testing.assert_allclose(out2[:j], out[:j], rtol=0, atol=1e-12)
    assert not np.allclose(out2[j:], out[j:], atol=1e-6)  # positions >= j do see it
    # self-attention weights are exactly zero above the diagonal
    w = trace["self_attn"]["weights"]
    assert w.shape == (H, n_t, n_t)
    upper = ~np.tri(n_t, dtype=bool)
    assert np.all(w[:, upper] == 0.0)
    assert np.all(w[:, ~upper] > 0.0)


def test_decoder_layer_is_composition():
    rng = np.random.default_rng(11)
    p = decoder_params(rng)
    y, memory = rng.normal(0, 1, (4, D)), rng.normal(0, 1, (6, D))

    def ln(x, q):
        return layer_norm(x, q["gamma"], q["beta"])

    s, _ = multi_head_attention(y, y, p["self_attn"], H, causal_mask(4))
    a = ln(y + s, p["ln1"])
    c, _ = multi_head_attention(a, memory, p["cross_attn"], H)
    b = ln(a + c, p["ln2"])
    expected = ln(b + feed_forward(b, p["ffn"]), p["ln3"])
    out, _ = decoder_layer(y, memory, p, H)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- traces and dtypes


ATTN_KEYS = {"q", "k", "v", "scores", "weights", "heads", "concat", "out"}


def check_attn_trace(t, h, n_q, n_k, d):
    assert set(t) >= ATTN_KEYS
    d_k = d // h
    assert t["q"].shape == (h, n_q, d_k)
    assert t["k"].shape == (h, n_k, d_k)
    assert t["v"].shape == (h, n_k, d_k)
    assert t["scores"].shape == (h, n_q, n_k)
    assert t["weights"].shape == (h, n_q, n_k)
    assert t["heads"].shape == (h, n_q, d_k)
    assert t["concat"].shape == (n_q, d)
    assert t["out"].shape == (n_q, d)
    np.testing.assert_allclose(t["weights"].sum(axis=-1), 1.0, rtol=1e-12)
    for v in t.values():
        assert v.dtype == np.float64


def test_encoder_trace_keys_and_shapes():
    rng = np.random.default_rng(12)
    d, h, n = 16, 4, 5
    p = encoder_params(rng, d)
    x = rng.normal(0, 1, (n, d))
    out, t = encoder_layer(x, p, h)
    assert set(t) >= {"x", "self_attn", "add_norm1", "ffn_hidden", "ffn_out", "out"}
    check_attn_trace(t["self_attn"], h, n, n, d)
    assert t["add_norm1"].shape == (n, d)
    assert t["ffn_hidden"].shape == (n, 4 * d)
    assert np.all(t["ffn_hidden"] >= 0.0)
    assert t["ffn_out"].shape == (n, d)
    np.testing.assert_array_equal(t["out"], out)
    # the traced q of head 1 is x W_q + b_q restricted to that head's columns
    cols = slice(d // h, 2 * d // h)
    np.testing.assert_allclose(t["self_attn"]["q"][1], x @ p["self_attn"]["w_q"][:, cols]
                               + p["self_attn"]["b_q"][cols], rtol=1e-12, atol=1e-12)
    assert out.dtype == np.float64


def test_decoder_trace_keys_and_shapes():
    rng = np.random.default_rng(13)
    d, h, n_t, n_s = 16, 2, 3, 5
    p = decoder_params(rng, d)
    y, memory = rng.normal(0, 1, (n_t, d)), rng.normal(0, 1, (n_s, d))
    out, t = decoder_layer(y, memory, p, h)
    assert set(t) >= {"y", "memory", "self_attn", "add_norm1", "cross_attn", "add_norm2",
                      "ffn_hidden", "ffn_out", "out"}
    check_attn_trace(t["self_attn"], h, n_t, n_t, d)
    check_attn_trace(t["cross_attn"], h, n_t, n_s, d)
    assert t["add_norm1"].shape == t["add_norm2"].shape == t["ffn_out"].shape == (n_t, d)
    assert t["ffn_hidden"].shape == (n_t, 4 * d)
    np.testing.assert_array_equal(t["out"], out)
    assert out.dtype == np.float64


def test_everything_is_float64():
    rng = np.random.default_rng(14)
    x = rng.normal(0, 1, (3, D))
    assert softmax([1, 2, 3]).dtype == np.float64  # integer input too
    assert layer_norm(np.array([[1, 2, 3]]), np.ones(3), np.zeros(3)).dtype == np.float64
    assert positional_encoding(3, 4).dtype == np.float64
    out, w = scaled_dot_product_attention(x, x, x)
    assert out.dtype == w.dtype == np.float64
    out, w = multi_head_attention(x, x, attn_params(rng), H)
    assert out.dtype == w.dtype == np.float64
    assert feed_forward(x, ffn_params(rng)).dtype == np.float64
