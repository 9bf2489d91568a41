"""The hand-written backward pass (the chain rule, layer by layer), batched for training.

Each ``*_fwd`` function computes the same numbers as its twin in core.py, on a padded batch
``[B, n, d]``, and returns ``(out, cache)``; each ``*_bwd(d_out, cache)`` returns the gradient of
the loss with respect to its inputs and its parameters. ``d_x`` always means dLoss/dx.
Padding: source keys that are <pad> are masked out of every attention (weight exactly 0), and
target positions that are <pad> are left out of the loss, so a padded batch gives exactly the
mean of its sentences' token losses, and padding never receives gradient.
Tests check every parameter group against finite differences.
"""

import numpy as np

from scenes.reference.core import causal_mask, positional_encoding, softmax
from scenes.reference.data import BOS_ID, EOS_ID, PAD_ID


def pad_batch(seqs, pad_id=PAD_ID):
    """[[id, ...], ...] -> (ids [B, n_max] padded with pad_id, mask [B, n_max], True = real)."""
    n = max(len(s) for s in seqs)
    ids = np.full((len(seqs), n), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), n), dtype=bool)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = s
        mask[i, :len(s)] = True
    return ids, mask


# ---------------------------------------------------------------- building blocks

def linear_bwd(d_y, x, w):
    """y = x W + b  ->  d_x = d_y W^T,  d_W = x^T d_y,  d_b = sum over rows of d_y."""
    d_in, d_out = w.shape
    d_y2 = d_y.reshape(-1, d_out)  # [B*n, d_out]
    return d_y @ w.T, x.reshape(-1, d_in).T @ d_y2, d_y2.sum(0)


def layer_norm_fwd(x, gamma, beta, eps=1e-5):
    """y = gamma * x_hat + beta,  x_hat = (x - mean) / sqrt(var + eps)."""
    mean = x.mean(-1, keepdims=True)  # [..., 1]
    rstd = 1.0 / np.sqrt(x.var(-1, keepdims=True) + eps)  # [..., 1]
    x_hat = (x - mean) * rstd
    return gamma * x_hat + beta, (x_hat, rstd, gamma)


def layer_norm_bwd(d_y, cache):
    """d_x = (g - mean(g) - x_hat * mean(g * x_hat)) / sqrt(var + eps),  g = d_y * gamma."""
    x_hat, rstd, gamma = cache
    d = x_hat.shape[-1]
    g = d_y * gamma
    d_x = rstd * (g - g.mean(-1, keepdims=True) - x_hat * (g * x_hat).mean(-1, keepdims=True))
    return d_x, {"gamma": (d_y * x_hat).reshape(-1, d).sum(0), "beta": d_y.reshape(-1, d).sum(0)}


def _split(x, n_heads):
    """[B, n, d] -> [B, h, n, d_k]."""
    b, n, d = x.shape
    return x.reshape(b, n, n_heads, d // n_heads).transpose(0, 2, 1, 3)


def _merge(x):
    """[B, h, n, d_k] -> [B, n, h * d_k]."""
    b, h, n, d_k = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, n, h * d_k)


def attention_fwd(x_q, x_kv, p, n_heads, mask=None):
    """MultiHead = Concat(softmax(Q K^T / sqrt(d_k)) V) W_O + b_O; mask broadcasts to [B,h,n_q,n_k]."""
    q = _split(x_q @ p["w_q"] + p["b_q"], n_heads)  # [B, h, n_q, d_k]
    k = _split(x_kv @ p["w_k"] + p["b_k"], n_heads)  # [B, h, n_k, d_k]
    v = _split(x_kv @ p["w_v"] + p["b_v"], n_heads)  # [B, h, n_k, d_k]
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])  # [B, h, n_q, n_k]
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)  # [B, h, n_q, n_k]
    concat = _merge(weights @ v)  # [B, n_q, d]
    out = concat @ p["w_o"] + p["b_o"]  # [B, n_q, d]
    return out, (x_q, x_kv, q, k, v, weights, concat, p)


def attention_bwd(d_out, cache, d_weights_extra=None):
    """-> (d_x_q, d_x_kv, grads); softmax: d_scores = w * (d_w - sum_j d_w * w).

    d_weights_extra: a loss term's own gradient w.r.t. the attention weights, if any.
    """
    x_q, x_kv, q, k, v, weights, concat, p = cache
    n_heads, d_k = q.shape[1], q.shape[-1]
    d_concat, d_w_o, d_b_o = linear_bwd(d_out, concat, p["w_o"])
    d_heads = _split(d_concat, n_heads)  # [B, h, n_q, d_k]
    d_weights = d_heads @ v.swapaxes(-1, -2)  # [B, h, n_q, n_k]
    if d_weights_extra is not None:
        d_weights = d_weights + d_weights_extra
    d_v = weights.swapaxes(-1, -2) @ d_heads  # [B, h, n_k, d_k]
    d_scores = weights * (d_weights - (d_weights * weights).sum(-1, keepdims=True))
    d_scores /= np.sqrt(d_k)
    d_q = d_scores @ k  # [B, h, n_q, d_k]
    d_k_ = d_scores.swapaxes(-1, -2) @ q  # [B, h, n_k, d_k]
    d_x_q, d_w_q, d_b_q = linear_bwd(_merge(d_q), x_q, p["w_q"])
    d_x_k, d_w_k, d_b_k = linear_bwd(_merge(d_k_), x_kv, p["w_k"])
    d_x_v, d_w_v, d_b_v = linear_bwd(_merge(d_v), x_kv, p["w_v"])
    grads = {"w_q": d_w_q, "w_k": d_w_k, "w_v": d_w_v, "w_o": d_w_o,
             "b_q": d_b_q, "b_k": d_b_k, "b_v": d_b_v, "b_o": d_b_o}
    return d_x_q, d_x_k + d_x_v, grads


def ffn_fwd(x, p):
    """FFN(x) = relu(x W1 + b1) W2 + b2."""
    hidden = np.maximum(0.0, x @ p["w1"] + p["b1"])  # [B, n, d_ff]
    return hidden @ p["w2"] + p["b2"], (x, hidden, p)


def ffn_bwd(d_out, cache):
    """relu'(z) = 1 where z > 0, else 0."""
    x, hidden, p = cache
    d_hidden, d_w2, d_b2 = linear_bwd(d_out, hidden, p["w2"])
    d_x, d_w1, d_b1 = linear_bwd(d_hidden * (hidden > 0), x, p["w1"])
    return d_x, {"w1": d_w1, "b1": d_b1, "w2": d_w2, "b2": d_b2}


def encoder_layer_fwd(x, p, n_heads, mask=None):
    """a = LN1(x + MHA(x, x));  out = LN2(a + FFN(a))."""
    attn, c_attn = attention_fwd(x, x, p["self_attn"], n_heads, mask)
    a, c_ln1 = layer_norm_fwd(x + attn, p["ln1"]["gamma"], p["ln1"]["beta"])
    f, c_ffn = ffn_fwd(a, p["ffn"])
    out, c_ln2 = layer_norm_fwd(a + f, p["ln2"]["gamma"], p["ln2"]["beta"])
    return out, (c_attn, c_ln1, c_ffn, c_ln2)


def encoder_layer_bwd(d_out, cache):
    """Back through LN2, the FFN branch + residual, LN1, the attention branch + residual."""
    c_attn, c_ln1, c_ffn, c_ln2 = cache
    d_s2, g_ln2 = layer_norm_bwd(d_out, c_ln2)
    d_a_ffn, g_ffn = ffn_bwd(d_s2, c_ffn)
    d_s1, g_ln1 = layer_norm_bwd(d_s2 + d_a_ffn, c_ln1)
    d_xq, d_xkv, g_attn = attention_bwd(d_s1, c_attn)
    return d_s1 + d_xq + d_xkv, {"self_attn": g_attn, "ln1": g_ln1, "ffn": g_ffn, "ln2": g_ln2}


def decoder_layer_fwd(y, memory, p, n_heads, memory_mask=None):
    """a = LN1(y + MaskedMHA(y, y)); b = LN2(a + MHA(a, memory)); out = LN3(b + FFN(b))."""
    s, c_self = attention_fwd(y, y, p["self_attn"], n_heads, causal_mask(y.shape[1]))
    a, c_ln1 = layer_norm_fwd(y + s, p["ln1"]["gamma"], p["ln1"]["beta"])
    c, c_cross = attention_fwd(a, memory, p["cross_attn"], n_heads, memory_mask)
    b, c_ln2 = layer_norm_fwd(a + c, p["ln2"]["gamma"], p["ln2"]["beta"])
    f, c_ffn = ffn_fwd(b, p["ffn"])
    out, c_ln3 = layer_norm_fwd(b + f, p["ln3"]["gamma"], p["ln3"]["beta"])
    return out, (c_self, c_ln1, c_cross, c_ln2, c_ffn, c_ln3)


def decoder_layer_bwd(d_out, cache, d_cross_weights=None):
    """-> (d_y, d_memory, grads): the memory gets gradient through cross-attention's K and V."""
    c_self, c_ln1, c_cross, c_ln2, c_ffn, c_ln3 = cache
    d_s3, g_ln3 = layer_norm_bwd(d_out, c_ln3)
    d_b_ffn, g_ffn = ffn_bwd(d_s3, c_ffn)
    d_s2, g_ln2 = layer_norm_bwd(d_s3 + d_b_ffn, c_ln2)
    d_a_cross, d_memory, g_cross = attention_bwd(d_s2, c_cross, d_cross_weights)
    d_s1, g_ln1 = layer_norm_bwd(d_s2 + d_a_cross, c_ln1)
    d_yq, d_ykv, g_self = attention_bwd(d_s1, c_self)
    grads = {"self_attn": g_self, "ln1": g_ln1, "cross_attn": g_cross, "ln2": g_ln2,
             "ffn": g_ffn, "ln3": g_ln3}
    return d_s1 + d_yq + d_ykv, d_memory, grads


def embed_fwd(table, ids):
    """x = E[ids] * sqrt(d) + PE,  ids [B, n] -> x [B, n, d]."""
    d = table.shape[1]
    return table[ids] * np.sqrt(d) + positional_encoding(ids.shape[1], d)


def embed_bwd(d_x, ids, vocab_size):
    """d_E[t] = sqrt(d) * sum of d_x over the positions holding token t."""
    d = d_x.shape[-1]
    d_table = np.zeros((vocab_size, d))
    np.add.at(d_table, ids.ravel(), d_x.reshape(-1, d) * np.sqrt(d))
    return d_table


# ---------------------------------------------------------------- the whole model

def batch_forward(params, config, src_batch, tgt_in_batch):
    """Padded batch forward -> (logits [B, n_tgt, V_tgt], caches). Same numbers as model.forward."""
    src, src_mask = pad_batch(src_batch)  # [B, n_src]
    tgt_in, _ = pad_batch(tgt_in_batch)  # [B, n_tgt]
    key_mask = src_mask[:, None, None, :]  # [B, 1, 1, n_src]: <pad> keys get weight 0
    x = embed_fwd(params["src_embed"], src)  # [B, n_src, d]
    enc = []
    for p in params["encoder"]:
        x, c = encoder_layer_fwd(x, p, config.n_heads, key_mask)
        enc.append(c)
    memory = x
    y = embed_fwd(params["tgt_embed"], tgt_in)  # [B, n_tgt, d]
    dec = []
    for p in params["decoder"]:
        y, c = decoder_layer_fwd(y, memory, p, config.n_heads, key_mask)
        dec.append(c)
    logits = y @ params["generator"]["w"] + params["generator"]["b"]  # [B, n_tgt, V_tgt]
    return logits, (src, tgt_in, enc, dec, y)


def alignment_loss(dec_cache, links, n_heads):
    """L_align = -mean over links (b, t, j) of log(mean_h w[b, h, t, j]) for one decoder layer.

    links: (sentence, target position, source position) triples, the known word alignments.
    -> (L_align, dL_align/dweights [B, h, n_q, n_k]).
    """
    w = dec_cache[2][5]  # cross-attention weights [B, h, n_q, n_k]
    b, t, j = (np.array(c) for c in zip(*links))
    mean_w = w[b, :, t, j].mean(axis=-1)  # [n_links]
    d_w = np.zeros_like(w)
    np.add.at(d_w, (b, slice(None), t, j), (-1.0 / (len(links) * n_heads * mean_w))[:, None])
    return float(-np.log(mean_w).mean()), d_w


def batch_loss_and_grads(params, config, src_batch, tgt_batch, links=None, align_weight=0.0,
                         parts=None, smoothing=0.0):
    """Mean cross-entropy over every real target token of the batch, and its gradient tree.

    src_batch: lists of source ids; tgt_batch: lists of target ids without <bos>/<eos>.
    Decoder input <bos> + tgt, targets tgt + <eos>; <pad> targets are excluded.
    links + align_weight > 0: guided alignment (Garg et al. 2019): adds align_weight * L_align
    (alignment_loss) on the last decoder layer's head-mean cross-attention; the returned loss is
    then CE + that term. links: per sentence, (target position, source position) pairs.
    smoothing > 0: label smoothing (the paper's eps_ls, Szegedy et al. 2016): the target is
    q = (1 - eps) one_hot + eps / V instead of one_hot, the loss -sum q log p (the paper's run
    used eps = 0.1). parts: an optional dict that receives the terms, {'ce': ..., 'align': ...};
    'ce' is always the plain cross-entropy -log p(target), whatever the smoothing.
    """
    tgt_out, out_mask = pad_batch([list(t) + [EOS_ID] for t in tgt_batch])  # [B, n_tgt]
    logits, (src, tgt_in, enc, dec, y) = batch_forward(
        params, config, src_batch, [[BOS_ID] + list(t) for t in tgt_batch])
    n_tokens = out_mask.sum()
    probs = softmax(logits)  # [B, n_tgt, V]
    b_idx, t_idx = np.nonzero(out_mask)
    target = tgt_out[b_idx, t_idx]
    ce = -np.log(probs[b_idx, t_idx, target]).sum() / n_tokens
    v = probs.shape[-1]
    uniform = -np.log(probs[b_idx, t_idx]).sum() / (n_tokens * v)  # mean over v of -log p_v
    loss = (1.0 - smoothing) * ce + smoothing * uniform
    # d loss / d logits = (softmax - q) / n_tokens on real positions, 0 on <pad>
    d_logits = (probs - smoothing / v) * out_mask[..., None]
    d_logits[b_idx, t_idx, target] -= 1.0 - smoothing
    d_logits /= n_tokens
    d_y, d_w_gen, d_b_gen = linear_bwd(d_logits, y, params["generator"]["w"])
    grads = {"generator": {"w": d_w_gen, "b": d_b_gen}}
    d_cross = [None] * len(dec)
    flat_links = [(b, t, j) for b, pairs in enumerate(links or []) for t, j in pairs]
    if align_weight and flat_links:
        l_align, d_w = alignment_loss(dec[-1], flat_links, config.n_heads)
        loss = loss + align_weight * l_align
        d_cross[-1] = align_weight * d_w
        if parts is not None:
            parts["align"] = l_align
    if parts is not None:
        parts["ce"] = float(ce)
    d_memory = 0.0
    dec_grads = [None] * len(dec)
    for i in reversed(range(len(dec))):
        d_y, d_mem_i, dec_grads[i] = decoder_layer_bwd(d_y, dec[i], d_cross[i])
        d_memory = d_memory + d_mem_i
    d_x = d_memory
    enc_grads = [None] * len(enc)
    for i in reversed(range(len(enc))):
        d_x, enc_grads[i] = encoder_layer_bwd(d_x, enc[i])
    grads["src_embed"] = embed_bwd(d_x, src, params["src_embed"].shape[0])
    grads["tgt_embed"] = embed_bwd(d_y, tgt_in, params["tgt_embed"].shape[0])
    grads["encoder"] = enc_grads
    grads["decoder"] = dec_grads
    order = ("src_embed", "tgt_embed", "encoder", "decoder", "generator")
    return float(loss), {k: grads[k] for k in order}


def loss_and_grads(params, config, src_ids, tgt_ids):
    """One pair: loss = mean CE of (tgt + <eos>) given decoder input <bos> + tgt; grads mirror params."""
    return batch_loss_and_grads(params, config, [list(src_ids)], [list(tgt_ids)])
