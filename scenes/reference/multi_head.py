"""Per-head facts of multi-head attention, and what h heads of d/h cost against one full head.

A head's weights are ``a [n_q, n_k]`` (rows: queries, sum to 1); a layer's are ``[h, n_q, n_k]``.
"What a head does" is said only with numbers computed here: its strongest link between two
different words, the word it reads most on average, and how far it looks; how different the
trained encoder's heads are.
"""

import numpy as np


def strongest_links(weights):
    """link_h = argmax_{i != j} a_h[i, j] (query i reads key j) -> (i [h], j [h], weight [h]).

    The diagonal (a word reading itself) is left out: a link joins two different positions.
    Ties go to the first in row-major order.
    """
    h, n_q, n_k = weights.shape
    if min(n_q, n_k) < 2:
        raise ValueError(f"a link needs two positions, got weights of shape {weights.shape}")
    off = np.where(np.eye(n_q, n_k, dtype=bool), -np.inf, weights)  # [h, n_q, n_k]
    flat = off.reshape(h, -1).argmax(axis=1)  # [h]
    i, j = np.unravel_index(flat, (n_q, n_k))
    return i, j, weights[np.arange(h), i, j]


def most_read(weights):
    """r_h[j] = mean_i a_h[i, j]: the key a head reads most on average -> (j [h], r_h[j] [h])."""
    received = weights.mean(axis=1)  # [h, n_k]
    j = received.argmax(axis=1)  # [h]
    return j, received[np.arange(len(j)), j]


def mean_distance(weights):
    """D_h = mean_i sum_j a_h[i, j] |i - j|: how many positions away a head looks -> [h]."""
    n_q, n_k = weights.shape[-2:]
    dist = np.abs(np.arange(n_q)[:, None] - np.arange(n_k)[None, :])  # [n_q, n_k]
    return (weights * dist).sum(axis=-1).mean(axis=-1)  # [h]


def self_weight(weights):
    """S_h = mean_i a_h[i, i]: how much a word reads itself -> [h]."""
    return np.diagonal(weights, axis1=-2, axis2=-1).mean(axis=-1)  # [h]


def above_diagonal_max(weights):
    """max_{j > i} a_h[i, j] over every head: 0 exactly when the causal mask held -> float."""
    n_q, n_k = weights.shape[-2:]
    upper = np.triu(np.ones((n_q, n_k), dtype=bool), k=1)
    return float(weights[..., upper].max()) if upper.any() else 0.0


def attention_cost(n_q, n_k, d_model, n_heads):
    """Parameters and multiply-adds of MultiHead(Q, K, V) = Concat(head_1..head_h) W_O.

    Head i projects with W_Q^i, W_K^i, W_V^i [d_model, d_k] (+ biases [d_k]), d_k = d_model / h;
    scores Q_i K_i^T: n_q n_k d_k; weighted sum A_i V_i: n_q n_k d_k; W_O [d_model, d_model].
    -> dict of counts; 'softmax' counts the exponentials (not multiply-adds).
    """
    if d_model % n_heads:
        raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
    d_k = d_model // n_heads
    c = {
        "d_k": d_k,
        "w_proj": n_heads * d_model * d_k,  # the weights of one projection (W_Q, W_K or W_V)
        "params_head": 3 * (d_model * d_k + d_k),  # W_Q^i, W_K^i, W_V^i and their biases
        "params_qkv": n_heads * 3 * (d_model * d_k + d_k),
        "params_o": d_model * d_model + d_model,
        "macs_qkv": n_heads * (n_q + 2 * n_k) * d_model * d_k,  # Q from x_q; K, V from x_kv
        "macs_scores": n_heads * n_q * n_k * d_k,
        "macs_weighted": n_heads * n_q * n_k * d_k,
        "macs_o": n_q * d_model * d_model,
        "softmax": n_heads * n_q * n_k,
    }
    c["params"] = c["params_qkv"] + c["params_o"]
    c["macs"] = c["macs_qkv"] + c["macs_scores"] + c["macs_weighted"] + c["macs_o"]
    return c


def encoder_self_attention(model, src_sentence, layer=0):
    """Encoder self-attention weights of one layer -> [n_heads, n_src, n_src]."""
    from scenes.reference.model import encode
    _, trace = encode(model.params, model.config, model.src_ids(src_sentence))
    return trace["encoder"][layer]["self_attn"]["weights"]


def head_distances(weights):
    """Pairwise mean |w_a - w_b| between heads -> [n_heads, n_heads] (0 on the diagonal)."""
    h = weights.shape[0]
    flat = weights.reshape(h, -1)
    return np.abs(flat[:, None, :] - flat[None, :, :]).mean(-1)
