"""The cross-attention scene: every number it shows equals an independently computed value.

The oracle below runs the tiny Transformer with plain numpy from assets/tiny_transformer.npz
(embedding rows, the paper's PE formula, per-head column slices, loops for the heads, post-LN),
decodes greedily itself, and computes the temperature softmaxes and entropies by hand: never
through the scene, the reference's model or attention code, or scenes/reference/temperature.py.
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np
import pytest

from scenes import strings
from scenes.cross_attention import CrossAttention
from scenes.kit.mobjects import Heatmap
from scenes.kit.numbers import fmt
from scenes.reference import cross_attention as reference_cross_attention
from scenes.reference import load_model
from scenes.reference.data import ASSETS
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
from tests.scenes.oracle import forward
from tests.scenes.oracle import saved as oracle_saved

SECTIONS = ["title", "where", "align", "heads", "logits", "temps", "limits"]
OTHER = "猫 坐 在 垫子 上"


Watched = watched(CrossAttention, blocks=(Heatmap,))


# ---------------------------------------------------------------- the saved files, read plainly
@functools.lru_cache(maxsize=1)
def saved():
    """The oracle's (config, src_vocab, tgt_vocab, weights) and the training log."""
    log = json.loads((ASSETS / "training_log.json").read_text(encoding="utf-8"))
    return (*oracle_saved(), log)


@functools.cache
def oracle(words):
    """Greedy translation (decoding loop written here) and the last pass's logits and weights."""
    _, src_vocab, tgt_vocab, _, _ = saved()
    src = [src_vocab.index(t) for t in words]
    tgt_in = [tgt_vocab.index("<bos>")]
    for _ in range(20):
        logits, _ = forward(src, tgt_in)
        nxt = int(np.argmax(logits[-1]))
        if tgt_vocab[nxt] == "<eos>":
            break
        tgt_in.append(nxt)
    logits, cross = forward(src, tgt_in)
    return [tgt_vocab[i] for i in tgt_in[1:]], logits, cross


def probs(z, t):
    e = np.exp((z - z.max()) / t)
    return e / e.sum()


def nats(p):
    return -sum(q * math.log(q) for q in np.ravel(p) if q > 0)


def expected_values(words):
    config, _, tgt_vocab, _, log = saved()
    S = CrossAttention
    tgt, logits, cross = oracle(tuple(words))
    n, m, h, d = len(words), len(tgt) + 1, config["n_heads"], config["d_model"]
    layers = config["n_decoder_layers"]
    heads = cross[S.layer][:, : len(tgt)]  # rows predicting the translation's words
    mean = heads.mean(axis=0)
    compared = cross[S.heads_layer][:, : len(tgt)]  # the layer whose heads are compared
    h_heads = np.array([np.mean([nats(row) for row in compared[k]]) for k in range(h)])
    steps_h = [nats(probs(z, 1.0)) for z in logits]
    s = int(np.argmax(steps_h))
    z = logits[s]
    v = len(tgt_vocab)
    top = sorted(range(v), key=lambda i: -z[i])[: S.top_k]
    temps = list(S.temperatures)
    ps = [probs(z, t) for t in temps]
    hs = [nats(p) for p in ps]
    lo_t, hi_t = min(temps), max(temps)
    ts = np.linspace(*S.curve_t, S.curve_points)
    curve = [nats(probs(z, t)) for t in ts]
    x_top, y_top = math.ceil(S.curve_t[1]), math.ceil(math.log(v))
    g = log["config"]["align_weight"]
    exp = {
        # where
        "cross_attention.where.encoder": [config["n_encoder_layers"]],
        "cross_attention.where.memory": [n, d],
        "cross_attention.where.y": [m, d],
        "subtitle:cross_attention.where.say2": [m],
        "subtitle:cross_attention.where.say3": [n, layers],
        "subtitle:cross_attention.where.say4": [m, n, h],
        "cross_attention.where.weights": [h, m, n],
        # align
        "subtitle:cross_attention.align.say1": [layers, h],
        "align.mean": mean,
        "cross_attention.align.which": [layers, layers],
        "cross_attention.align.heads": [h],
        "subtitle:cross_attention.align.say2": [1.0],
        "subtitle:cross_attention.align.say3": [mean.max()],
        "cross_attention.align.guided": [g],
        "subtitle:cross_attention.align.say4": [g],
        # heads
        "subtitle:cross_attention.heads.say1": [h, range(1, layers + 1)[S.heads_layer]],
        "heads.weights": Each(*compared),
        "cross_attention.heads.legend": [range(1, layers + 1)[S.heads_layer]],
        "cross_attention.heads.title": Each(*([k + 1, h_heads[k]] for k in range(h))),
        "subtitle:cross_attention.heads.say2": [0.0, math.log(n), n],
        "subtitle:cross_attention.heads.say3": [np.argmin(h_heads) + 1, h_heads.min(),
                                      np.argmax(h_heads) + 1, h_heads.max()],
        # logits
        "subtitle:cross_attention.logits.say1": [s + 1, m],
        "logits.z": z[top][:, None],
        "cross_attention.logits.more": [v, v - S.top_k],
        "subtitle:cross_attention.logits.say2": [v],
        "subtitle:cross_attention.logits.say3": [1.0],
        # temps
        "subtitle:cross_attention.temps.say1": [1.0],
        "subtitle:cross_attention.temps.say2": [lo_t],
        "subtitle:cross_attention.temps.say3": [hi_t],
        "subtitle:cross_attention.temps.say4": [min(hs), max(hs)],
        # limits
        "limits.curve": np.concatenate([np.stack([ts, curve]), np.stack([temps, hs])], axis=1),
        "limits.curve.x_axis": Each(*range(x_top + 1)),
        "limits.curve.y_axis": Each(*range(y_top + 1)),
        "subtitle:cross_attention.limits.say2": [0.0],
        "cross_attention.limits.greedy_h": [0.0],
        "subtitle:cross_attention.limits.say3": [v, math.log(v), math.log2(v)],
        "cross_attention.limits.uniform": [v, math.log(v), math.log2(v)],
    }
    # the panels in the order they appear: T = 1 first, then the colder, then the warmer
    order = sorted(range(len(temps)), key=lambda k: abs(temps[k] - 1.0))
    exp["cross_attention.temps.rest"] = Each(*([v - S.top_k, 1 - ps[k][top].sum()] for k in order))
    exp["cross_attention.temps.entropy"] = Each(*([hs[k]] for k in order))
    exp["cross_attention.temps.title"] = Each(*([temps[k]] for k in order))
    for k in range(len(temps)):
        exp[f"temps.p{k}"] = ps[k][top]
    return exp


def check_against_oracle(scene):
    assert_shows_exactly(scene, expected_values(scene.words))


# ---------------------------------------------------------------- tests
@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_the_oracle_is_the_models_trace(zh_dark):
    """The hand-written pass agrees with the reference's cross-attention read-out."""
    words = tuple(zh_dark.words)
    tgt, _, cross = oracle(words)
    ref = reference_cross_attention(load_model(), list(words), tgt, CrossAttention.layer)
    np.testing.assert_allclose(cross[CrossAttention.layer], ref, atol=1e-10)
    assert " ".join(tgt) == load_model().translate(" ".join(words))


def test_every_target_word_is_pointed_to_its_strongest_source_word(zh_dark):
    tgt, _, cross = oracle(tuple(zh_dark.words))
    mean = cross[CrossAttention.layer][:, : len(tgt)].mean(axis=0)
    i, j = np.unravel_index(np.argmax(mean), mean.shape)
    text = strings.t("cross_attention.align.say3", "zh", a=tgt[i], b=zh_dark.words[j],
                     w=fmt(mean[i, j], CrossAttention.decimals))
    assert text in subtitles(zh_dark)
    tags = [t for t in zh_dark.seen["align"] if t.startswith("→")]
    assert tags == ["→" + zh_dark.words[int(k)] for k in np.argmax(mean, axis=1)]


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_layout(zh_dark):
    assert zh_dark.layout == []


def test_under_ninety_animations_and_a_few_minutes(zh_dark):
    assert zh_dark.renderer.num_plays < 90
    assert 120 <= zh_dark.time <= 200


def test_english_on_light(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert_shown_faithfully(scene)
    check_against_oracle(scene)
    assert scene.layout == []


def test_another_sentence(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER)
    assert scene.words == tuple(OTHER.split())
    assert_shown_faithfully(scene)
    check_against_oracle(scene)
    assert scene.layout == []
    tgt, _, _ = oracle(scene.words)
    (heat,) = records(scene)["align.mean"]
    assert heat.source.shape == (len(tgt), len(OTHER.split()))  # not tied to the default


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("cross_attention")
