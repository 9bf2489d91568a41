"""The backpropagation scene: every number it shows equals an independently computed value.

The oracle is the plain-numpy decoder of tests/scenes/oracle.py (the raw weights of
assets/tiny_transformer.npz and the paper's formulas written out again), the pair read from
assets/corpus.tsv, and every gradient of the chain by central differences of the loss with
respect to that tensor, recomputed from the tensor onwards; the weights' gradients are those
differences times their inputs, checked again by moving the weight. Only the blame chart,
which needs all of the model's gradients, takes them from the hand-written backward pass
(itself checked against finite differences in tests/reference/test_backward.py), grouped and
sorted here, and spot-checked by finite differences.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

from scenes import strings
from scenes.backpropagation import Backpropagation
from scenes.reference import flatten_params, load_model, loss_and_grads
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    records,
    subtitles,
    watched,
)
from tests.scenes.oracle import corpus_target, decoder_trace, forward, norm, saved

SECTIONS = ["title", "forward", "chain", "weights", "check", "blame", "update"]
BOS, EOS = 1, 2
FD = 1e-6  # the oracle's own central-difference step for the chain's tensors




def softmax_rows(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def loss_of(w, src, tgt_in, tgt_out):
    logits, _ = forward(src, tgt_in, w)
    return float(-np.mean(np.log(softmax_rows(logits)[np.arange(len(tgt_out)), tgt_out])))


def greedy(src, max_len=20):
    tgt_vocab = saved()[2]
    prefix = [BOS]
    for _ in range(max_len):
        logits, _ = forward(src, prefix)
        nxt = int(np.argmax(logits[-1]))
        if nxt == EOS:
            break
        prefix.append(nxt)
    return [tgt_vocab[i] for i in prefix[1:]]


def numeric(fn, x):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += FD
        down[idx] -= FD
        g[idx] = (fn(up) - fn(down)) / (2 * FD)
    return g


def moved(w, key, index, delta):
    out = dict(w)
    out[key] = w[key].copy()
    out[key][index] += delta
    return out


@functools.lru_cache(maxsize=4)
def oracle(words: tuple):
    config, src_vocab, tgt_vocab, w = saved()
    b = Backpropagation
    target = corpus_target(words)
    from_corpus = target is not None
    src = [src_vocab.index(t) for t in words]
    if not from_corpus:
        target = greedy(src)
    tgt = [tgt_vocab.index(t) for t in target]
    tgt_in, tgt_out = [BOS] + tgt, tgt + [EOS]
    n = len(tgt_out)
    _, layers = decoder_trace(src, tgt_in)
    last = layers[-1]
    p = f"decoder.{config['n_decoder_layers'] - 1}"
    logits = last["out"] @ w["generator.w"] + w["generator.b"]
    probs = softmax_rows(logits)
    p_correct = probs[np.arange(n), tgt_out]
    loss = float(-np.mean(np.log(p_correct)))

    def from_z(z):
        return float(-np.mean(np.log(softmax_rows(z)[np.arange(n), tgt_out])))

    def from_y(y):
        return from_z(y @ w["generator.w"] + w["generator.b"])

    def from_f(f):
        return from_y(norm(last["b"] + f, w, f"{p}.ln3"))

    def from_h(h):
        return from_f(h @ w[f"{p}.ffn.w2"] + w[f"{p}.ffn.b2"])

    def from_u(u):
        return from_h(np.maximum(0, u))

    def from_b(x):
        hidden = np.maximum(0, x @ w[f"{p}.ffn.w1"] + w[f"{p}.ffn.b1"])
        return from_y(norm(x + hidden @ w[f"{p}.ffn.w2"] + w[f"{p}.ffn.b2"], w, f"{p}.ln3"))

    def from_c(c):
        return from_b(norm(last["a"] + c, w, f"{p}.ln2"))

    g = {"z": numeric(from_z, logits), "y": numeric(from_y, last["out"]),
         "f": numeric(from_f, last["f"]), "h": numeric(from_h, last["h"]),
         "u": numeric(from_u, last["u"]), "b": numeric(from_b, last["b"]),
         "c": numeric(from_c, last["c"])}
    tracked = {}
    for name, key, x, d in (("generator", "generator.w", last["out"], g["z"]),
                            ("ffn", f"{p}.ffn.w1", last["b"], g["u"]),
                            ("attention", f"{p}.cross_attn.w_o", last["concat"], g["c"])):
        grad = x.T @ d  # dL/dW = x^T dL/dout
        i, j = np.unravel_index(int(np.argmax(np.abs(grad))), grad.shape)
        h = b.fd_step
        fd = (loss_of(moved(w, key, (i, j), h), src, tgt_in, tgt_out)
              - loss_of(moved(w, key, (i, j), -h), src, tgt_in, tgt_out)) / (2 * h)
        tracked[name] = {"key": key, "index": (int(i), int(j)), "x": x[:, i], "d": d[:, j],
                         "grad": float(grad[i, j]), "fd": fd, "value": w[key][i, j]}
    gen = tracked["generator"]
    offsets = np.linspace(-b.curve_reach, b.curve_reach, b.curve_points)
    curve = np.array([loss_of(moved(w, gen["key"], gen["index"], e), src, tgt_in, tgt_out)
                      for e in offsets])
    # every gradient, for the blame chart and the SGD step: the hand-written backward pass
    model = load_model()
    _, grads = loss_and_grads(model.params, model.config, src, tgt)
    flat = flatten_params(grads)
    # the SGD step on every parameter, and the forward pass after it
    w_new = {k: w[k] - b.lr * flat[k] for k in w}
    logits_new, _ = forward(src, tgt_in, w_new)
    p_after = softmax_rows(logits_new)[np.arange(n), tgt_out]
    sq = sum(float(np.sum(v * v)) for v in flat.values())
    return {"from_corpus": from_corpus, "target": target, "src": src, "tgt_in": tgt_in,
            "tgt_out": tgt_out, "n": n, "p": p_correct, "nll": -np.log(p_correct),
            "loss": loss, "g": g, "tracked": tracked, "offsets": offsets, "curve": curve,
            "flat": flat, "p_after": p_after, "loss_after": float(-np.mean(np.log(p_after))),
            "sq": sq, "w": w}


def group_name(key):
    """The chart's group of a parameter, from its name: embeddings, per layer attention /
    FFN / the layer norms together, the generator."""
    parts = key.split(".")
    if parts[0] in ("src_embed", "tgt_embed", "generator"):
        return parts[0]
    block = "ln" if parts[2].startswith("ln") else parts[2]
    return f"{parts[0]}.{parts[1]}.{block}"


def blame_oracle(flat, config):
    names = (["src_embed", "tgt_embed"]
             + [f"encoder.{i}.{b}" for i in range(config["n_encoder_layers"])
                for b in ("self_attn", "ffn", "ln")]
             + [f"decoder.{i}.{b}" for i in range(config["n_decoder_layers"])
                for b in ("self_attn", "cross_attn", "ffn", "ln")] + ["generator"])
    total = sum(float(np.sum(g * g)) for g in flat.values())
    rows = []
    for name in names:
        a = np.concatenate([np.abs(g).ravel() for k, g in flat.items() if group_name(k) == name])
        rows.append((name, -np.sort(-a), float(np.sum(a * a)) / total))
    return rows


def expected_values(words):
    o = oracle(tuple(words))
    config, _, tgt_vocab, _ = saved()
    b = Backpropagation
    n, v, d, d_ff = o["n"], len(tgt_vocab), config["d_model"], config["d_ff"]
    t = o["tracked"]
    loss = o["loss"]
    norms = [float(np.sqrt(np.sum(o["g"][s] ** 2))) for s in "zyfhbc"]
    sums = [float(np.sum(t[k]["x"] * t[k]["d"])) for k in ("generator", "ffn", "attention")]
    table = np.array([[t[k]["grad"], t[k]["fd"]] for k in ("generator", "ffn", "attention")])
    rows = blame_oracle(o["flat"], config)
    vmax = max(r[1][0] for r in rows)
    assert vmax > 0
    every = sorted(((k, idx, float(g[idx])) for k, g in o["flat"].items()
                    for idx in np.ndindex(g.shape)), key=lambda e: -abs(e[2]))[:b.top_k]
    best = max(rows, key=lambda r: r[2])
    key0, _, g0 = every[0]
    top_word = key0 in ("src_embed", "tgt_embed", "generator.w", "generator.b")  # a token's
    after = [t[k]["value"] - b.lr * t[k]["grad"] for k in ("generator", "ffn", "attention")]
    exp = {
        "forward.table": np.stack([o["p"], o["nll"]]),
        "backpropagation.forward.outputs": [n, v],
        "subtitle:backpropagation.forward.say3": [n, loss],
        "forward.loss": [n, loss],
        "backpropagation.chain.loss": [loss],
        "backpropagation.chain.norm": Each(*([x] for x in norms)),
        "backpropagation.chain.shape": Each([n, v], [n, d], [n, d], [n, d_ff], [n, d], [n, d]),
        "backpropagation.weights.sum": Each(*([s] for s in sums)),
        "subtitle:backpropagation.weights.say3": [sums[0]],
        "subtitle:backpropagation.weights.say4": [sums[2]],
        "backpropagation.check.h": [b.fd_step],
        "check.table": table,
        "check.diff": Each(*np.abs(table[:, 0] - table[:, 1])),
        "subtitle:backpropagation.check.say2": [np.abs(table[:, 0] - table[:, 1]).max()],
        "check.curve": np.concatenate([np.stack([o["offsets"], o["curve"]]), [[0.0], [loss]]],
                                      axis=1),
        "subtitle:backpropagation.blame.say1": [sum(g.size for g in o["flat"].values()),
                                                b.strip_cells],
        "backpropagation.blame.col_strip": [b.strip_cells],
        "blame.strip": Each(*(r[1][None, :b.strip_cells] for r in rows)),
        "blame.max": Each(*(r[1][0] for r in rows)),
        "backpropagation.blame.share": Each(*([100 * r[2]] for r in rows)),
        "backpropagation.blame.top": [b.top_k],
        f"subtitle:backpropagation.blame.say2{'_token' if top_word else ''}": [g0],
        "subtitle:backpropagation.blame.say3": [100 * best[2]],
        "subtitle:backpropagation.update.say1": [b.lr],
        "update.rule": [b.lr],
        "update.weights": np.array([[t[k]["value"], t[k]["grad"], a]
                                    for k, a in zip(("generator", "ffn", "attention"), after)]),
        "update.p": np.stack([o["p"], o["p_after"]]),
        "backpropagation.update.loss_before": [loss],
        "backpropagation.update.loss_after": [o["loss_after"]],
        f"subtitle:backpropagation.update.say3{'' if o['loss_after'] < loss else '_up'}":
            [loss, o["loss_after"]],
        "subtitle:backpropagation.update.say4": [loss - b.lr * o["sq"]],
        "backpropagation.update.estimate": [loss - b.lr * o["sq"]],
    }
    for name in ("generator", "ffn", "attention"):
        i, j = t[name]["index"]
        exp[f"backpropagation.weights.{name}"] = [i, j]
        exp[f"weights.{name}"] = np.stack([t[name]["x"], t[name]["d"],
                                           t[name]["x"] * t[name]["d"]])
        exp[f"backpropagation.check.{name}"] = Each([i, j], [i, j])  # in check and update
    by_dims = {}
    for key, idx, g in every:
        by_dims.setdefault(len(idx), []).append([*idx, g])
    for dims, values in by_dims.items():
        exp[f"backpropagation.blame.param{dims}"] = Each(*values)
    return exp


def check_against_oracle(scene):
    # the chain's gradients come from finite differences: their error is about 1e-9
    assert_shows_exactly(scene, expected_values(scene.words), atol=1e-8)


Watched = watched(Backpropagation)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_the_oracle_is_the_reference_model(zh_dark):
    """The oracle's loss and probabilities are the reference's forward pass."""
    o = oracle(tuple(zh_dark.words))
    np.testing.assert_allclose(zh_dark.fwd["p_correct"], o["p"], atol=1e-12)
    assert zh_dark.loss == pytest.approx(o["loss"], abs=1e-12)


def test_backprop_and_finite_differences_agree(zh_dark):
    (table,) = records(zh_dark)["check.table"]
    values = np.asarray(table.source)
    np.testing.assert_allclose(values[:, 0], values[:, 1], atol=1e-8, rtol=1e-6)
    assert np.all(np.abs(values[:, 0]) > 1e-4)  # real gradients, not zeros
    # shown with so many places that both columns read the same
    for i in range(values.shape[0]):
        assert table.cells[(i, 0)] == table.cells[(i, 1)]


def test_the_tracked_weights_are_the_largest_of_their_matrices(zh_dark):
    """Each of the three weights has the largest |gradient| of its matrix."""
    o = oracle(tuple(zh_dark.words))
    for name, t in o["tracked"].items():
        g = o["flat"][t["key"]]
        assert abs(g[t["index"]]) == pytest.approx(np.abs(g).max(), abs=1e-12), name
        assert t["grad"] == pytest.approx(g[t["index"]], abs=1e-8)


def test_the_most_to_blame_parameter_by_finite_differences(zh_dark):
    o = oracle(tuple(zh_dark.words))
    key, index, g = zh_dark.top[0]
    h = Backpropagation.fd_step
    w = o["w"]
    fd = (loss_of(moved(w, key, index, h), o["src"], o["tgt_in"], o["tgt_out"])
          - loss_of(moved(w, key, index, -h), o["src"], o["tgt_in"], o["tgt_out"])) / (2 * h)
    assert fd == pytest.approx(g, abs=1e-8)


def test_the_pair_is_the_corpus_translation(zh_dark):
    target = corpus_target(zh_dark.words)
    assert zh_dark.tgt == target
    said = strings.t("backpropagation.forward.say1", "zh", src=" ".join(zh_dark.words),
                     tgt=" ".join(target))
    assert said in subtitles(zh_dark)


def test_the_step_says_plain_sgd_and_the_loss_falls(zh_dark):
    o = oracle(tuple(zh_dark.words))
    assert o["loss_after"] < o["loss"]
    assert any("SGD" in s for s in subtitles(zh_dark))


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_layout_zh(zh_dark):
    assert zh_dark.layout == []


def test_english_on_light_with_another_sentence(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert scene.words == tuple(OTHER_SENTENCE.split())
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert_shown_faithfully(scene)
    check_against_oracle(scene)
    assert scene.layout == []


def test_a_sentence_outside_the_corpus_trains_on_the_models_translation(build_scene):
    words = "猫 爱 学习"
    assert corpus_target(words.split()) is None
    scene = build_scene(Backpropagation, sentence=words, steps="forward")
    o = oracle(tuple(words.split()))
    assert not o["from_corpus"] and scene.tgt == o["target"]
    said = strings.t("backpropagation.forward.say1_model", "zh", src=words,
                     tgt=" ".join(o["target"]))
    assert said in subtitles(scene)
    (table,) = records(scene)["forward.table"]
    np.testing.assert_allclose(table.source, np.stack([o["p"], o["nll"]]), atol=1e-12)
    assert math.isfinite(o["loss"])


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("backpropagation")
