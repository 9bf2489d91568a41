"""An independent forward pass of the shipped model for the scene tests: the saved weights read
plainly from assets/ and the paper's formulas written out again, without scenes.reference."""

from __future__ import annotations

import functools
import json
import math

import numpy as np

from scenes.reference.data import ASSETS


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


def attention(xq, xkv, w, name, causal=False):
    """Multi-head attention, one head at a time -> (out, weights [h, n_q, n_k])."""
    h = saved()[0]["n_heads"]
    d = xq.shape[1]
    d_k = d // h
    q, k, v = (x @ w[f"{name}.w_{m}"] + w[f"{name}.b_{m}"] for m, x in
               (("q", xq), ("k", xkv), ("v", xkv)))
    heads, weights = [], []
    for i in range(h):
        cols = slice(i * d_k, (i + 1) * d_k)
        s = q[:, cols] @ k[:, cols].T / math.sqrt(d_k)
        if causal:
            s = np.where(np.tril(np.ones(s.shape, dtype=bool)), s, -np.inf)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        a = e / e.sum(axis=1, keepdims=True)
        weights.append(a)
        heads.append(a @ v[:, cols])
    return np.concatenate(heads, axis=1) @ w[f"{name}.w_o"] + w[f"{name}.b_o"], np.array(weights)


def ffn(x, w, name):
    return np.maximum(0, x @ w[f"{name}.w1"] + w[f"{name}.b1"]) @ w[f"{name}.w2"] + w[f"{name}.b2"]


def forward(src_ids, tgt_in):
    """-> (logits [m, V_tgt], cross-attention weights of each decoder layer [h, m, n])."""
    config, _, _, w = saved()
    d = config["d_model"]
    x = w["src_embed"][src_ids] * math.sqrt(d) + pe(len(src_ids), d)
    for i in range(config["n_encoder_layers"]):
        p = f"encoder.{i}"
        x = norm(x + attention(x, x, w, f"{p}.self_attn")[0], w, f"{p}.ln1")
        x = norm(x + ffn(x, w, f"{p}.ffn"), w, f"{p}.ln2")
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
