"""The Transformer's layers as small pure numpy functions (row vectors: ``x @ w``, float64).

Style: picoGPT. Names follow "Attention Is All You Need" (q, k, v, d_k, w_q, ...).
Weight matrices are ``[d_in, d_out]``; a sequence is ``[n, d]``, one token per row.
"""

import numpy as np

PE_BASE = 10000.0  # the paper's base of the sinusoid wavelengths


def softmax(x, axis=-1):
    """softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x); -inf entries give exactly 0."""
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(m), m, 0.0))
    return e / np.sum(e, axis=axis, keepdims=True)


def layer_norm(x, gamma, beta, eps=1e-5):
    """LN(x) = gamma * (x - mean) / sqrt(var + eps) + beta over the last axis (biased variance)."""
    mean = np.mean(x, axis=-1, keepdims=True)  # [n, 1]
    var = np.var(x, axis=-1, keepdims=True)  # [n, 1]
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def positional_encoding(seq_len, d_model, base=PE_BASE):
    """PE[pos, 2i] = sin(pos / base^(2i/d_model)),  PE[pos, 2i+1] = cos(pos / base^(2i/d_model))."""
    if seq_len < 0:
        raise ValueError(f"positional_encoding needs seq_len >= 0, got seq_len={seq_len}")
    return positional_encoding_at(np.arange(seq_len, dtype=np.float64), d_model, base)


def positional_encoding_at(positions, d_model, base=PE_BASE):
    """The same formula at any real positions (for smooth curves) -> [len(positions), d_model]."""
    if d_model < 2 or d_model % 2:
        raise ValueError(f"positional_encoding needs an even d_model >= 2, got d_model={d_model}")
    pos = np.asarray(positions, dtype=np.float64)[:, None]  # [n, 1]
    two_i = np.arange(0, d_model, 2, dtype=np.float64)[None, :]  # [1, d_model/2]
    angle = pos / base ** (two_i / d_model)  # [n, d_model/2]
    pe = np.empty((len(pos), d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return pe


def causal_mask(n):
    """mask[i, j] = (j <= i): query i may attend to key j only at or before its own position."""
    return np.tril(np.ones((n, n), dtype=bool))


def scaled_dot_product_attention(q, k, v, mask=None):
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V; mask False -> weight exactly 0."""
    d_k = q.shape[-1]
    scores = q @ k.T / np.sqrt(d_k)  # [n_q, n_k]
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)  # [n_q, n_k]
    return weights @ v, weights  # [n_q, d_v], [n_q, n_k]


def split_heads(x, n_heads):
    """[n, d] -> [n_heads, n, d_k]: head h takes columns h*d_k:(h+1)*d_k."""
    n, d = x.shape
    if d % n_heads:
        raise ValueError(f"d_model={d} is not divisible by n_heads={n_heads}")
    return x.reshape(n, n_heads, d // n_heads).transpose(1, 0, 2)


def merge_heads(x):
    """[n_heads, n, d_k] -> [n, n_heads * d_k] (concatenate the heads)."""
    h, n, d_k = x.shape
    return x.transpose(1, 0, 2).reshape(n, h * d_k)


def attention_trace(x_q, x_kv, p, n_heads, mask=None):
    """MultiHead(Q, K, V) = Concat(head_1..head_h) W_O, with every intermediate in a dict."""
    q = split_heads(x_q @ p["w_q"] + p["b_q"], n_heads)  # [h, n_q, d_k]
    k = split_heads(x_kv @ p["w_k"] + p["b_k"], n_heads)  # [h, n_k, d_k]
    v = split_heads(x_kv @ p["w_v"] + p["b_v"], n_heads)  # [h, n_k, d_k]
    d_k = q.shape[-1]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_k)  # [h, n_q, n_k]
    masked = scores if mask is None else np.where(mask, scores, -np.inf)
    weights = softmax(masked, axis=-1)  # [h, n_q, n_k]
    heads = weights @ v  # [h, n_q, d_k]
    concat = merge_heads(heads)  # [n_q, d]
    out = concat @ p["w_o"] + p["b_o"]  # [n_q, d]
    return {"q": q, "k": k, "v": v, "scores": scores, "weights": weights,
            "heads": heads, "concat": concat, "out": out}


def multi_head_attention(x_q, x_kv, p, n_heads, mask=None):
    """MultiHead(x_q, x_kv) -> (out [n_q, d], weights [n_heads, n_q, n_k])."""
    t = attention_trace(x_q, x_kv, p, n_heads, mask)
    return t["out"], t["weights"]


def feed_forward_trace(x, p):
    """hidden = relu(x W1 + b1);  FFN(x) = hidden W2 + b2  -> (out [n, d], hidden [n, d_ff])."""
    hidden = np.maximum(0.0, x @ p["w1"] + p["b1"])  # [n, d_ff]
    return hidden @ p["w2"] + p["b2"], hidden  # [n, d], [n, d_ff]


def feed_forward(x, p):
    """FFN(x) = relu(x W1 + b1) W2 + b2."""
    return feed_forward_trace(x, p)[0]  # [n, d]


def add_norm(x, sublayer_out, p):
    """Add & Norm: LayerNorm(x + Sublayer(x)) (post-LN, as in the paper)."""
    return layer_norm(x + sublayer_out, p["gamma"], p["beta"])


def encoder_layer(x, p, n_heads, mask=None):
    """a = LN1(x + MHA(x, x));  out = LN2(a + FFN(a))  -> (out [n, d], trace)."""
    attn = attention_trace(x, x, p["self_attn"], n_heads, mask)
    a = add_norm(x, attn["out"], p["ln1"])  # [n, d]
    ffn_out, hidden = feed_forward_trace(a, p["ffn"])  # [n, d], [n, d_ff]
    out = add_norm(a, ffn_out, p["ln2"])  # [n, d]
    trace = {"x": x, "self_attn": attn, "add_norm1": a, "ffn_hidden": hidden,
             "ffn_out": ffn_out, "out": out}
    return out, trace


def decoder_layer(y, memory, p, n_heads, memory_mask=None):
    """a = LN1(y + MaskedMHA(y, y)); b = LN2(a + MHA(a, memory)); out = LN3(b + FFN(b))."""
    self_attn = attention_trace(y, y, p["self_attn"], n_heads, causal_mask(len(y)))
    a = add_norm(y, self_attn["out"], p["ln1"])  # [n, d]
    cross_attn = attention_trace(a, memory, p["cross_attn"], n_heads, memory_mask)
    b = add_norm(a, cross_attn["out"], p["ln2"])  # [n, d]
    ffn_out, hidden = feed_forward_trace(b, p["ffn"])  # [n, d], [n, d_ff]
    out = add_norm(b, ffn_out, p["ln3"])  # [n, d]
    trace = {"y": y, "memory": memory, "self_attn": self_attn, "add_norm1": a,
             "cross_attn": cross_attn, "add_norm2": b, "ffn_hidden": hidden,
             "ffn_out": ffn_out, "out": out}
    return out, trace
