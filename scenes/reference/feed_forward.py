"""The position-wise feed-forward network, read off the trained model (the notes' "4x MLP").

FFN(x) = max(0, x W1 + b1) W2 + b2: W1 [d, d_ff] widens every token to d_ff hidden units,
ReLU sets the negative ones to zero, W2 [d_ff, d] brings the token back to d. The FFN followed
here is the first encoder layer's: its input is that layer's first Add & Norm output
a = LN1(x + MHA(x, x)), its output goes into the second, LN2(a + FFN(a)) (post-LN, as in
core.encoder_layer). Row vectors, one token per row, float64.
"""

import numpy as np

from scenes.reference.core import add_norm, feed_forward
from scenes.reference.counts import decoder_layer_counts, encoder_layer_counts
from scenes.reference.model import encode


def relu(z):
    """ReLU(z) = max(0, z), element-wise."""
    return np.maximum(0.0, z)


def ffn_trace(model, src_ids, layer=0):
    """The FFN of encoder layer ``layer`` on a sentence, every intermediate in a dict.

    -> x [n, d] (the FFN's input, LN1's output), w1 [d, d_ff], b1 [d_ff], pre = x W1 + b1
    [n, d_ff], hidden = ReLU(pre) [n, d_ff], w2 [d_ff, d], b2 [d], out = hidden W2 + b2 [n, d],
    after = LN2(x + out) [n, d] (the layer's output).
    """
    n_layers = len(model.params["encoder"])
    if not isinstance(layer, (int, np.integer)) or not 0 <= layer < n_layers:
        raise ValueError(f"layer={layer!r} is not an encoder layer; accepted: 0..{n_layers - 1}")
    _, trace = encode(model.params, model.config, src_ids)
    p = model.params["encoder"][layer]
    x = trace["encoder"][layer]["add_norm1"]  # [n, d]
    w = p["ffn"]
    pre = x @ w["w1"] + w["b1"]  # [n, d_ff]
    hidden = relu(pre)  # [n, d_ff]
    out = hidden @ w["w2"] + w["b2"]  # [n, d]
    return {"x": x, "w1": w["w1"], "b1": w["b1"], "pre": pre, "hidden": hidden,
            "w2": w["w2"], "b2": w["b2"], "out": out, "after": add_norm(x, out, p["ln2"])}


def zero_share(hidden):
    """Per token (row): the share of hidden units that are exactly zero -> [n] in [0, 1]."""
    hidden = np.asarray(hidden, dtype=np.float64)
    if hidden.ndim != 2 or hidden.shape[1] == 0:
        raise ValueError(f"hidden must be [n tokens, d_ff units]; got shape {hidden.shape}")
    return np.mean(hidden == 0.0, axis=-1)  # [n]


def rotation(n):
    """The permutation that moves every token one place up: [1, 2, ..., n-1, 0]."""
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"a permutation of n={n!r} tokens needs n >= 1")
    return np.roll(np.arange(n), -1)


def permutation_check(x, p, perm):
    """FFN on x and on x[perm] -> (out [n, d], out_perm [n, d], max |out_perm - out[perm]|).

    The FFN treats every row alone, so permuting the tokens only permutes the outputs: the
    difference is rounding error (the matrix products are summed in another order).
    """
    x = np.asarray(x, dtype=np.float64)
    perm = np.asarray(perm)
    if sorted(perm.tolist()) != list(range(len(x))):
        raise ValueError(f"perm={perm.tolist()} is not a permutation of the {len(x)} tokens; "
                         f"accepted: each of 0..{len(x) - 1} once")
    out = feed_forward(x, p)  # [n, d]
    out_perm = feed_forward(x[perm], p)  # [n, d]
    return out, out_perm, float(np.abs(out_perm - out[perm]).max())


def alone_check(x, p):
    """max over tokens i of |FFN(x_i) - FFN(x)_i|: each token through the FFN on its own."""
    x = np.asarray(x, dtype=np.float64)
    together = feed_forward(x, p)  # [n, d]
    return float(max(np.abs(feed_forward(x[i:i + 1], p)[0] - together[i]).max()
                     for i in range(len(x))))


def layer_shares(config):
    """Where one layer's parameters are, from the config alone (counts.py) -> dict.

    encoder / decoder: {'attention', 'ffn', 'norms', 'total'} (counts; a decoder layer has two
    attentions and three LayerNorms); 'w1' = d d_ff + d_ff, 'w2' = d_ff d + d (weights with
    their biases); 'ffn_share_encoder', 'ffn_share_decoder': FFN / layer total.
    """
    d, d_ff = config.d_model, config.d_ff
    out = {}
    for side, counts in (("encoder", encoder_layer_counts(config)),
                         ("decoder", decoder_layer_counts(config))):
        attention = sum(v for k, v in counts.items() if k.endswith("attn"))
        norms = sum(v for k, v in counts.items() if k.startswith("ln"))
        out[side] = {"attention": attention, "ffn": counts["ffn"], "norms": norms,
                     "total": counts["total"]}
        out[f"ffn_share_{side}"] = counts["ffn"] / counts["total"]
    out["w1"], out["w2"] = d * d_ff + d_ff, d_ff * d + d  # together: counts.ffn_params
    return out
