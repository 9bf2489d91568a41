"""The Add & Norm scene: every number it shows equals an independently computed value.

The oracle reads assets/tiny_transformer.npz with plain numpy and recomputes the first encoder
layer's self-attention (embedding rows, the paper's PE formula, per-head softmax), the residual
sum, LayerNorm with the usual eps, and the sublayer's Jacobian by central finite differences;
never through the scene's helpers or scenes/reference/add_norm.py.
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np
import pytest

from scenes.add_and_norm import AddAndNorm
from scenes.reference.data import ASSETS
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_values,
    built_once,
    records,
    watched,
)

SECTIONS = ["title", "place", "add", "stats", "norm", "affine", "shared", "grad", "keep"]
PAPER_BASE = 10000.0
EPS = 1e-5  # LayerNorm's usual eps (PyTorch's default too)
GAMMA0, BETA0 = 1.0, 0.0  # LayerNorm starts as the identity: gamma ones, beta zeros
STEP = 1e-6  # finite-difference step of the Jacobian oracle
FD_NAMES = {"grad.jacobian", "grad.residual", "grad.scale.max", "grad.scale.min",
            "add_and_norm.grad.diag", "add_and_norm.grad.gain", "subtitle:add_and_norm.grad.say3"}


@functools.lru_cache(maxsize=1)
def saved():
    with np.load(ASSETS / "tiny_transformer.npz", allow_pickle=False) as z:
        config = json.loads(str(z["config"]))
        src_vocab = [str(t) for t in z["src_vocab"]]
        weights = {k: np.array(z[k]) for k in z.files
                   if k not in ("config", "src_vocab", "tgt_vocab")}
    return config, src_vocab, weights


def mha(x, w, h):
    """Multi-head self-attention written out: per head softmax(q k^T / sqrt(d_k)) v, then W_O."""
    d = x.shape[1]
    d_k = d // h
    q, k, v = (x @ w[f"w_{m}"] + w[f"b_{m}"] for m in "qkv")
    heads = []
    for head in range(h):
        c = slice(head * d_k, (head + 1) * d_k)
        scores = q[:, c] @ k[:, c].T / math.sqrt(d_k)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        heads.append((e / e.sum(axis=1, keepdims=True)) @ v[:, c])
    return np.concatenate(heads, axis=1) @ w["w_o"] + w["b_o"]


def oracle(words, layer=AddAndNorm.layer, focus=AddAndNorm.focus):
    config, src_vocab, weights = saved()
    d, h = config["d_model"], config["n_heads"]
    ids = [src_vocab.index(w) for w in words]
    n = len(ids)
    pe = np.zeros((n, d))
    for pos in range(n):
        for c in range(0, d, 2):
            pe[pos, c] = math.sin(pos / PAPER_BASE ** (c / d))
            pe[pos, c + 1] = math.cos(pos / PAPER_BASE ** (c / d))
    x = weights["src_embed"][ids] * math.sqrt(d) + pe
    assert layer == 0, "the oracle follows the first layer (its input is embedding + PE)"
    w = {m: weights[f"encoder.{layer}.self_attn.{m}"]
         for m in ("w_q", "w_k", "w_v", "w_o", "b_q", "b_k", "b_v", "b_o")}
    gamma = weights[f"encoder.{layer}.ln1.gamma"]
    beta = weights[f"encoder.{layer}.ln1.beta"]
    f = mha(x, w, h)
    s = x + f
    mean = np.array([sum(row) / d for row in s])
    var = np.array([sum((v - m) ** 2 for v in row) / d for row, m in zip(s, mean)])
    std = np.sqrt(var + EPS)
    x_hat = (s - mean[:, None]) / std[:, None]
    y = gamma * x_hat + beta
    jac = np.zeros((n * d, n * d))
    for col in range(n * d):
        e = np.zeros(n * d)
        e[col] = STEP
        e = e.reshape(n, d)
        jac[:, col] = ((mha(x + e, w, h) - mha(x - e, w, h)) / (2 * STEP)).ravel()
    i = focus % n
    blk = jac[i * d:(i + 1) * d, i * d:(i + 1) * d]
    res_blk = blk + np.eye(d)

    def cos(a, b):
        return np.array([u @ v / np.linalg.norm(u) / np.linalg.norm(v) for u, v in zip(a, b)])

    return {"config": config, "d": d, "n": n, "i": i, "x": x, "f": f, "s": s, "mean": mean,
            "var": var, "std": std, "x_hat": x_hat, "y": y, "gamma": gamma, "beta": beta,
            "jac": jac, "blk": blk, "res_blk": res_blk,
            "gain": np.linalg.norm(jac) / math.sqrt(n * d),
            "res_gain": np.linalg.norm(jac + np.eye(n * d)) / math.sqrt(n * d),
            "cos": np.stack([cos(x, y), cos(f, y), cos(x, f)], axis=1)}


def expected_values(words):
    o = oracle(words)
    d, n, i, layers = o["d"], o["n"], o["i"], o["config"]["n_encoder_layers"]
    mean_i, var_i, std_i = o["mean"][i], o["var"][i], o["std"][i]
    xh = o["x_hat"][i]
    new = [xh.sum() / d, ((xh - xh.mean()) ** 2).sum() / d]
    stats = np.stack([o["mean"], o["var"]], axis=1)
    g, b = o["gamma"], o["beta"]
    span = [g.min(), g.max(), b.min(), b.max()]
    lim = np.abs(o["res_blk"]).max()
    diags = Each([np.mean(np.diag(o["blk"]))], [np.mean(np.diag(o["res_blk"]))])
    return {
        "add_and_norm.place.times": [layers],
        "subtitle:add_and_norm.place.say2": [layers, d],
        "subtitle:add_and_norm.add.say1": [n, d],
        "add.x": o["x"], "add.f": o["f"], "add.s": o["s"],
        "add_and_norm.add.shape": [n, d],
        "subtitle:add_and_norm.stats.say1": [d],
        "add_and_norm.stats.features": [d],
        "stats.s_row": o["s"][i],
        "subtitle:add_and_norm.stats.say2": [mean_i, var_i],
        "add_and_norm.stats.mean": [mean_i],
        "add_and_norm.stats.var": [var_i],
        "stats.table": stats,
        "subtitle:add_and_norm.norm.say1": [EPS],
        "add_and_norm.norm.eps": [EPS],
        "norm.s_row": o["s"][i],
        "subtitle:add_and_norm.norm.say2": [std_i],
        "norm.worked": [mean_i, var_i, std_i],
        "subtitle:add_and_norm.norm.say3": new,
        "norm.x_hat_row": xh,
        "add_and_norm.norm.result": Each([mean_i, var_i], new),
        "subtitle:add_and_norm.affine.say1": [d],
        "affine.x_hat": xh, "affine.gamma": g, "affine.beta": b,
        "subtitle:add_and_norm.affine.say2": [GAMMA0, BETA0, *span],
        "add_and_norm.affine.range": span,
        "affine.y": o["y"][i],
        "shared.own": stats,
        "subtitle:add_and_norm.shared.say2": [d, 2 * d],
        "add_and_norm.shared.params": [d, 2 * d],
        "shared.y": o["y"],
        "subtitle:add_and_norm.grad.say2": [d],
        "grad.jacobian": o["blk"],
        "grad.residual": o["res_blk"],
        "add_and_norm.grad.block": [d],
        "grad.scale.max": lim,
        "grad.scale.min": -lim,
        "add_and_norm.grad.diag": diags,
        "subtitle:add_and_norm.grad.say3": [o["gain"], o["res_gain"]],
        "add_and_norm.grad.gain": Each([o["gain"]], [o["res_gain"]]),
        "keep.cos": o["cos"],
        "subtitle:add_and_norm.keep.say2": [o["cos"][i, 0], o["cos"][i, 1]],
        "subtitle:add_and_norm.keep.say3": [o["cos"][i, 2]],
    }


def check_against_oracle(scene):
    expected = expected_values(scene.words)
    shown = set(records(scene))
    assert shown == set(expected), (f"shown without an expected value: {shown - set(expected)}; "
                                    f"expected but not shown: {set(expected) - shown}")
    for name, value in expected.items():
        assert_values(scene, name, value, atol=1e-6 if name in FD_NAMES else 1e-9)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(watched(AddAndNorm), media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_nothing_leaves_the_frame_or_overlaps(zh_dark):
    assert zh_dark.layout == []


def test_the_oracle_is_the_models_post_ln_add_norm(zh_dark):
    """The hand-computed y is the trained model's own first Add & Norm (post-LN, as drawn)."""
    from scenes.reference import encode, load_model
    o = oracle(zh_dark.words)
    model = load_model()
    _, trace = encode(model.params, model.config, model.src_ids(" ".join(zh_dark.words)))
    layer = trace["encoder"][AddAndNorm.layer]
    np.testing.assert_allclose(layer["self_attn"]["out"], o["f"], atol=1e-10)
    np.testing.assert_allclose(layer["add_norm1"], o["y"], atol=1e-10)
    assert not np.allclose(layer["add_norm1"], o["x"] + o["f"])  # the sum is normalised


def test_every_token_its_own_statistics(zh_dark):
    o = oracle(zh_dark.words)
    assert len(set(np.round(o["mean"], 6))) == o["n"]
    assert len(set(np.round(o["var"], 6))) == o["n"]
    np.testing.assert_allclose(o["x_hat"].mean(axis=1), 0.0, atol=1e-12)


def test_the_residual_lifts_the_gradient(zh_dark):
    o = oracle(zh_dark.words)
    assert o["res_gain"] > o["gain"]
    np.testing.assert_allclose(np.diag(o["res_blk"]) - np.diag(o["blk"]), 1.0)


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_english_on_light(build_scene):
    scene = build_scene(watched(AddAndNorm), lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert scene.layout == []
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(watched(AddAndNorm), lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert scene.layout == []
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("add_and_norm")
