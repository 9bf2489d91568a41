"""The architecture scene: every number it shows equals an independently computed value.

Shapes come from the config and the sentence length alone; the attention weights and
probabilities from other reference paths than the scene's (the alignment read-out, a
teacher-forced forward pass); the tiny model's counts from its parameter tree, the paper's by
hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from scenes.architecture import Architecture
from scenes.kit.mobjects import Heatmap
from scenes.reference import (
    BOS_ID,
    cross_attention,
    forward,
    greedy_decode,
    load_model,
    param_count,
)
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    records,
    watched,
)

Watched = watched(Architecture, blocks=(Heatmap,))


SECTIONS = ["title", "overview", "encoder", "decoder", "cross", "output", "params"]
PAPER = {"d": 512, "h": 8, "d_ff": 2048, "n": 6, "v": 37000, "quoted": 65e6}


def paper_counts():
    """The paper's base model by hand: shared 37000 x 512 table, output projection tied to it."""
    d, d_ff, v, n = PAPER["d"], PAPER["d_ff"], PAPER["v"], PAPER["n"]
    attn, ffn, ln = 4 * d * d + 4 * d, 2 * d * d_ff + d_ff + d, 2 * d
    enc, dec = attn + ffn + 2 * ln, 2 * attn + ffn + 3 * ln
    return {"embeddings": v * d, "attention": attn, "ffn": ffn, "norm": ln,
            "encoder_layer": enc, "encoder": n * enc, "decoder_layer": dec, "decoder": n * dec,
            "generator": 0, "total": v * d + n * (enc + dec)}


def tiny_counts(model):
    p = model.params
    enc, dec = p["encoder"], p["decoder"]
    return {"embeddings": param_count(p["src_embed"]) + param_count(p["tgt_embed"]),
            "attention": param_count(enc[0]["self_attn"]), "ffn": param_count(enc[0]["ffn"]),
            "norm": param_count(enc[0]["ln1"]), "encoder_layer": param_count(enc[0]),
            "encoder": param_count(enc), "decoder_layer": param_count(dec[0]),
            "decoder": param_count(dec), "generator": param_count(p["generator"]),
            "total": param_count(p)}


def shown_count(value):
    """What the table shows for a count: exact, or in millions from million_from on."""
    return value / 1e6 if value >= Architecture.million_from else value


def expected_values(words):
    model = load_model()
    cfg = model.config
    d, h, d_ff = cfg.d_model, cfg.n_heads, cfg.d_ff
    n, m, v = len(words), 1, len(model.tgt_vocab)
    ids = [model.src_vocab.index(w) for w in words]
    tokens, _ = greedy_decode(model, list(words))
    # row 0 (the <bos> query) does not depend on the words after it: the mask hides them
    weights = cross_attention(model, list(words), tokens[:-1], layer=-1)[:, 0, :]  # [h, n_src]
    mean = weights.mean(axis=0)
    best = int(np.argmax(mean))
    _, trace = forward(model.params, cfg, ids, [BOS_ID])
    probs = trace["probs"][0]
    top = np.sort(probs)[::-1][: Architecture.top_k]
    out_ids = [model.tgt_vocab.index(t) for t in tokens]
    _, forced = forward(model.params, cfg, ids, [BOS_ID] + out_ids[:-1])
    chosen = forced["probs"][np.arange(len(out_ids)), out_ids]
    tiny, paper = tiny_counts(model), paper_counts()
    exp = {
        "architecture.d.times_left": Each(*[[cfg.n_encoder_layers]] * 3),
        "architecture.d.times_right": Each(*[[cfg.n_decoder_layers]] * 3),
        "subtitle:architecture.overview.say4": [cfg.n_encoder_layers, PAPER["n"]],
        # encoder pass
        "encoder.ids": ids,
        "subtitle:architecture.encoder.say2": [n, d],
        "encoder.embed": [n, d],
        "encoder.x": [n, d],
        "subtitle:architecture.encoder.say3": [h, d // h, d],
        "encoder.qkv": [h, n, d // h],
        "encoder.attn_out": [n, d],
        "architecture.encoder.layer": Each(*([i, cfg.n_encoder_layers]
                                     for i in range(1, cfg.n_encoder_layers + 1))),
        "encoder.ln1": [n, d],
        "subtitle:architecture.encoder.say4": [d_ff, d],
        "encoder.ffn_hidden": [n, d_ff],
        "encoder.ffn_out": [n, d],
        "encoder.out": [n, d],
        "subtitle:architecture.encoder.say5": [n, d, cfg.n_encoder_layers],
        "encoder.memory": [n, d],
        # decoder pass
        "subtitle:architecture.decoder.say1": [n, d, m],
        "decoder.memory": [n, d],
        "decoder.x": [m, d],
        "decoder.self_attn": [m, d],
        "subtitle:architecture.decoder.say3": [m, d, n],
        "decoder.cross_q": [m, d],
        "decoder.cross_kv": [n, d],
        "decoder.ffn_hidden": [m, d_ff],
        "decoder.out": [m, d],
        "subtitle:architecture.decoder.say4": [cfg.n_decoder_layers, d, v, m],
        "decoder.logits": [m, v],
        # cross-attention
        "subtitle:architecture.cross.say1": [h],
        "cross.head": Each(*range(1, h + 1)),
        "cross.weights": weights,
        "cross.mean": mean[None, :],
        "subtitle:architecture.cross.say2": [np.sum(np.argmax(weights, axis=1) == best), mean[best]],
        # output
        "subtitle:architecture.output.say1": [v, Architecture.top_k],
        "output.top": Each(*top),
        "subtitle:architecture.output.say2": [top[0]],
        "output.greedy": Each(*chosen),
        # parameters
        "architecture.params.tiny": [d, cfg.n_encoder_layers],
        "architecture.params.paper": [PAPER["d"], PAPER["n"]],
        "architecture.params.note_tiny": [len(model.src_vocab), v],
        "architecture.params.note_paper": [PAPER["v"]],
        "architecture.params.note_quoted": [PAPER["quoted"] / 1e6],
        "subtitle:architecture.params.say2": [PAPER["v"]],
        "subtitle:architecture.params.say3": [paper["total"] / 1e6, PAPER["quoted"] / 1e6,
                                      (PAPER["quoted"] - paper["total"]) / 1e6,
                                      paper["total"] / tiny["total"]],
    }
    for name in tiny:
        exp[f"params.tiny.{name}"] = shown_count(tiny[name])
        exp[f"params.paper.{name}"] = shown_count(paper[name])
    return exp


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_reference(zh_dark):
    expected = expected_values(zh_dark.words)
    assert_shows_exactly(zh_dark, expected)


def test_the_tiny_total_is_the_parameter_tree_and_the_paper_lands_near_65m(zh_dark):
    (tiny,) = records(zh_dark)["params.tiny.total"]
    assert float(tiny.source) == param_count(load_model().params)
    (paper,) = records(zh_dark)["params.paper.total"]
    assert abs(float(paper.source) * 1e6 - PAPER["quoted"]) / PAPER["quoted"] < 0.035


def test_the_first_step_shows_the_greedy_choice(zh_dark):
    model = load_model()
    tokens, dists = greedy_decode(model, list(zh_dark.words))
    (said,) = records(zh_dark)["subtitle:architecture.output.say2"]
    assert float(said.source[0]) == pytest.approx(dists[0].max())
    assert tokens[0] == model.tgt_vocab[int(np.argmax(dists[0]))]


def test_nothing_leaves_the_frame_or_overlaps(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS)


@pytest.mark.parametrize("lang,theme", [("en", "light")])  # the contract's build
def test_other_languages_and_themes(build_scene, lang, theme):
    scene = build_scene(Watched, lang=lang, theme=theme, sentence=OTHER_SENTENCE)
    assert_sections_and_subtitles(scene, SECTIONS)
    assert scene.layout == []
    assert_shown_faithfully(scene)


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(Watched, lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert scene.layout == []
    expected = expected_values(scene.words)
    assert_shows_exactly(scene, expected)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("architecture")
