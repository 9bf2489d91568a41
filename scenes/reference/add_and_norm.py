"""Add & Norm, read off the trained model: the residual sum, LayerNorm step by step, and why the
identity path helps (the Jacobian of x + F(x) is I + dF/dx).

The model is post-LN, as in the paper and core.encoder_layer:  a = LN1(x + MHA(x, x)).
Row vectors, one token per row, float64.
"""

import inspect

import numpy as np

from scenes.reference.backward import attention_bwd, attention_fwd
from scenes.reference.core import layer_norm
from scenes.reference.model import encode

LN_EPS = inspect.signature(layer_norm).parameters["eps"].default  # the eps every LayerNorm uses


def add_norm_trace(model, src_ids, layer=0):
    """The first Add & Norm of encoder layer ``layer``: x, F(x) = MHA(x, x), s = x + F(x), LN1.

    -> dict x, f, s [n, d], gamma, beta [d], out = LN1(s) [n, d] (the model's own trace).
    """
    n_layers = len(model.params["encoder"])
    if not isinstance(layer, (int, np.integer)) or not 0 <= layer < n_layers:
        raise ValueError(f"layer={layer!r} is not an encoder layer; accepted: 0..{n_layers - 1}")
    _, trace = encode(model.params, model.config, src_ids)
    t = trace["encoder"][layer]
    ln = model.params["encoder"][layer]["ln1"]
    x, f = t["x"], t["self_attn"]["out"]  # [n, d], [n, d]
    return {"x": x, "f": f, "s": x + f, "gamma": ln["gamma"], "beta": ln["beta"],
            "out": t["add_norm1"]}


def token_stats(s):
    """Per token (row): mean = sum_j s_j / d,  var = sum_j (s_j - mean)^2 / d  -> ([n], [n])."""
    s = _rows(s, "s")
    return s.mean(axis=-1), s.var(axis=-1)  # [n], [n]


def layer_norm_steps(s, gamma, beta, eps=LN_EPS):
    """LN(s) = gamma * (s - mean) / sqrt(var + eps) + beta, every intermediate in a dict.

    -> mean, var, std = sqrt(var + eps) [n]; x_hat, y [n, d].
    """
    s = _rows(s, "s")
    d = s.shape[-1]
    gamma, beta = np.asarray(gamma, dtype=np.float64), np.asarray(beta, dtype=np.float64)
    for name, v in (("gamma", gamma), ("beta", beta)):
        if v.shape != (d,):
            raise ValueError(f"{name} has shape {v.shape}; accepted: ({d},), one per feature "
                             f"of s")
    if not eps > 0:
        raise ValueError(f"eps={eps!r} must be > 0 (it keeps sqrt(var + eps) away from zero)")
    mean, var = token_stats(s)  # [n], [n]
    std = np.sqrt(var + eps)  # [n]
    x_hat = (s - mean[:, None]) / std[:, None]  # [n, d]
    return {"mean": mean, "var": var, "std": std, "x_hat": x_hat, "y": gamma * x_hat + beta}


def sublayer_jacobian(x, p, n_heads):
    """J[(i, a), (j, b)] = d MHA(x, x)[i, a] / d x[j, b] by the hand-written backward pass.

    One backward pass per output number, batched: -> [n*d, n*d] (rows: outputs, cols: inputs).
    """
    x = _rows(x, "x")
    n, d = x.shape
    size = n * d
    xb = np.broadcast_to(x, (size, n, d)).copy()  # [n*d, n, d]: one copy per output number
    _, cache = attention_fwd(xb, xb, p, n_heads)
    d_q, d_kv, _ = attention_bwd(np.eye(size).reshape(size, n, d), cache)  # [n*d, n, d] each
    return (d_q + d_kv).reshape(size, size)  # x feeds queries, keys and values


def residual_jacobian(jac):
    """d (x + F(x)) / dx = I + dF/dx."""
    jac = np.asarray(jac, dtype=np.float64)
    if jac.ndim != 2 or jac.shape[0] != jac.shape[1]:
        raise ValueError(f"a Jacobian of x -> x + F(x) is square; got shape {jac.shape}")
    return np.eye(len(jac)) + jac


def token_block(jac, i, d):
    """The [d, d] block of token i on token i: how token i's output moves with its own input."""
    jac = np.asarray(jac)
    n = jac.shape[0] // d
    if not 0 <= i < n:
        raise ValueError(f"token i={i!r} is outside the sentence; accepted: 0..{n - 1}")
    return jac[i * d:(i + 1) * d, i * d:(i + 1) * d]  # [d, d]


def rms_gain(jac):
    """||J||_F / sqrt(D): how much a gradient of random direction is scaled on its way back."""
    jac = np.asarray(jac, dtype=np.float64)
    return float(np.linalg.norm(jac) / np.sqrt(jac.shape[1]))


def row_cosines(a, b):
    """cos(a_i, b_i) = a_i . b_i / (|a_i| |b_i|) per row -> [n]."""
    a, b = _rows(a, "a"), _rows(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"row_cosines needs two arrays of one shape; got {a.shape} and "
                         f"{b.shape}")
    na, nb = np.linalg.norm(a, axis=-1), np.linalg.norm(b, axis=-1)  # [n], [n]
    if np.any(na == 0) or np.any(nb == 0):
        raise ValueError("row_cosines: a zero row has no direction; accepted: non-zero rows")
    return np.sum(a * b, axis=-1) / (na * nb)


def _rows(a, name):
    """An [n, d] float64 array (d >= 1) or a clear error."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] == 0:
        raise ValueError(f"{name} must be [n tokens, d features]; got shape {a.shape}")
    return a
