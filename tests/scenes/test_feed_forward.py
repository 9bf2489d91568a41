"""The feed-forward scene: every number it shows equals an independently computed value.

The oracle (tests/scenes/oracle.py) reads assets/tiny_transformer.npz with plain numpy and
recomputes the first encoder layer up to its first Add & Norm (embedding rows, the paper's PE,
per-head softmax, LayerNorm), then the FFN written out one token and one hidden unit at a time;
the parameter counts from the saved weight arrays' shapes and from the paper's sizes by hand;
never through scenes/reference/feed_forward.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenes.feed_forward import FeedForward
from scenes.kit.mobjects import Heatmap
from tests.scenes import oracle
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    watched,
)

SECTIONS = ["title", "place", "widen", "relu", "zeros", "positionwise", "params"]
PAPER = {"d": 512, "d_ff": 2048}  # the paper's base model (Vaswani et al. 2017, Table 3)
PERCENT = 100
Watched = watched(FeedForward, blocks=(Heatmap,))


def ffn_input(words):
    """a = LN1(x + MHA(x)) of encoder layer 0, and the layer's FFN weights."""
    config, src_vocab, _, w = oracle.saved()
    d = config["d_model"]
    ids = [src_vocab.index(t) for t in words]
    x = w["src_embed"][ids] * math.sqrt(d) + oracle.pe(len(ids), d)
    a = oracle.norm(x + oracle.attention(x, x, w, "encoder.0.self_attn")[0], w, "encoder.0.ln1")
    p = {k: w[f"encoder.0.ffn.{k}"] for k in ("w1", "b1", "w2", "b2")}
    return config, a, p


def ffn_row(row, p):
    """One token through the FFN, hidden unit by hidden unit: (pre [d_ff], hidden, out [d])."""
    d_ff = len(p["b1"])
    pre = np.array([sum(row[k] * p["w1"][k, u] for k in range(len(row))) + p["b1"][u]
                    for u in range(d_ff)])
    hidden = np.where(pre > 0, pre, 0.0)
    out = np.array([sum(hidden[u] * p["w2"][u, j] for u in range(d_ff)) + p["b2"][j]
                    for j in range(len(p["b2"]))])
    return pre, hidden, out


def layer_counts(d, d_ff, cross):
    """(attention, ffn, norms) of one layer by hand; a decoder layer has two attentions."""
    attn = 4 * d * d + 4 * d
    return (attn * (2 if cross else 1), d * d_ff + d_ff + d_ff * d + d, (3 if cross else 2) * 2 * d)


def saved_counts():
    """The tiny model's encoder and decoder layer 0 from the saved arrays' shapes."""
    _, _, _, w = oracle.saved()

    def size(prefix, *names):
        return sum(w[k].size for k in w if k.startswith(prefix)
                   and any(k[len(prefix):].startswith(n) for n in names))

    enc = (size("encoder.0.", "self_attn"), size("encoder.0.", "ffn"), size("encoder.0.", "ln"))
    dec = (size("decoder.0.", "self_attn", "cross_attn"), size("decoder.0.", "ffn"),
           size("decoder.0.", "ln"))
    ffn_all = sum(w[k].size for k in w if ".ffn." in k)
    total = sum(v.size for v in w.values())
    return enc, dec, ffn_all / total


def expected_values(words):
    config, a, p = ffn_input(words)
    d, d_ff, n = config["d_model"], config["d_ff"], len(words)
    rows = [ffn_row(row, p) for row in a]
    pre = np.array([r[0] for r in rows])
    hidden = np.array([r[1] for r in rows])
    out = np.array([r[2] for r in rows])
    i = FeedForward.focus % n
    k = int(np.sum(pre[i] <= 0))
    shares = np.array([np.count_nonzero(h == 0) / d_ff for h in hidden])
    dead = int(sum(all(hidden[t, u] == 0 for t in range(n)) for u in range(d_ff)))
    alive = int(sum(all(hidden[t, u] > 0 for t in range(n)) for u in range(d_ff)))
    rotated = [(t + 1) % n for t in range(n)]
    out_rot = np.array([ffn_row(a[t], p)[2] for t in rotated])
    enc, dec, model_share = saved_counts()
    assert enc == layer_counts(d, d_ff, False) and dec == layer_counts(d, d_ff, True)
    paper = layer_counts(PAPER["d"], PAPER["d_ff"], False)
    w1, w2 = d * d_ff + d_ff, d_ff * d + d
    ratio = d_ff / d

    def pct(part, whole):
        return PERCENT * part[1] / sum(whole)

    return {
        "feed_forward.place.times": [config["n_encoder_layers"]],
        "subtitle:feed_forward.place.say2": [d, d_ff],
        "subtitle:feed_forward.widen.say1": [n, d],
        "widen.x": a, "widen.hidden": hidden, "widen.out": out,
        "feed_forward.widen.x": [n, d],
        "subtitle:feed_forward.widen.say2": [d_ff, d, ratio],
        "feed_forward.widen.w1": [d, d_ff],
        "feed_forward.widen.hidden": [n, d_ff],
        "feed_forward.widen.ratio": [ratio],
        "subtitle:feed_forward.widen.say3": [d],
        "feed_forward.widen.w2": [d, d_ff],
        "feed_forward.widen.out": [n, d],
        "subtitle:feed_forward.relu.say1": [d_ff],
        "feed_forward.relu.before": [d_ff],
        "relu.pre": pre[i], "relu.hidden": hidden[i],
        "feed_forward.relu.span": [pre[i].min(), pre[i].max()],
        "subtitle:feed_forward.relu.say2": [pre[i].min(), pre[i].max()],
        "subtitle:feed_forward.relu.say3": [k, d_ff, PERCENT * k / d_ff],
        "feed_forward.relu.zeroed": [PERCENT * k / d_ff, k, d_ff],
        "subtitle:feed_forward.zeros.say1": [d_ff],
        "zeros.hidden": hidden,
        "subtitle:feed_forward.zeros.say2": [PERCENT * shares.mean()],
        "zeros.share": Each(*(PERCENT * shares)),
        "subtitle:feed_forward.zeros.say3": [dead, alive],
        "feed_forward.zeros.dead": [dead, d_ff],
        "feed_forward.zeros.alive": [alive, d_ff],
        "subtitle:feed_forward.positionwise.say1": [n],
        "positionwise.out": out, "positionwise.out_perm": out_rot,
        # written out row by row the FFN gives exactly the same rows in any order and alone
        "subtitle:feed_forward.positionwise.say3": [np.abs(out_rot - out[rotated]).max()],
        "feed_forward.positionwise.diff": [np.abs(out_rot - out[rotated]).max()],
        "feed_forward.positionwise.alone": [0.0],
        "subtitle:feed_forward.params.say1": [d, d_ff, w1 + w2],
        "feed_forward.params.w1": [d, d_ff, w1],
        "feed_forward.params.w2": [d, d_ff, w2],
        "subtitle:feed_forward.params.say2": [pct(enc, enc)],
        "params.tiny.encoder": list(enc), "params.tiny.decoder": list(dec),
        "params.paper.encoder": list(paper),
        "feed_forward.params.tiny_encoder": [d], "feed_forward.params.tiny_decoder": [d],
        "feed_forward.params.paper_encoder": [PAPER["d"]],
        "feed_forward.params.share": Each([pct(enc, enc)], [pct(dec, dec)],
                                          [pct(paper, paper)]),
        "feed_forward.params.attention": Each([enc[0]], [dec[0]], [paper[0]]),
        "feed_forward.params.ffn": Each([enc[1]], [dec[1]], [paper[1]]),
        "feed_forward.params.norms": Each([enc[2]], [dec[2]], [paper[2]]),
        "subtitle:feed_forward.params.say3": [pct(dec, dec)],
        "subtitle:feed_forward.params.say4": [PAPER["d"], PAPER["d_ff"], pct(paper, paper)],
        "subtitle:feed_forward.params.say5": [PERCENT * model_share],
    }


ROUNDING = ("subtitle:feed_forward.positionwise.say3", "feed_forward.positionwise.diff",
            "feed_forward.positionwise.alone")


def check_against_oracle(scene):
    assert_shows_exactly(scene, expected_values(scene.words))
    # the permutation and one-token differences the scene shows are rounding error only
    for r in scene.shown:
        if r.name in ROUNDING:
            assert np.all(np.abs(r.source) < 1e-12), (r.name, r.source)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_the_oracle_is_the_models_own_ffn(zh_dark):
    """The FFN written out here is the trained model's: its trace's hidden layer and output."""
    from scenes.reference import encode, load_model
    model = load_model()
    _, trace = encode(model.params, model.config, model.src_ids(" ".join(zh_dark.words)))
    layer = trace["encoder"][FeedForward.layer]
    _, a, p = ffn_input(zh_dark.words)
    np.testing.assert_allclose(layer["add_norm1"], a, atol=1e-10)
    rows = [ffn_row(row, p) for row in a]
    np.testing.assert_allclose(layer["ffn_hidden"], [r[1] for r in rows], atol=1e-10)
    np.testing.assert_allclose(layer["ffn_out"], [r[2] for r in rows], atol=1e-10)


def test_relu_zeros_some_units_of_every_token(zh_dark):
    _, a, p = ffn_input(zh_dark.words)
    for row in a:
        pre, hidden, _ = ffn_row(row, p)
        assert 0 < np.count_nonzero(hidden == 0) < len(hidden)
        np.testing.assert_array_equal(hidden[pre > 0], pre[pre > 0])


def test_nothing_leaves_the_frame_or_overlaps(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_english_on_light_with_another_sentence(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert scene.words == tuple(OTHER_SENTENCE.split())
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert scene.layout == []
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("feed_forward")
