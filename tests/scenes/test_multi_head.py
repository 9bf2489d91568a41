"""The multi-head attention scene: every number it shows equals an independently computed value.

The oracles below come from the model's weights with explicit per-head loops (the columns of a
head, the causal mask applied by skipping keys), and the costs from counting every multiply-add
of a scalar-loop attention (tests.reference.test_multi_head.py), not from the scene or from
scenes.reference.multi_head.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from scenes import strings
from scenes.multi_head import COST_ROWS, MultiHeadAttention
from scenes.reference import encoder_layer, greedy_decode, load_model
from scenes.reference.data import BOS_ID, EOS
from tests.reference.test_multi_head import counted_attention
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

SECTIONS = ["title", "split", "patterns", "links", "roles", "concat", "cost", "mask",
            "masked_heads"]


def pe_oracle(n, d):
    pe = np.zeros((n, d))
    for pos in range(n):
        for i in range(0, d, 2):
            pe[pos, i] = math.sin(pos / 10000.0 ** (i / d))
            pe[pos, i + 1] = math.cos(pos / 10000.0 ** (i / d))
    return pe


def attention_oracle(x, p, h, causal=False):
    """Per head, by its own columns; under the causal mask keys after the query are skipped
    (their weight stays exactly 0) -> (q, k, v [n, d], weights [h, n, n], heads, concat, out)."""
    n, d = x.shape
    d_k = d // h
    q, k, v = (x @ p[f"w_{m}"] + p[f"b_{m}"] for m in "qkv")
    w = np.zeros((h, n, n))
    heads = []
    for hd in range(h):
        cols = slice(hd * d_k, (hd + 1) * d_k)
        for i in range(n):
            keys = range(i + 1) if causal else range(n)
            s = np.array([q[i, cols] @ k[j, cols] / math.sqrt(d_k) for j in keys])
            e = np.exp(s - s.max())
            w[hd, i, list(keys)] = e / e.sum()
        heads.append(w[hd] @ v[:, cols])
    concat = np.concatenate(heads, axis=1)
    return q, k, v, w, heads, concat, concat @ p["w_o"] + p["b_o"]


def strongest_off_diagonal(a):
    best = None
    for i, j in itertools.product(range(a.shape[0]), range(a.shape[1])):
        if i != j and (best is None or a[i, j] > a[best]):
            best = (i, j)
    return best


def oracle(words):
    model = load_model()
    d, h = model.config.d_model, model.config.n_heads
    d_k = d // h
    S = MultiHeadAttention
    n = len(words)
    ids = [model.src_vocab.index(w) for w in words]
    x = model.params["src_embed"][ids] * math.sqrt(d) + pe_oracle(n, d)
    for layer in range(S.layer):  # the input of the shown layer (layer 0: x itself)
        x = encoder_layer(x, model.params["encoder"][layer], h)[0]
    p = model.params["encoder"][S.layer]["self_attn"]
    q, k, v, w, heads, concat, out = attention_oracle(x, p, h)

    links = [strongest_off_diagonal(w[hd]) for hd in range(h)]
    link_w = np.array([w[hd][links[hd]] for hd in range(h)])
    best = int(np.argmax(link_w))
    received = w.mean(axis=1)  # [h, n]: mean weight each word receives
    dist = np.array([np.mean([sum(w[hd, i, j] * abs(i - j) for j in range(n))
                              for i in range(n)]) for hd in range(h)])
    far, near = int(np.argmax(dist)), int(np.argmin(dist))

    split_cost = counted(x, p, h)
    full_cost = counted(x, p, S.full_heads)

    tokens, _ = greedy_decode(model, list(words))
    target = [t for t in tokens if t != EOS]
    tgt_in = [BOS_ID] + [model.tgt_vocab.index(t) for t in target]
    m = len(tgt_in)
    y = model.params["tgt_embed"][tgt_in] * math.sqrt(d) + pe_oracle(m, d)
    dec_p = model.params["decoder"][S.dec_layer]["self_attn"]
    assert S.dec_layer == 0, "the oracle embeds the decoder input: layer 0 only"
    dw = attention_oracle(y, dec_p, h, causal=True)[3]

    exp = {
        # split
        "split.x": x, "split.q": q, "split.k": k, "split.v": v,
        "multi_head.split.x": [n, d],
        "multi_head.split.dims": [d, h, d_k],
        "subtitle:multi_head.split.say1": [h],
        "subtitle:multi_head.split.say2": [n, d],
        "subtitle:multi_head.split.say3": [d, h, d_k],
        # patterns, links, roles
        "patterns.weights": Each(*w, *w),  # the patterns, then the links over the same heads
        "patterns.scale.max": w.max(),
        "patterns.scale.min": w.min(),
        "multi_head.patterns.layer": [S.layer + 1],
        "subtitle:multi_head.patterns.say1": [S.layer + 1, h, n],
        "subtitle:multi_head.patterns.say2": [1.0],
        "subtitle:multi_head.patterns.say3": [h],
        "multi_head.links.link": Each(*([x_] for x_ in link_w)),
        "subtitle:multi_head.links.say2": [best + 1, link_w[best]],
        "multi_head.roles.link": Each(*([x_] for x_ in link_w)),
        "multi_head.roles.read": Each(*([received[hd].max()] for hd in range(h))),
        "roles.dist": Each(*dist),
        "subtitle:multi_head.roles.say3": [far + 1, dist[far], near + 1, dist[near]],
        # concat
        "concat.head": Each(*heads),
        "concat.concat": concat,
        "concat.w_o": p["w_o"],
        "concat.out": out,
        "concat.x": x,
        "multi_head.concat.head_out": [n, d_k],
        "multi_head.concat.concat": Each([n, d], [n, d]),
        "multi_head.concat.w_o": [d],
        "multi_head.concat.out": [n, d],
        "multi_head.concat.x": [n, d],
        "subtitle:multi_head.concat.say1": [n, d_k],
        "subtitle:multi_head.concat.say2": [h, n, d],
        "subtitle:multi_head.concat.say3": [d],
        "subtitle:multi_head.concat.say4": [n, d],
        # cost
        "cost.params_eq": [h, d, d_k, d * d],
        "cost.scores_eq": [h, n, d_k, d, split_cost["macs_scores"]],
        "cost.table": np.array([[split_cost[r], full_cost[r]] for r in COST_ROWS]),
        "multi_head.cost.col_split": [h, d_k],
        "multi_head.cost.col_full": [S.full_heads, d],
        "subtitle:multi_head.cost.say1": [h, d_k, d, n],
        "subtitle:multi_head.cost.say2": [d_k, h, d],
        "subtitle:multi_head.cost.say3": [d_k, h, d],
        "subtitle:multi_head.cost.say4": [split_cost["softmax"], full_cost["softmax"],
                                   split_cost["macs"]],
        # decoder
        "mask.weights": dw[S.dec_head],
        "multi_head.mask.weights": [S.dec_layer + 1, S.dec_head + 1],
        "subtitle:multi_head.mask.say4": [S.dec_layer + 1, S.dec_head + 1, dw[S.dec_head, 0, 0]],
        "masked_heads.weights": Each(*dw),
        "masked_heads.scale.max": dw.max(),
        "masked_heads.scale.min": dw.min(),
        "multi_head.masked_heads.max": [h, 0.0],
        "subtitle:multi_head.masked_heads.say1": [h],
    }
    facts = {"links": links, "read": received.argmax(axis=1), "target": target, "tgt_in": tgt_in,
             "dec_weights": dw}
    return exp, facts


def counted(x, p, n_heads):
    """The cost table's rows, counted on a scalar-loop run of the attention."""
    _, macs, exps, params = counted_attention(x, x, p, n_heads)
    c = {"params_qkv": params["qkv"], "params_o": params["o"], "macs_qkv": macs["qkv"],
         "macs_scores": macs["scores"], "macs_weighted": macs["weighted"], "macs_o": macs["o"],
         "softmax": exps}
    c["params"] = c["params_qkv"] + c["params_o"]
    c["macs"] = sum(macs.values())
    return c


# ------------------------------------------------------------------ what the screen showed


# the layout watcher counts the heatmaps and the mask grid (solid) as blocks, and keeps .texts
Watched = watched(MultiHeadAttention)


def shown_texts(scene, name):
    """The on-screen texts whose record is called ``name``, in the order they were added."""
    out, seen = [], set()
    for t in scene.texts:
        r = getattr(t, "record", None)
        if r is not None and getattr(r, "name", None) == name and id(t) not in seen:
            seen.add(id(t))
            out.append(t.text)
    return out


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


@pytest.fixture(scope="module")
def expected(zh_dark):
    return oracle(zh_dark.words)


def test_the_notes_sentence(zh_dark):
    assert zh_dark.words == ("猫", "坐", "在", "垫子", "上")


def test_every_shown_number_equals_the_reference(zh_dark, expected):
    exp, _ = expected
    assert_shows_exactly(zh_dark, exp)


def test_links_name_the_right_words(zh_dark, expected):
    """Each head's tag names its strongest off-diagonal link: query word → key word."""
    _, facts = expected
    words = zh_dark.words
    for name in ("multi_head.links.link", "multi_head.roles.link"):
        tags = shown_texts(zh_dark, name)
        assert len(tags) == len(facts["links"])
        for tag, (i, j) in zip(tags, facts["links"]):
            assert i != j
            assert tag.startswith(f"{words[i]}→{words[j]}"), (tag, words[i], words[j])
    reads = shown_texts(zh_dark, "multi_head.roles.read")
    for tag, j in zip(reads, facts["read"]):
        assert tag.startswith(words[j])


def test_decoder_is_teacher_forced_on_the_models_translation(zh_dark, expected):
    _, facts = expected
    subs = subtitles(zh_dark)
    said = strings.t("multi_head.mask.say2", "zh", translation=" ".join(facts["target"]))
    assert said in subs


def test_masked_weights_are_exact_zeros_above_the_diagonal(zh_dark):
    for name in ("mask.weights", "masked_heads.weights"):
        for r in records(zh_dark)[name]:
            a = np.asarray(r.source)
            assert np.all(a[np.triu_indices(len(a), k=1)] == 0.0), name
            np.testing.assert_allclose(a.sum(axis=-1), 1.0, atol=1e-12)
    (shown,) = records(zh_dark)["mask.weights"]
    for (i, j), text in shown.cells.items():
        if j > i:
            assert text == "0" and shown.places((i, j)) == 0
        else:
            assert shown.places((i, j)) == MultiHeadAttention.decimals
    (top,) = records(zh_dark)["multi_head.masked_heads.max"]
    assert top.source[1] == 0.0 and top.cells[(1,)] == "0"


def test_equal_cost_except_the_softmax(zh_dark):
    (table,) = records(zh_dark)["cost.table"]
    a = np.asarray(table.source)
    for row, key in enumerate(COST_ROWS):
        if key == "softmax":
            assert a[row, 0] == load_model().config.n_heads * a[row, 1]
        else:
            assert a[row, 0] == a[row, 1], key


def test_nothing_leaves_the_frame_or_overlaps(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS)


def test_english_light(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert_sections_and_subtitles(scene, SECTIONS)
    assert_shown_faithfully(scene)
    assert scene.layout == []


class OtherSentence(MultiHeadAttention):
    sentence = "我 爱 学习"


def test_another_sentence(build_scene):
    """The scene takes its sentence from the class attribute, not from the settings."""
    scene = build_scene(OtherSentence, sentence="机器 学习 很 有趣")
    assert scene.words == ("我", "爱", "学习")
    exp, _ = oracle(scene.words)
    assert_shows_exactly(scene, exp)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("multi_head")
