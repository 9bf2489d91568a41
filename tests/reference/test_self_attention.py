"""The step-by-step arithmetic of one head: hand-worked values and agreement with core."""

import math

import numpy as np
import pytest

from scenes.reference import attention_trace, load_model, softmax
from scenes.reference.self_attention import (
    head_columns,
    head_projection,
    score_entry,
    softmax_steps,
    weighted_sum_terms,
)


def test_head_columns_by_hand():
    assert head_columns(0, 4).tolist() == [0, 1, 2, 3]
    assert head_columns(2, 4).tolist() == [8, 9, 10, 11]
    assert head_columns(1, 3).tolist() == [3, 4, 5]


def test_head_projection_slices_columns_and_biases():
    w = np.arange(24.0).reshape(3, 8)  # d_in 3, d 8: two heads of 4
    b = np.arange(8.0) * 10
    p = {"w_q": w, "w_k": w + 100, "w_v": w + 200, "b_q": b, "b_k": b + 1, "b_v": b + 2}
    s = head_projection(p, 1, 4)
    assert s["w_q"].tolist() == [[4, 5, 6, 7], [12, 13, 14, 15], [20, 21, 22, 23]]
    assert s["w_k"][0].tolist() == [104, 105, 106, 107]
    assert s["b_q"].tolist() == [40, 50, 60, 70]
    assert s["b_v"].tolist() == [42, 52, 62, 72]


def test_score_entry_by_hand():
    dot, scale, s = score_entry([1.0, 2.0, 0.0, -1.0], [3.0, 0.5, 7.0, 2.0], 4)
    assert dot == 3.0 + 1.0 + 0.0 - 2.0
    assert scale == 2.0
    assert s == 1.0


def test_softmax_steps_by_hand():
    e, total, w = softmax_steps([0.0, math.log(3.0)])
    np.testing.assert_allclose(e, [1.0, 3.0])
    assert total == pytest.approx(4.0)
    np.testing.assert_allclose(w, [0.25, 0.75])


def test_softmax_steps_equals_softmax():
    s = np.array([3.0, 4.8, -1.0, 0.2])
    np.testing.assert_allclose(softmax_steps(s)[2], softmax(s), rtol=1e-14)


def test_weighted_sum_terms_by_hand():
    v = np.array([[1.0, 0.0], [0.0, 2.0], [4.0, 4.0]])
    terms, z = weighted_sum_terms([0.5, 0.25, 0.25], v)
    assert terms.tolist() == [[0.5, 0.0], [0.0, 0.5], [1.0, 1.0]]
    assert z.tolist() == [1.5, 1.5]


def test_steps_reproduce_one_head_of_the_model():
    """Slices, scores, softmax and weighted sum rebuild core's trace of every head."""
    model = load_model()
    cfg = model.config
    p = model.params["encoder"][0]["self_attn"]
    x = np.random.default_rng(0).normal(size=(3, cfg.d_model))
    t = attention_trace(x, x, p, cfg.n_heads)
    for h in range(cfg.n_heads):
        s = head_projection(p, h, cfg.d_k)
        q, k, v = (x @ s[f"w_{n}"] + s[f"b_{n}"] for n in "qkv")
        np.testing.assert_allclose(q, t["q"][h], atol=1e-12)
        np.testing.assert_allclose(v, t["v"][h], atol=1e-12)
        for i in range(3):
            row = [score_entry(q[i], k[j], cfg.d_k)[2] for j in range(3)]
            np.testing.assert_allclose(row, t["scores"][h][i], atol=1e-12)
            _, _, w = softmax_steps(row)
            np.testing.assert_allclose(w, t["weights"][h][i], atol=1e-12)
            np.testing.assert_allclose(weighted_sum_terms(w, v)[1], t["heads"][h][i],
                                       atol=1e-12)
