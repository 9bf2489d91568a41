"""The tokenization scene: every number it shows equals an independently computed value.

The oracle reads assets/tiny_transformer.npz plainly (vocabularies, src_embed, config) and
computes ids, the vocabulary window, one-hot products, sqrt(d_model), the paper's PE formula and
the close known words (difflib, as documented in data.py) with plain numpy and Python, never
through scenes.reference.tokenization or the scene's helpers. Only the decoder rows need the model's
own greedy translation (the reference's forward pass, as the LoRA test does).
"""

from __future__ import annotations

import difflib
import functools
import json
import math

import numpy as np
import pytest

from scenes import strings
from scenes.kit.mobjects import Block
from scenes.reference import forward, load_model
from scenes.reference.data import ASSETS, UnknownTokenError
from scenes.tokenization import Tokenization
from tests.scenes.helpers import (
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    records,
    subtitles,
    watched,
)

SECTIONS = ["title", "split", "ids", "specials", "table", "onehot", "scale", "position",
            "unknown"]
SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
PAPER_BASE = 10000.0


@functools.lru_cache(maxsize=1)
def saved():
    with np.load(ASSETS / "tiny_transformer.npz", allow_pickle=False) as z:
        config = json.loads(str(z["config"]))
        src_vocab = [str(t) for t in z["src_vocab"]]
        tgt_vocab = [str(t) for t in z["tgt_vocab"]]
        table = np.array(z["src_embed"])
    return config, src_vocab, tgt_vocab, table


def pe_oracle(n, d):
    pe = np.zeros((n, d))
    for pos in range(n):
        for i in range(0, d, 2):
            pe[pos, i] = math.sin(pos / PAPER_BASE ** (i / d))
            pe[pos, i + 1] = math.cos(pos / PAPER_BASE ** (i / d))
    return pe


def rms(a):
    a = np.asarray(a, dtype=float).ravel()
    return math.sqrt(sum(x * x for x in a) / len(a))


def greedy_words(words, max_len=20):
    """The model's greedy translation, decoded here step by step."""
    _, src_vocab, tgt_vocab, _ = saved()
    model = load_model()
    src = [src_vocab.index(w) for w in words]
    tgt_in, out = [SPECIALS.index("<bos>")], []
    for _ in range(max_len):
        probs = forward(model.params, model.config, src, tgt_in)[1]["probs"][-1]
        nxt = int(np.argmax(probs))
        if tgt_vocab[nxt] == "<eos>":
            break
        out.append(tgt_vocab[nxt])
        tgt_in.append(nxt)
    return out


def close_oracle(word, vocab):
    known = [w for w in vocab if w not in SPECIALS]
    scored = [(difflib.SequenceMatcher(None, word, w).ratio(), k, w) for k, w in enumerate(known)]
    return [w for r, _, w in sorted(scored, key=lambda s: (-s[0], s[1])) if r >= 0.5][:3]


def oracle(words):
    config, src_vocab, tgt_vocab, table = saved()
    V, d = table.shape
    assert d == config["d_model"]
    n = len(words)
    ids = [src_vocab.index(w) for w in words]
    m = Tokenization.margin
    window = sorted({r for i in ids for r in range(i - m, i + m + 1) if 0 <= r < V})
    rows = np.array([table[i] for i in ids])
    root = math.sqrt(d)
    scaled = rows * root
    pe = pe_oracle(n, d)
    focus = ids[Tokenization.focus % n]
    hot = np.zeros((1, V))
    hot[0, focus] = 1.0
    product = np.array([sum(hot[0, k] * table[k, c] for k in range(V)) for c in range(d)])
    translation = greedy_words(words)
    tgt = [tgt_vocab.index(w) for w in translation]
    bos, eos = tgt_vocab.index("<bos>"), tgt_vocab.index("<eos>")
    unknown = Tokenization.unknown_sentence.split()
    missing = [w for w in unknown if w not in src_vocab]
    close = close_oracle(missing[0], src_vocab)
    lim = np.abs(table).max()
    return {
        "ids": ids, "x": scaled + pe, "translation": translation, "close": close,
        "missing": missing[0],
        "expected": {
            "subtitle:tokenization.split.say2": [n],
            "tokenization.split.count": [n],
            # longest match: the words of the vocabulary, without the four special tokens
            "tokenization.split.vocab": [len([w for w in src_vocab if not w.startswith("<")])],
            "ids.sentence": ids,
            "ids.vocab": window,
            "subtitle:tokenization.ids.say2": [ids[0]],
            "subtitle:tokenization.ids.say3": [V, len(tgt_vocab)],
            "tokenization.ids.sizes": [V, len(tgt_vocab)],
            "specials.ids": [src_vocab.index(s) for s in SPECIALS],
            "specials.encoder_in": ids,
            "specials.decoder_in": [bos] + tgt,
            "specials.decoder_out": tgt + [eos],
            "subtitle:tokenization.table.say1": [V, d],
            "table.E": table,
            "table.scale.max": lim,
            "table.scale.min": -lim,
            "tokenization.table.shape": [V, d],
            "subtitle:tokenization.table.say2": [n],
            "tokenization.table.rows": [n, d],
            "table.rows": rows,
            "subtitle:tokenization.table.say3": [V * d],
            "subtitle:tokenization.onehot.say1": [V, focus],
            "onehot.vector": hot[0],
            # the indices under the shown entries: the ends and the id's neighbours
            "onehot.index": Each(*sorted({0, V - 1} | {j for j in range(V)
                                                      if abs(j - focus) <= Tokenization.onehot_margin})),
            "tokenization.onehot.vector": [focus],
            "subtitle:tokenization.onehot.say2": [focus, 0.0],
            "onehot.formula": [focus],
            "onehot.product": product,
            "tokenization.onehot.lookup": [focus],
            "onehot.lookup": table[focus],
            "tokenization.onehot.diff": [0.0],
            "subtitle:tokenization.scale.say1": [d, root],
            "scale.formula": [d, root],
            "scale.rows": rows,
            "scale.scaled": scaled,
            "tokenization.scale.rms": Each([rms(rows)], [rms(scaled)]),
            "scale.factor": root,
            "subtitle:tokenization.scale.say2": [rms(rows), rms(scaled), rms(pe)],
            "position.scaled": scaled,
            "position.pe": pe,
            "subtitle:tokenization.position.say2": [n, d],
            "tokenization.position.x": [n, d],
            "position.x": scaled + pe,
            "subtitle:tokenization.unknown.say1": [V],
            "unknown.close": [src_vocab.index(w) for w in close],
            "tokenization.unknown.unk": [src_vocab.index("<unk>")],
        },
    }


def check_against_oracle(scene):
    assert_shows_exactly(scene, oracle(scene.words)["expected"], atol=1e-12)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(watched(Tokenization), media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_one_hot_lookup_shows_an_exact_zero(zh_dark):
    (diff,) = records(zh_dark)["tokenization.onehot.diff"]
    assert float(diff.source[0]) == 0.0 and diff.cells[(0,)] == "0"


def test_the_shown_x_is_the_encoders_input(zh_dark):
    """X on screen is what the model's forward pass feeds its first encoder layer."""
    model = load_model()
    o = oracle(zh_dark.words)
    trace = forward(model.params, model.config, o["ids"], [1])[1]
    np.testing.assert_allclose(trace["src_x"], o["x"], atol=1e-12)
    np.testing.assert_allclose(trace["encoder"][0]["x"], o["x"], atol=1e-12)


def test_the_unknown_word_is_what_the_tokenizer_refuses(zh_dark):
    """The sentence has a word the source vocabulary lacks; tokenizing it raises, and the
    screen shows the error's word and close words (the oracle's difflib ranking)."""
    model = load_model()
    o = oracle(zh_dark.words)
    assert o["missing"] == "机器人" and o["close"] == ["机器"]
    with pytest.raises(UnknownTokenError) as err:
        model.src_ids(Tokenization.unknown_sentence)
    assert err.value.word == o["missing"] and err.value.close == o["close"]
    subs = subtitles(zh_dark)
    assert any(f"「{o['missing']}」" in s for s in subs)
    assert any("「" + "、".join(o["close"]) + "」" in s for s in subs)


def test_the_decoder_rows_use_the_models_translation(zh_dark):
    o = oracle(zh_dark.words)
    assert o["translation"] == ["I", "love", "learning"]  # the corpus pair of 我 爱 学习
    text = strings.t("tokenization.specials.say3", "zh", en=" ".join(o["translation"]))
    assert text in subtitles(zh_dark)


def test_nothing_overlaps_or_leaves_the_frame(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_english_on_light(build_scene):
    scene = build_scene(watched(Tokenization, (Block,)), lang="en", theme="light")
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2,
                                  chinese_words=[*Tokenization.unknown_sentence.split(), "机器"])
    assert scene.layout == []
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(watched(Tokenization), lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert scene.layout == []
    assert_shown_faithfully(scene)
    check_against_oracle(scene)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("tokenization")
