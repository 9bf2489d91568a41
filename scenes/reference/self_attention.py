"""The arithmetic of one attention head, step by step, as the self-attention lecture shows it.

Each function answers one question of the lecture with plain numbers ("which columns of W_Q
does head h use?", "what are the exponentials of this row and their sum?", "which rows of V
does the weighted sum add up?"). The full head is core.attention_trace; these only spell out
what it computes in one line.
"""

import numpy as np


def head_columns(h, d_k):
    """Columns of W_Q, W_K, W_V (and b_Q, b_K, b_V) that head h uses: h*d_k .. (h+1)*d_k - 1."""
    return np.arange(h * d_k, (h + 1) * d_k)  # [d_k]


def head_projection(p, h, d_k):
    """W^h_Q = W_Q[:, h*d_k:(h+1)*d_k], b^h_Q = b_Q[h*d_k:(h+1)*d_k] (and K, V) -> dict."""
    cols = slice(h * d_k, (h + 1) * d_k)
    return {name: p[name][..., cols] for name in ("w_q", "w_k", "w_v", "b_q", "b_k", "b_v")}


def score_entry(q_i, k_j, d_k):
    """s_ij = (q_i . k_j) / sqrt(d_k) -> (q_i . k_j, sqrt(d_k), s_ij)."""
    dot = float(np.dot(q_i, k_j))
    scale = float(np.sqrt(d_k))
    return dot, scale, dot / scale


def softmax_steps(s):
    """softmax(s)_j = exp(s_j) / sum_k exp(s_k), written out -> (exp(s) [n], sum, weights [n])."""
    e = np.exp(np.asarray(s, dtype=np.float64))  # [n]
    total = float(e.sum())
    return e, total, e / total


def weighted_sum_terms(w_i, v):
    """z_i = sum_j w_ij v_j -> (terms w_ij v_j [n_k, d_v], z_i [d_v])."""
    terms = np.asarray(w_i)[:, None] * v  # [n_k, d_v]
    return terms, terms.sum(axis=0)
