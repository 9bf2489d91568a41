"""Backpropagation through the real model for one training pair.

The forward pass and the loss, the gradient written out link by link from the loss down to the
last decoder layer's cross-attention (the chain rule, with backward.py's own building blocks),
three weights' gradients as sums over positions of (local input x upstream gradient), the same
three by finite differences, who is to blame (|gradient| per parameter group), and one plain
SGD step with the loss after it.

    dL/dz   = (softmax(z) - onehot(target)) / n        the loss at the logits z [n, V]
    dL/dy   = dL/dz W_gen^T                            the decoder's output y [n, d]
    dL/df   = LN3'(dL/dy)                              the last layer's FFN output f [n, d]
    dL/dh   = dL/df W2^T                               its hidden layer h [n, d_ff]
    dL/du   = dL/dh * 1[h > 0]                         before the ReLU (u = b W1 + b1)
    dL/db   = dL/du W1^T + dL/df                       the FFN's input b: branch + residual
    dL/dc   = LN2'(dL/db)                              the cross-attention's output c [n, d]
    dL/dW[i, j] = sum_t x_t[i] dL/dout_t[j]            a weight of out = x W + bias
"""

import numpy as np

from scenes.reference.backward import (
    batch_forward,
    layer_norm_bwd,
    linear_bwd,
    loss_and_grads,
)
from scenes.reference.core import softmax
from scenes.reference.data import BOS_ID, EOS_ID, load_corpus
from scenes.reference.model import (
    flatten_params,
    greedy_decode,
    map_params,
    pair_loss,
    unflatten_params,
)

# the three weights the lecture follows: (parameter key, its input x, its upstream gradient)
# in the chain's names; the layer is the last decoder layer ("decoder.-1" until resolved)
WEIGHTS = {
    "generator": ("generator.w", "y", "d_z"),
    "ffn": ("decoder.-1.ffn.w1", "b", "d_u"),
    "attention": ("decoder.-1.cross_attn.w_o", "concat", "d_c"),
}


def training_pair(model, src_words, corpus=None):
    """(source words, target words, from_corpus): the corpus's translation of the sentence, or
    the model's own greedy translation when the corpus does not hold it."""
    words = list(src_words)
    if not words:
        raise ValueError("training_pair needs a source sentence of at least one word, got none")
    pairs = load_corpus() if corpus is None else corpus
    target = next((list(en) for zh, en in pairs if list(zh) == words), None)
    if target is not None:
        return words, target, True
    tokens, _ = greedy_decode(model, words)
    target = [t for t in tokens if t != "<eos>"]
    if not target:
        raise ValueError(f"the model translates {' '.join(words)!r} to nothing, so it gives no "
                         f"training pair; choose a sentence of the corpus")
    return words, target, False


def weight_key(model, key):
    """'decoder.-1.ffn.w1' -> 'decoder.1.ffn.w1' (the last decoder layer of this model)."""
    return key.replace("decoder.-1.", f"decoder.{model.config.n_decoder_layers - 1}.")


def forward_pass(model, src_ids, tgt_ids):
    """The pair's forward pass -> dict: tgt_in, tgt_out (ids), probs [n, V],
    p_correct [n], nll [n] = -log p_correct, loss = mean(nll)."""
    tgt_in, tgt_out = [BOS_ID] + list(tgt_ids), list(tgt_ids) + [EOS_ID]
    logits, _ = batch_forward(model.params, model.config, [list(src_ids)], [tgt_in])
    probs = softmax(logits[0])  # [n, V]
    p_correct = probs[np.arange(len(tgt_out)), tgt_out]  # [n]
    nll = -np.log(p_correct)  # [n]
    return {"tgt_in": tgt_in, "tgt_out": tgt_out, "probs": probs, "p_correct": p_correct,
            "nll": nll, "loss": float(nll.mean())}


def chain(model, src_ids, tgt_ids):
    """The backward pass of one pair from the loss down to the last decoder layer's
    cross-attention, one link at a time (the formulas of the module's docstring) -> dict of the
    gradients d_z, d_y, d_f, d_h, d_u, d_b, d_c, the forward values y, h, b, concat, gate
    (1[h > 0]) and the weight gradients d_w_gen, d_w2, d_w1, d_w_o; batch axis dropped."""
    p, cfg = model.params, model.config
    tgt_in, tgt_out = [BOS_ID] + list(tgt_ids), list(tgt_ids) + [EOS_ID]
    logits, (_, _, _, dec, y) = batch_forward(p, cfg, [list(src_ids)], [tgt_in])
    n = len(tgt_out)
    d_z = softmax(logits[0])  # [n, V]
    d_z[np.arange(n), tgt_out] -= 1.0
    d_z /= n
    last = p["decoder"][-1]
    y = y[0]  # [n, d]
    d_y, d_w_gen, _ = linear_bwd(d_z, y, p["generator"]["w"])  # [n, d], [d, V]
    _, _, c_cross, c_ln2, c_ffn, c_ln3 = dec[-1]
    d_f, _ = layer_norm_bwd(d_y[None], c_ln3)  # [1, n, d]: dL/d(b + f) = dL/df
    b, h = c_ffn[0][0], c_ffn[1][0]  # [n, d], [n, d_ff]
    d_f = d_f[0]
    d_h, d_w2, _ = linear_bwd(d_f, h, last["ffn"]["w2"])  # [n, d_ff], [d_ff, d]
    gate = (h > 0).astype(np.float64)  # [n, d_ff]
    d_u = d_h * gate
    d_b_ffn, d_w1, _ = linear_bwd(d_u, b, last["ffn"]["w1"])  # [n, d], [d, d_ff]
    d_b = d_b_ffn + d_f  # the FFN branch and the residual path
    d_c, _ = layer_norm_bwd(d_b[None], c_ln2)  # dL/d(a + c) = dL/dc
    d_c = d_c[0]
    concat = c_cross[6][0]  # [n, d]: the heads, concatenated, before W_O
    _, d_w_o, _ = linear_bwd(d_c, concat, last["cross_attn"]["w_o"])  # [d, d]
    return {"d_z": d_z, "d_y": d_y, "d_f": d_f, "d_h": d_h, "d_u": d_u, "d_b": d_b, "d_c": d_c,
            "y": y, "h": h, "b": b, "concat": concat, "gate": gate,
            "d_w_gen": d_w_gen, "d_w2": d_w2, "d_w1": d_w1, "d_w_o": d_w_o}


def norms(links):
    """||dL/dx|| (all positions and features) of each named gradient -> {name: float}."""
    return {name: float(np.sqrt(np.sum(g * g))) for name, g in links.items()}


def largest(g):
    """The index of the entry of largest |g| (the first one on a tie) -> tuple."""
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(np.abs(g))), g.shape))


def weight_terms(links, x_name, d_name, index):
    """dL/dW[i, j] = sum_t x_t[i] dL/dout_t[j] for out = x W -> (x_t[i] [n], dL/dout_t[j] [n],
    their products [n], the sum)."""
    i, j = index
    x, d = links[x_name][:, i], links[d_name][:, j]  # [n], [n]
    return x, d, x * d, float(np.sum(x * d))


def perturbed(params, key, index, delta):
    """The parameter tree with params[key][index] += delta (a copy; the rest shared)."""
    flat = dict(flatten_params(params))
    a = np.array(flat[key], dtype=np.float64)
    a[index] += delta
    flat[key] = a
    return unflatten_params(flat)


def finite_difference(model, src_ids, tgt_ids, key, index, h):
    """dL/dtheta ~ (L(theta + h) - L(theta - h)) / (2 h) for theta = params[key][index]."""
    if not h > 0:
        raise ValueError(f"finite_difference needs a step h > 0, got h={h!r}")
    up, down = (pair_loss(perturbed(model.params, key, index, s * h), model.config, src_ids,
                          tgt_ids) for s in (1.0, -1.0))
    return (up - down) / (2 * h)


def loss_along(model, src_ids, tgt_ids, key, index, offsets):
    """L(theta + e) for each offset e of the one parameter params[key][index] -> [len(offsets)]."""
    return np.array([pair_loss(perturbed(model.params, key, index, float(e)), model.config,
                               src_ids, tgt_ids) for e in offsets])


def groups(config):
    """The parameter groups of the blame chart, in data-flow order -> [(name, key prefixes)].

    Embeddings, per encoder layer its self-attention, FFN and layer norms, per decoder layer its
    self-attention, cross-attention, FFN and layer norms, and the generator."""
    out = [("src_embed", ("src_embed",)), ("tgt_embed", ("tgt_embed",))]
    for side, n, blocks in (("encoder", config.n_encoder_layers, ("self_attn", "ffn")),
                            ("decoder", config.n_decoder_layers,
                             ("self_attn", "cross_attn", "ffn"))):
        lns = ("ln1", "ln2") if side == "encoder" else ("ln1", "ln2", "ln3")
        for i in range(n):
            out += [(f"{side}.{i}.{b}", (f"{side}.{i}.{b}.",)) for b in blocks]
            out.append((f"{side}.{i}.ln", tuple(f"{side}.{i}.{ln}." for ln in lns)))
    out.append(("generator", ("generator.",)))
    return out


def group_of(config, key):
    """The name of the blame chart's group that holds the parameter ``key``."""
    for name, prefixes in groups(config):
        if key in prefixes or key.startswith(prefixes):
            return name
    raise ValueError(f"no parameter group holds {key!r}; the groups are "
                     f"{', '.join(n for n, _ in groups(config))}")


def blame(grads, config):
    """|gradient| per parameter group -> [{'name', 'size' (parameters), 'abs' (|g|, largest
    first), 'max', 'share' (of the squared gradient norm ||g||^2)}], in data-flow order."""
    flat = flatten_params(grads)
    total = sum(float(np.sum(g * g)) for g in flat.values())
    rows = []
    for name, prefixes in groups(config):
        parts = [g.ravel() for k, g in flat.items() if group_of(config, k) == name]
        a = np.sort(np.abs(np.concatenate(parts)))[::-1]  # [size]
        rows.append({"name": name, "size": int(a.size), "abs": a, "max": float(a[0]),
                     "share": float(np.sum(a * a)) / total})
    return rows


def top_parameters(grads, k):
    """The k scalars of largest |gradient| -> [(key, index, gradient)], largest first (ties:
    the earlier parameter first)."""
    flat = flatten_params(grads)
    keys = list(flat)
    values = np.concatenate([flat[key].ravel() for key in keys])  # [all parameters]
    owner = np.concatenate([np.full(flat[key].size, n) for n, key in enumerate(keys)])
    starts = np.cumsum([0] + [flat[key].size for key in keys])
    order = np.argsort(-np.abs(values), kind="stable")[:k]
    out = []
    for pos in order:
        key = keys[owner[pos]]
        index = np.unravel_index(int(pos - starts[owner[pos]]), flat[key].shape)
        out.append((key, tuple(int(i) for i in index), float(values[pos])))
    return out


def token_of(model, key, index):
    """The token a parameter belongs to, if any: a row of an embedding table, a column of the
    generator (the score of that token) -> str or None."""
    if key == "src_embed":
        return model.src_vocab[index[0]]
    if key == "tgt_embed":
        return model.tgt_vocab[index[0]]
    if key in ("generator.w", "generator.b"):
        return model.tgt_vocab[index[-1]]
    return None


def sgd_step(params, grads, lr):
    """Plain gradient descent: theta_new = theta - lr * dL/dtheta for every parameter."""
    if not lr > 0:
        raise ValueError(f"sgd_step needs a learning rate lr > 0, got lr={lr!r}")
    return map_params(lambda p, g: p - lr * g, params, grads)


def update(model, src_ids, tgt_ids, lr):
    """One SGD step on the pair -> dict: loss before and after, ||g||^2, the first-order
    prediction loss - lr ||g||^2, and the new parameter tree."""
    loss, grads = loss_and_grads(model.params, model.config, src_ids, tgt_ids)
    new = sgd_step(model.params, grads, lr)
    sq = sum(float(np.sum(g * g)) for g in flatten_params(grads).values())
    after = pair_loss(new, model.config, src_ids, tgt_ids)
    return {"before": loss, "after": after, "grad_sq": sq, "predicted": loss - lr * sq,
            "params": new, "grads": grads}
