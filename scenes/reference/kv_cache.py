"""Generation with a key-value cache, and what it saves, counted from the model's config.

Without a cache (greedy_decode, generation.generation_steps) step t runs the whole decoder on
the t tokens so far: every layer recomputes Q, K, V of all t positions and the t x t scores,
and only the last row gives the next token. With the cache, step t runs the decoder on the
new token alone: its K and V rows are appended to each layer's self-attention cache, its one
query row attends over the t cached rows, and the cross-attention's K, V of the encoder output
are computed once, at the first step. The causal mask is why this is exact: row j of a layer
sees only positions <= j, so the rows of earlier positions never change when a token is added.

Multiply-adds (MACs) count the matrix products, as the reference computes them (q @ k^T over
all t x t entries before the mask; the generator on every position without the cache); layer
norms, softmax, biases and ReLU, a few operations per number, are left out.
"""

import numpy as np

from scenes.reference.core import (
    feed_forward,
    layer_norm,
    merge_heads,
    positional_encoding_at,
    softmax,
    split_heads,
)
from scenes.reference.data import BOS_ID, EOS_ID, tokenize
from scenes.reference.model import decode, encode, token_embedding


def embed_one(table, token_id, position):
    """x = E[id] * sqrt(d_model) + PE[position]: one new decoder input row -> [1, d]."""
    d = table.shape[1]
    return token_embedding(table, [token_id]) + positional_encoding_at([position], d)  # [1, d]


def self_attention_step(x_new, k_cache, v_cache, p, n_heads):
    """The new position's masked self-attention: its K, V rows appended to the cache, its query
    row attends over every cached row (all are at or before it: no mask needed)
    -> (out [1, d], k_cache [h, t, d_k], v_cache [h, t, d_k], weights [h, 1, t])."""
    q = split_heads(x_new @ p["w_q"] + p["b_q"], n_heads)  # [h, 1, d_k]
    k = split_heads(x_new @ p["w_k"] + p["b_k"], n_heads)  # [h, 1, d_k]
    v = split_heads(x_new @ p["w_v"] + p["b_v"], n_heads)  # [h, 1, d_k]
    k_cache = k if k_cache is None else np.concatenate([k_cache, k], axis=1)  # [h, t, d_k]
    v_cache = v if v_cache is None else np.concatenate([v_cache, v], axis=1)  # [h, t, d_k]
    scores = q @ k_cache.transpose(0, 2, 1) / np.sqrt(q.shape[-1])  # [h, 1, t]
    weights = softmax(scores)  # [h, 1, t]
    out = merge_heads(weights @ v_cache) @ p["w_o"] + p["b_o"]  # [1, d]
    return out, k_cache, v_cache, weights


def memory_kv(memory, p, n_heads):
    """The cross-attention's K and V of the encoder output, computed once -> ([h, n_src, d_k],) * 2."""
    return (split_heads(memory @ p["w_k"] + p["b_k"], n_heads),  # [h, n_src, d_k]
            split_heads(memory @ p["w_v"] + p["b_v"], n_heads))  # [h, n_src, d_k]


def cross_attention_step(x_new, k_mem, v_mem, p, n_heads):
    """The new position's query over the cached K, V of the encoder output -> out [1, d]."""
    q = split_heads(x_new @ p["w_q"] + p["b_q"], n_heads)  # [h, 1, d_k]
    weights = softmax(q @ k_mem.transpose(0, 2, 1) / np.sqrt(q.shape[-1]))  # [h, 1, n_src]
    return merge_heads(weights @ v_mem) @ p["w_o"] + p["b_o"]  # [1, d]


def decoder_layer_step(y_new, k_mem, v_mem, cache, p, n_heads):
    """One decoder layer on the new position only (post-LN, as core.decoder_layer)
    -> (out [1, d], (k_cache, v_cache)); cache: (k_cache, v_cache), or (None, None) at first."""
    s, k_cache, v_cache, _ = self_attention_step(y_new, *cache, p["self_attn"], n_heads)
    a = layer_norm(y_new + s, p["ln1"]["gamma"], p["ln1"]["beta"])  # [1, d]
    c = cross_attention_step(a, k_mem, v_mem, p["cross_attn"], n_heads)
    b = layer_norm(a + c, p["ln2"]["gamma"], p["ln2"]["beta"])  # [1, d]
    out = layer_norm(b + feed_forward(b, p["ffn"]), p["ln3"]["gamma"], p["ln3"]["beta"])
    return out, (k_cache, v_cache)


def cached_generation(model, src_tokens, max_len=20):
    """Greedy decoding with the cache -> [{'input': ids, 'dist': [V_tgt], 'chosen': id,
    'cached': t (positions in each layer's cache after the step)}, ...], stopping after <eos>
    or max_len steps (as generation.generation_steps, which recomputes everything)."""
    if isinstance(max_len, bool) or not isinstance(max_len, (int, np.integer)) or max_len < 1:
        raise ValueError(f"max_len must be an integer >= 1 (steps of decoding), got {max_len!r}")
    p, cfg = model.params, model.config
    memory, _ = encode(p, cfg, tokenize(src_tokens, model.src_vocab, "source"))  # [n_src, d]
    mem_kv = [memory_kv(memory, lp["cross_attn"], cfg.n_heads) for lp in p["decoder"]]
    caches = [(None, None)] * len(p["decoder"])
    tgt_in, steps = [BOS_ID], []
    for t in range(max_len):
        y = embed_one(p["tgt_embed"], tgt_in[-1], t)  # [1, d]: only the newest token
        for i, lp in enumerate(p["decoder"]):
            y, caches[i] = decoder_layer_step(y, *mem_kv[i], caches[i], lp, cfg.n_heads)
        dist = softmax(y @ p["generator"]["w"] + p["generator"]["b"])[0]  # [V_tgt]
        chosen = int(np.argmax(dist))
        steps.append({"input": list(tgt_in), "dist": dist, "chosen": chosen,
                      "cached": caches[0][0].shape[1]})
        if chosen == EOS_ID:
            break
        tgt_in.append(chosen)
    return steps


def cache_rows_unchanged(model, src_tokens, tgt_in):
    """The causal mask at work: the decoder's self-attention K and V rows of the first t - 1
    positions, computed again with the t-th token added, against the first run -> max |diff|
    over every layer (0 up to rounding: the cached rows stay valid)."""
    memory, _ = encode(model.params, model.config,
                       tokenize(src_tokens, model.src_vocab, "source"))
    _, short = decode(model.params, model.config, memory, list(tgt_in[:-1]))
    _, full = decode(model.params, model.config, memory, list(tgt_in))
    n = len(tgt_in) - 1
    return max(float(np.abs(a["self_attn"][m] - b["self_attn"][m][:, :n]).max())
               for a, b in zip(short["decoder"], full["decoder"]) for m in ("k", "v"))


def max_differences(full_steps, cached_steps):
    """Per step, max |p_full - p_cached| over the vocabulary -> [n_steps]; the two runs must
    have chosen the same tokens."""
    if [s["chosen"] for s in full_steps] != [s["chosen"] for s in cached_steps]:
        raise ValueError("the two decodings chose different tokens; compare the same run")
    return np.array([float(np.abs(a["dist"] - b["dist"]).max())
                     for a, b in zip(full_steps, cached_steps)])  # [n_steps]


# ---------------------------------------------------------------- counting


def step_macs(config, t, n_src, v_tgt, cached):
    """Multiply-adds of decoding step t (1-based: t tokens in the decoder input so far) ->
    {'self_attn', 'cross_attn', 'ffn', 'generator', 'total'}, summed over the decoder layers.

    Without the cache every row of the t positions is computed (projections 4 t d^2, scores
    and weighted sum 2 t^2 d; cross-attention K, V of the memory 2 n_src d^2 again each step).
    With it only the new row (4 d^2, 2 t d), and the memory's K, V once, at step 1."""
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"step_macs needs a step t >= 1 (an integer), got t={t!r}")
    d, d_ff, n_layers = config.d_model, config.d_ff, config.n_decoder_layers
    rows = 1 if cached else t  # decoder positions computed at this step
    memory_kv_macs = 2 * n_src * d * d if (not cached or t == 1) else 0
    per_layer = {
        "self_attn": 4 * rows * d * d + 2 * rows * t * d,  # Q K V O; q k^T and weights @ V
        "cross_attn": 2 * rows * d * d + memory_kv_macs + 2 * rows * n_src * d,  # Q O; K V; scores
        "ffn": 2 * rows * d * d_ff,  # W1 and W2
    }
    out = {k: n_layers * v for k, v in per_layer.items()}
    out["generator"] = rows * d * v_tgt
    out["total"] = sum(out.values())
    return out


def generation_macs(config, n_steps, n_src, v_tgt):
    """Per step and in total, both ways -> {'full': [n_steps], 'cached': [n_steps],
    'full_total', 'cached_total'} (ints)."""
    full = [step_macs(config, t, n_src, v_tgt, False)["total"] for t in range(1, n_steps + 1)]
    cached = [step_macs(config, t, n_src, v_tgt, True)["total"] for t in range(1, n_steps + 1)]
    return {"full": np.array(full), "cached": np.array(cached), "full_total": int(sum(full)),
            "cached_total": int(sum(cached))}


def encoder_macs(config, n_src):
    """The encoder's multiply-adds, run once either way: N (4 n d^2 + 2 n^2 d + 2 n d d_ff)."""
    d, n = config.d_model, n_src
    return config.n_encoder_layers * (4 * n * d * d + 2 * n * n * d + 2 * n * d * config.d_ff)


def cache_size(config, t, n_src):
    """Numbers held in the cache after step t -> {'self': 2 N t d (K and V of every decoder
    layer, one row per token), 'cross': 2 N n_src d (the memory's K and V, fixed), 'total'}."""
    n, d = config.n_decoder_layers, config.d_model
    own, cross = 2 * n * t * d, 2 * n * n_src * d
    return {"self": own, "cross": cross, "total": own + cross}

