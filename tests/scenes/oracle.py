"""An independent forward pass of the shipped model for the scene tests: the saved weights read
plainly from assets/ and the paper's formulas written out again, without scenes.reference."""

from __future__ import annotations

import functools
import json
import math

import numpy as np

from scenes.reference.data import ASSETS


def corpus_target(zh_words):
    """The corpus's English words for these Chinese words (read from corpus.tsv here), or None."""
    for line in (ASSETS / "corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            zh, en = line.split("\t")[:2]
            if zh.split() == list(zh_words):
                return en.split()
    return None


@functools.lru_cache(maxsize=1)
def saved():
    """(config, src_vocab, tgt_vocab, weights by name) as stored in tiny_transformer.npz."""
    with np.load(ASSETS / "tiny_transformer.npz", allow_pickle=False) as z:
        config = json.loads(str(z["config"]))
        src_vocab = [str(t) for t in z["src_vocab"]]
        tgt_vocab = [str(t) for t in z["tgt_vocab"]]
        w = {k: np.array(z[k]) for k in z.files if k not in ("config", "src_vocab", "tgt_vocab")}
    return config, src_vocab, tgt_vocab, w


def pe(n, d):
    out = np.zeros((n, d))
    for pos in range(n):
        for i in range(0, d, 2):
            out[pos, i] = math.sin(pos / 10000.0 ** (i / d))
            out[pos, i + 1] = math.cos(pos / 10000.0 ** (i / d))
    return out


def norm(x, w, name):
    mu = x.mean(axis=1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=1, keepdims=True)
    return w[f"{name}.gamma"] * (x - mu) / np.sqrt(var + 1e-5) + w[f"{name}.beta"]


def attention(xq, xkv, w, name, causal=False, count=None):
    """Multi-head attention, one head at a time -> (out, weights [h, n_q, n_k])."""
    concat, weights = concat_heads(xq, xkv, w, name, causal, count)
    return mm(concat, w[f"{name}.w_o"], count) + w[f"{name}.b_o"], weights


def concat_heads(xq, xkv, w, name, causal=False, count=None):
    """The heads of multi-head attention side by side, before W_O -> (concat [n_q, d],
    weights [h, n_q, n_k]); causal: query i sees keys j <= i, the queries being the last
    rows of the keys' sequence (so a single new query sees every key)."""
    h = saved()[0]["n_heads"]
    d = xq.shape[1]
    d_k = d // h
    q, k, v = (mm(x, w[f"{name}.w_{m}"], count) + w[f"{name}.b_{m}"] for m, x in
               (("q", xq), ("k", xkv), ("v", xkv)))
    heads, weights = [], []
    for i in range(h):
        cols = slice(i * d_k, (i + 1) * d_k)
        s = mm(q[:, cols], k[:, cols].T, count) / math.sqrt(d_k)
        if causal:
            offset = s.shape[1] - s.shape[0]
            allowed = np.arange(s.shape[1])[None, :] <= np.arange(s.shape[0])[:, None] + offset
            s = np.where(allowed, s, -np.inf)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        a = e / e.sum(axis=1, keepdims=True)
        weights.append(a)
        heads.append(mm(a, v[:, cols], count))
    return np.concatenate(heads, axis=1), np.array(weights)


def mm(a, b, count=None):
    """a @ b for 2-D arrays, adding its multiply-adds (rows x inner x columns) to count[0]."""
    if count is not None:
        count[0] += a.shape[0] * a.shape[1] * b.shape[1]
    return a @ b


def ffn(x, w, name, count=None):
    hidden = np.maximum(0, mm(x, w[f"{name}.w1"], count) + w[f"{name}.b1"])
    return mm(hidden, w[f"{name}.w2"], count) + w[f"{name}.b2"]


def encode(src_ids, w=None, count=None):
    """The encoder's output (memory) [n, d]."""
    config, _, _, saved_w = saved()
    w = saved_w if w is None else w
    d = config["d_model"]
    x = w["src_embed"][src_ids] * math.sqrt(d) + pe(len(src_ids), d)
    for i in range(config["n_encoder_layers"]):
        p = f"encoder.{i}"
        x = norm(x + attention(x, x, w, f"{p}.self_attn", count=count)[0], w, f"{p}.ln1")
        x = norm(x + ffn(x, w, f"{p}.ffn", count), w, f"{p}.ln2")
    return x


def decoder_trace(src_ids, tgt_in, w=None):
    """Every decoder layer's intermediates -> (memory, [{'y' (its input), 'a' (after the
    masked self-attention's Add & Norm), 'concat' (cross-attention heads before W_O), 'c'
    (cross-attention output), 'b', 'u' (b W1 + b1), 'h' (relu u), 'f' (FFN output),
    'out'}])."""
    config, _, _, saved_w = saved()
    w = saved_w if w is None else w
    d = config["d_model"]
    memory = encode(src_ids, w)
    y = w["tgt_embed"][tgt_in] * math.sqrt(d) + pe(len(tgt_in), d)
    layers = []
    for i in range(config["n_decoder_layers"]):
        p = f"decoder.{i}"
        a = norm(y + attention(y, y, w, f"{p}.self_attn", causal=True)[0], w, f"{p}.ln1")
        concat, _ = concat_heads(a, memory, w, f"{p}.cross_attn")
        c = concat @ w[f"{p}.cross_attn.w_o"] + w[f"{p}.cross_attn.b_o"]
        b = norm(a + c, w, f"{p}.ln2")
        u = b @ w[f"{p}.ffn.w1"] + w[f"{p}.ffn.b1"]
        h = np.maximum(0, u)
        f = h @ w[f"{p}.ffn.w2"] + w[f"{p}.ffn.b2"]
        out = norm(b + f, w, f"{p}.ln3")
        layers.append({"y": y, "a": a, "concat": concat, "c": c, "b": b, "u": u, "h": h,
                       "f": f, "out": out})
        y = out
    return memory, layers


def forward(src_ids, tgt_in, w=None):
    """-> (logits [m, V_tgt], cross-attention weights of each decoder layer [h, m, n]);
    w: weights by name (default: the saved ones)."""
    config, _, _, saved_w = saved()
    w = saved_w if w is None else w
    d = config["d_model"]
    x = encode(src_ids, w)
    y = w["tgt_embed"][tgt_in] * math.sqrt(d) + pe(len(tgt_in), d)
    cross = []
    for i in range(config["n_decoder_layers"]):
        p = f"decoder.{i}"
        y = norm(y + attention(y, y, w, f"{p}.self_attn", causal=True)[0], w, f"{p}.ln1")
        out, a = attention(y, x, w, f"{p}.cross_attn")
        cross.append(a)
        y = norm(y + out, w, f"{p}.ln2")
        y = norm(y + ffn(y, w, f"{p}.ffn"), w, f"{p}.ln3")
    return y @ w["generator.w"] + w["generator.b"], cross


def counted_decode(src_ids, max_steps, cached):
    """Greedy decoding that counts the multiply-adds of every matrix product it performs
    (mm) -> [{'input': ids, 'dist', 'chosen', 'macs' (of this step's decoder and generator),
    'cache' (numbers in the K/V caches after the step: self-attention rows, memory's K and V)}].

    cached=False: every step runs the decoder on all its tokens (logits of every position).
    cached=True: every step runs it on the new token only, keeping each layer's K and V rows
    and computing the memory's K and V at the first step."""
    config, _, _, w = saved()
    d, n_heads = config["d_model"], config["n_heads"]
    memory = encode(src_ids, w)
    layers = [f"decoder.{i}" for i in range(config["n_decoder_layers"])]
    keys = {p: np.zeros((0, d)) for p in layers}  # the caches: K and V rows per layer
    values = {p: np.zeros((0, d)) for p in layers}
    mem_kv = {}
    tgt_in, steps = [1], []  # <bos>
    for t in range(max_steps):
        count = [0]
        rows = slice(t, t + 1) if cached else slice(0, t + 1)
        y = (w["tgt_embed"][tgt_in] * math.sqrt(d) + pe(len(tgt_in), d))[rows]
        for p in layers:
            if cached:  # the new row's q, k, v; the earlier rows' k, v from the cache
                q = mm(y, w[f"{p}.self_attn.w_q"], count) + w[f"{p}.self_attn.b_q"]
                keys[p] = np.vstack([keys[p], mm(y, w[f"{p}.self_attn.w_k"], count)
                                     + w[f"{p}.self_attn.b_k"]])
                values[p] = np.vstack([values[p], mm(y, w[f"{p}.self_attn.w_v"], count)
                                       + w[f"{p}.self_attn.b_v"]])
                heads = []
                for i in range(n_heads):
                    cols = slice(i * d // n_heads, (i + 1) * d // n_heads)
                    s = mm(q[:, cols], keys[p][:, cols].T, count) / math.sqrt(d // n_heads)
                    e = np.exp(s - s.max())
                    heads.append(mm(e / e.sum(), values[p][:, cols], count))
                s_out = mm(np.concatenate(heads, axis=1), w[f"{p}.self_attn.w_o"], count) \
                    + w[f"{p}.self_attn.b_o"]
            else:
                s_out, _ = attention(y, y, w, f"{p}.self_attn", causal=True, count=count)
            a = norm(y + s_out, w, f"{p}.ln1")
            if cached:
                if p not in mem_kv:
                    mem_kv[p] = tuple(mm(memory, w[f"{p}.cross_attn.w_{m}"], count)
                                      + w[f"{p}.cross_attn.b_{m}"] for m in "kv")
                k_m, v_m = mem_kv[p]
                q = mm(a, w[f"{p}.cross_attn.w_q"], count) + w[f"{p}.cross_attn.b_q"]
                heads = []
                for i in range(n_heads):
                    cols = slice(i * d // n_heads, (i + 1) * d // n_heads)
                    s = mm(q[:, cols], k_m[:, cols].T, count) / math.sqrt(d // n_heads)
                    e = np.exp(s - s.max())
                    heads.append(mm(e / e.sum(), v_m[:, cols], count))
                c = mm(np.concatenate(heads, axis=1), w[f"{p}.cross_attn.w_o"], count) \
                    + w[f"{p}.cross_attn.b_o"]
            else:
                c, _ = attention(a, memory, w, f"{p}.cross_attn", count=count)
            b = norm(a + c, w, f"{p}.ln2")
            y = norm(b + ffn(b, w, f"{p}.ffn", count), w, f"{p}.ln3")
        logits = mm(y, w["generator.w"], count) + w["generator.b"]
        e = np.exp(logits[-1] - logits[-1].max())
        dist = e / e.sum()
        chosen = int(np.argmax(dist))
        cache = (sum(keys[p].size + values[p].size for p in layers),
                 sum(k.size + v.size for k, v in mem_kv.values()))
        steps.append({"input": list(tgt_in), "dist": dist, "chosen": chosen,
                      "macs": count[0], "cache": cache})
        if chosen == 2:  # <eos>
            break
        tgt_in.append(chosen)
    return steps
