"""Per-head facts (hand-worked) and the cost of h heads against one full head (counted)."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.reference import load_model, multi_head_attention, split_heads
from scenes.reference.multi_head import (
    above_diagonal_max,
    attention_cost,
    mean_distance,
    most_read,
    self_weight,
    strongest_links,
)

# two heads over three positions, rows sum to 1
A = np.array([
    [[0.9, 0.1, 0.0],
     [0.2, 0.7, 0.1],
     [0.0, 0.4, 0.6]],   # strongest off-diagonal: query 2 -> key 1 (0.4); diagonal 0.9 ignored
    [[0.1, 0.3, 0.6],
     [0.5, 0.0, 0.5],    # tie 0.5 / 0.5 in row 1, but 0.6 in row 0 wins
     [0.3, 0.3, 0.4]],
])


def test_strongest_links_skip_the_diagonal():
    i, j, w = strongest_links(A)
    assert i.tolist() == [2, 0] and j.tolist() == [1, 2]
    np.testing.assert_allclose(w, [0.4, 0.6])


def test_strongest_link_ties_go_to_the_first():
    i, j, w = strongest_links(np.array([[[0.5, 0.5], [0.5, 0.5]]]))
    assert (i[0], j[0], w[0]) == (0, 1, 0.5)


def test_strongest_link_needs_two_positions():
    with pytest.raises(ValueError, match="two positions"):
        strongest_links(np.ones((1, 1, 1)))


def test_most_read():
    j, r = most_read(A)
    # column means: head 0: (1.1, 1.2, 0.7)/3; head 1: (0.9, 0.6, 1.5)/3
    assert j.tolist() == [1, 2]
    np.testing.assert_allclose(r, [1.2 / 3, 1.5 / 3])


def test_mean_distance_and_self_weight():
    # head 0: row 0: 0.1*1; row 1: 0.2*1 + 0.1*1; row 2: 0.4*1 -> (0.1 + 0.3 + 0.4) / 3
    # head 1: row 0: 0.3 + 1.2; row 1: 0.5 + 0.5; row 2: 0.6 + 0.3 -> (1.5 + 1.0 + 0.9) / 3
    np.testing.assert_allclose(mean_distance(A), [0.8 / 3, 3.4 / 3])
    np.testing.assert_allclose(self_weight(A), [(0.9 + 0.7 + 0.6) / 3, (0.1 + 0.0 + 0.4) / 3])


def test_above_diagonal_max():
    assert above_diagonal_max(np.tril(A)) == 0.0
    assert above_diagonal_max(A) == 0.6
    assert above_diagonal_max(np.ones((2, 1, 1))) == 0.0


def test_cost_by_hand_for_the_tiny_model():
    c = attention_cost(5, 5, 32, 8)
    assert c["d_k"] == 4
    assert c["w_proj"] == 8 * 32 * 4 == 32 * 32
    assert c["params_head"] == 3 * (32 * 4 + 4)
    assert c["params_qkv"] == 3 * (32 * 32 + 32) and c["params_o"] == 32 * 32 + 32
    assert c["macs_qkv"] == 3 * 5 * 32 * 32
    assert c["macs_scores"] == c["macs_weighted"] == 5 * 5 * 32
    assert c["macs_o"] == 5 * 32 * 32
    assert c["softmax"] == 8 * 5 * 5


def test_cost_needs_divisible_width():
    with pytest.raises(ValueError, match="divisible"):
        attention_cost(3, 3, 10, 4)


# ------------------------------------------------------------------ counting


def counted_attention(x_q, x_kv, p, n_heads):
    """MultiHead with scalar loops, counting every multiply-add and every exp; also the
    parameter entries the heads read -> (out, macs by part, exps, params used per matrix).

    params: {"qkv": entries of W_Q, W_K, W_V and their biases read, "o": of W_O and b_O}.
    """
    n_q, d = x_q.shape
    n_k = len(x_kv)
    d_k = d // n_heads
    macs = {"qkv": 0, "scores": 0, "weighted": 0, "o": 0}
    exps = 0
    used = set()  # (matrix, row, col) of every parameter a head reads

    def project(x, name, cols):
        nonlocal used
        out = np.zeros((len(x), len(cols)))
        for r in range(len(x)):
            for c, col in enumerate(cols):
                s = p["b_" + name][col]
                used.add(("b_" + name, col))
                for k in range(d):
                    s += x[r, k] * p["w_" + name][k, col]
                    used.add(("w_" + name, k, col))
                    macs["qkv" if name != "o" else "o"] += 1
                out[r, c] = s
        return out

    heads = []
    for h in range(n_heads):
        cols = range(h * d_k, (h + 1) * d_k)
        q, k, v = project(x_q, "q", cols), project(x_kv, "k", cols), project(x_kv, "v", cols)
        a = np.zeros((n_q, n_k))
        for i in range(n_q):
            for j in range(n_k):
                s = 0.0
                for t in range(d_k):
                    s += q[i, t] * k[j, t]
                    macs["scores"] += 1
                a[i, j] = s / np.sqrt(d_k)
            e = np.exp(a[i] - a[i].max())
            exps += n_k
            a[i] = e / e.sum()
        z = np.zeros((n_q, d_k))
        for i in range(n_q):
            for t in range(d_k):
                for j in range(n_k):
                    z[i, t] += a[i, j] * v[j, t]
                    macs["weighted"] += 1
        heads.append(z)
    concat = np.concatenate(heads, axis=1)
    out = project(concat, "o", range(d))
    params = {"qkv": sum(1 for u in used if u[0][-1] != "o"),
              "o": sum(1 for u in used if u[0][-1] == "o")}
    return out, macs, exps, params


@pytest.mark.parametrize("n_heads", [8, 1])
def test_counting_the_real_computation_agrees_with_the_formulas(n_heads):
    model = load_model()
    d = model.config.d_model
    p = model.params["encoder"][0]["self_attn"]
    rng = np.random.default_rng(0)
    x_q, x_kv = rng.normal(size=(3, d)), rng.normal(size=(4, d))
    out, macs, exps, params = counted_attention(x_q, x_kv, p, n_heads)
    np.testing.assert_allclose(out, multi_head_attention(x_q, x_kv, p, n_heads)[0], atol=1e-12)
    c = attention_cost(3, 4, d, n_heads)
    assert macs == {"qkv": c["macs_qkv"], "scores": c["macs_scores"],
                    "weighted": c["macs_weighted"], "o": c["macs_o"]}
    assert exps == c["softmax"]
    assert params == {"qkv": c["params_qkv"], "o": c["params_o"]}


def test_h_heads_cost_what_one_full_head_costs():
    for n_q, n_k, d, h in [(5, 5, 32, 8), (7, 5, 32, 8), (10, 10, 512, 8), (3, 3, 12, 3)]:
        split, full = attention_cost(n_q, n_k, d, h), attention_cost(n_q, n_k, d, 1)
        for key in ("w_proj", "params_qkv", "params_o", "macs_qkv", "macs_scores", "macs_weighted",
                    "macs_o", "params", "macs"):
            assert split[key] == full[key], key
        assert split["softmax"] == h * full["softmax"]
        assert split["params_head"] * h == full["params_head"]


def test_heads_are_column_blocks_of_the_projection():
    """A head's parameters are exactly its d_k columns: the per-head count is not an assumption."""
    model = load_model()
    d, h = model.config.d_model, model.config.n_heads
    w = model.params["encoder"][0]["self_attn"]["w_q"]
    blocks = split_heads(w, h)  # [h, d, d_k]: head i's W_Q^i
    assert blocks.shape == (h, d, d // h)
    assert sum(b.size for b in blocks) == w.size
