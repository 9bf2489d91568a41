"""The self-attention scene: every number it shows equals an independently computed value.

The oracle below recomputes the head from the model's raw weights with plain numpy (embedding
rows, the paper's PE formula, column slices of w_q/w_k/w_v, dot products, exponentials), never
through the reference's attention code or the scene's helpers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenes import strings
from scenes.kit import Heatmap
from scenes.kit.numbers import fmt
from scenes.reference import load_model
from scenes.self_attention import SelfAttention
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    subtitles,
    watched,
)

SECTIONS = ["title", "cabinet", "input", "proj", "qkv", "scores", "softmax", "weights",
            "output", "formula"]
PAPER_BASE = 10000.0


def pe_oracle(n, d):
    pe = np.zeros((n, d))
    for pos in range(n):
        for i in range(0, d, 2):
            pe[pos, i] = math.sin(pos / PAPER_BASE ** (i / d))
            pe[pos, i + 1] = math.cos(pos / PAPER_BASE ** (i / d))
    return pe


def head_oracle(words, head=SelfAttention.head):
    """One head of the first encoder layer, from the raw weights."""
    model = load_model()
    d, n_heads = model.config.d_model, model.config.n_heads
    d_k = d // n_heads
    ids = [model.src_vocab.index(w) for w in words]
    n = len(ids)
    x = np.array([model.params["src_embed"][t] for t in ids]) * math.sqrt(d) + pe_oracle(n, d)
    p = model.params["encoder"][0]["self_attn"]
    cols = list(range(head * d_k, (head + 1) * d_k))
    w = {m: p[f"w_{m}"][:, cols] for m in "qkv"}
    b = {m: p[f"b_{m}"][cols] for m in "qkv"}
    q, k, v = (x @ w[m] + b[m] for m in "qkv")
    dots = np.array([[sum(q[i, c] * k[j, c] for c in range(d_k)) for j in range(n)]
                     for i in range(n)])
    scores = dots / math.sqrt(d_k)
    e = np.exp(scores)
    weights = e / e.sum(axis=1, keepdims=True)
    z = np.array([sum(weights[i, j] * v[j] for j in range(n)) for i in range(n)])
    return {"model": model, "d": d, "H": n_heads, "d_k": d_k, "n": n, "x": x, "p": p,
            "cols": cols, "w": w, "b": b, "q": q, "k": k, "v": v, "dots": dots,
            "scores": scores, "e": e, "weights": weights, "z": z}


def expected_values(words):
    o = head_oracle(words)
    S = SelfAttention
    d, H, d_k, n = o["d"], o["H"], o["d_k"], o["n"]
    h, i, j = S.head, S.focus % n, S.score_key % n
    lo, hi = o["cols"][0], o["cols"][-1]
    root = math.sqrt(d_k)
    exp = {
        "subtitle:self_attention.input.say1": [n, d],
        "input.x": o["x"],
        "self_attention.input.shape": [n, d],
        "subtitle:self_attention.input.say2": [h, H, d_k],
        "self_attention.input.head": [h],
        "input.d_k": [d, H, d_k],
        "subtitle:self_attention.proj.say1": [d],
        "self_attention.proj.full_shape": [d],
        "subtitle:self_attention.proj.say2": [h, lo, hi, d_k],
        "self_attention.proj.slice": [lo, hi],
        "self_attention.proj.slice_shape": [d, d_k],
        "subtitle:self_attention.proj.say3": [d, d_k],
        "qkv.q": o["q"], "qkv.k": o["k"], "qkv.v": o["v"],
        "self_attention.qkv.shape": [n, d_k],
        "subtitle:self_attention.qkv.say2": [n, d_k],
        "scores.q": o["q"], "scores.k": o["k"], "scores.s": o["scores"],
        "scores.scale": [d_k, root],
        "subtitle:self_attention.scores.say2": [o["dots"][i, j], root, o["scores"][i, j]],
        "self_attention.scores.worked": [o["dots"][i, j], root, o["scores"][i, j]],
        "subtitle:self_attention.scores.say3": [n],
        "softmax.s": o["scores"],
        "softmax.table": np.stack([o["scores"][i], o["e"][i], o["weights"][i]], axis=1),
        "subtitle:self_attention.softmax.say2": [o["e"][i].sum(), o["weights"][i].sum()],
        "softmax.sum": o["e"][i].sum(),
        "softmax.weight_sum": o["weights"][i].sum(),
        "softmax.weights": o["weights"],
        "weights.heatmap": o["weights"],
        "subtitle:self_attention.weights.say2": [o["weights"][i].max()],
        "weights.row_sums": o["weights"].sum(axis=1),
        "output.weights": o["weights"][i][:, None],
        "output.v": o["v"],
        "output.terms": o["weights"][i][:, None] * o["v"],
        "output.z_row": o["z"][i],
        "subtitle:self_attention.output.say3": [n, d_k],
        "output.z": o["z"],
        "subtitle:self_attention.output.say4": [H],
        "formula.q": o["q"], "formula.k": o["k"], "formula.v": o["v"],
        "subtitle:self_attention.formula.say2": [d_k, root],
    }
    for m in "qkv":
        exp[f"proj.w_{m}"] = o["p"][f"w_{m}"]
        exp[f"proj.w_{m}.head"] = o["w"][m]
        exp[f"proj.b_{m}.head"] = o["b"][m]
    return exp


def check_against_oracle(scene):
    expected = expected_values(scene.words)
    assert_shows_exactly(scene, expected)


Watched = watched(SelfAttention, blocks=(Heatmap,))


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_the_oracle_is_the_trained_models_trace(zh_dark):
    """The hand-computed head equals the model's forward trace (so the scene shows the model)."""
    from scenes.reference import encode
    o = head_oracle(zh_dark.words)
    model = o["model"]
    _, trace = encode(model.params, model.config, model.src_ids(" ".join(zh_dark.words)))
    t = trace["encoder"][0]["self_attn"]
    h = SelfAttention.head
    for key, mine in (("q", o["q"]), ("k", o["k"]), ("v", o["v"]), ("scores", o["scores"]),
                      ("weights", o["weights"]), ("heads", o["z"])):
        np.testing.assert_allclose(t[key][h], mine, atol=1e-10, err_msg=key)


def test_the_weights_subtitle_names_the_strongest_key(zh_dark):
    o = head_oracle(zh_dark.words)
    i = SelfAttention.focus % o["n"]
    j = int(np.argmax(o["weights"][i]))
    text = strings.t("self_attention.weights.say2", "zh", a=zh_dark.words[i], b=zh_dark.words[j],
                     w=fmt(o["weights"][i, j], SelfAttention.decimals))
    assert text in subtitles(zh_dark)


def test_nothing_overlaps_or_leaves_the_frame(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_english_on_light(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert scene.layout == []
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(Watched, lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert scene.layout == []
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("self_attention")
