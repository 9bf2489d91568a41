"""The KV-cache scene: every number it shows equals an independently computed value.

The oracle is tests/scenes/oracle.counted_decode: greedy decoding written again from the raw
weights of assets/tiny_transformer.npz, once recomputing every position at every step and once
with its own K/V caches, counting the multiply-adds of every matrix product it performs and
the numbers its caches hold; the config and the vocabularies are read from the same file, the
layer parameter counts from the shapes of the saved weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from scenes import strings
from scenes.kv_cache import KVCache
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
from tests.scenes.oracle import counted_decode, decoder_trace, encode, saved

SECTIONS = ["title", "sequential", "recompute", "cache", "same", "cost", "memory", "gpt"]


def layer_params(prefix):
    """Parameters of one saved layer, counted from its arrays."""
    w = saved()[3]
    return sum(a.size for k, a in w.items() if k.startswith(prefix + "."))


def oracle(words):
    config, src_vocab, tgt_vocab, _ = saved()
    src = [src_vocab.index(t) for t in words]
    full = counted_decode(src, KVCache.max_steps, cached=False)
    cached = counted_decode(src, KVCache.max_steps, cached=True)
    count = [0]
    encode(src, count=count)
    return config, src, full, cached, count[0], len(tgt_vocab), len(src_vocab)


def expected_values(words):
    config, src, full, cached, enc_macs, v, v_src = oracle(list(words))
    n = len(full)
    assert [s["chosen"] for s in full] == [s["chosen"] for s in cached]
    rows = sum(len(s["input"]) for s in full)
    diffs = [float(np.abs(a["dist"] - b["dist"]).max()) for a, b in zip(full, cached)]
    # the cached rows again: the decoder's K and V rows of the final input with one token
    # fewer, against those of the final input (0 up to rounding)
    final = full[-1]["input"] + [full[-1]["chosen"]]
    macs_full = [s["macs"] for s in full]
    macs_cached = [s["macs"] for s in cached]
    total = [sum(s["cache"]) for s in cached]
    per = cached[1]["cache"][0] - cached[0]["cache"][0] if n > 1 else cached[0]["cache"][0]
    d, dff, layers = config["d_model"], config["d_ff"], config["n_decoder_layers"]
    enc, dec = layer_params("encoder.0"), layer_params("decoder.0")
    ratio = sum(macs_full) / sum(macs_cached)
    return {
        "kv_cache.sequential.step": Each(*([t] for _ in range(3) for t in range(1, n + 1))),
        "subtitle:kv_cache.sequential.say2": [n],
        "kv_cache.recompute.rows": [rows, n],
        "subtitle:kv_cache.recompute.say3": [n, rows],
        "kv_cache.cache.rows": [n],
        "kv_cache.cache.unchanged": [unchanged(src, final)],
        "subtitle:kv_cache.cache.say3": [unchanged(src, final)],
        "same.step": Each(*range(1, n + 1)),
        "same.p_full": Each(*(s["dist"][s["chosen"]] for s in full)),
        "same.p_cached": Each(*(s["dist"][s["chosen"]] for s in cached)),
        "same.diff": Each(*diffs),
        "kv_cache.same.max": [max(diffs)],
        "subtitle:kv_cache.same.say2": [v, max(diffs)],
        "kv_cache.cost.config": [d, dff, layers, len(src), v],
        "subtitle:kv_cache.cost.say1": [d, dff, layers, len(src), v],
        "cost.step": Each(*range(1, n + 1)),
        "cost.macs": np.array([macs_full, macs_cached]),
        "kv_cache.cost.total_full": [sum(macs_full)],
        "kv_cache.cost.total_cached": [sum(macs_cached)],
        "kv_cache.cost.ratio": [ratio],
        "subtitle:kv_cache.cost.say3": [n, sum(macs_full), sum(macs_cached), ratio],
        "kv_cache.cost.encoder": [enc_macs],
        "subtitle:kv_cache.memory.say1": [layers, d, per],
        "kv_cache.memory.formula": [per],
        "memory.step": Each(*range(1, n + 1)),
        "subtitle:kv_cache.memory.say2": [cached[0]["cache"][1]],
        "memory.total": np.array(total, dtype=float),
        "subtitle:kv_cache.memory.say3": [n, total[-1]],
        "kv_cache.gpt.dims": [d, config["n_heads"], d // config["n_heads"], dff],
        "kv_cache.gpt.times": Each([config["n_encoder_layers"]], [layers], [layers]),
        "kv_cache.gpt.source": [v_src],
        "kv_cache.gpt.target": [v],
        "kv_cache.gpt.params": Each([enc], [dec], [enc]),
        "subtitle:kv_cache.gpt.say3": [enc, dec, enc],
    }


def unchanged(src, tgt_in):
    """max |K, V rows of tgt_in[:-1] - the same rows within tgt_in| over the decoder's layers."""
    w = saved()[3]
    _, short = decoder_trace(src, tgt_in[:-1])
    _, full = decoder_trace(src, tgt_in)
    m = len(tgt_in) - 1
    out = 0.0
    for i, (a, b) in enumerate(zip(short, full)):
        for name in ("w_k", "w_v"):
            wk, bk = w[f"decoder.{i}.self_attn.{name}"], w[f"decoder.{i}.self_attn.b_{name[-1]}"]
            out = max(out, float(np.abs((a["y"] @ wk + bk) - (b["y"][:m] @ wk + bk)).max()))
    return out


def check_against_oracle(scene):
    # the distributions' differences are rounding: they agree with the oracle's to 1e-12
    assert_shows_exactly(scene, expected_values(scene.words), atol=1e-12)


Watched = watched(KVCache)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_both_ways_choose_the_same_tokens(zh_dark):
    _, _, full, cached, *_ = oracle(list(zh_dark.words))
    assert [s["chosen"] for s in zh_dark.cached] == [s["chosen"] for s in cached]
    assert [s["chosen"] for s in zh_dark.full] == [s["chosen"] for s in full]
    for r in records(zh_dark)["same.diff"]:
        assert float(r.source) < 1e-12


def test_the_cache_saves_work_and_costs_memory(zh_dark):
    (macs,) = records(zh_dark)["cost.macs"]
    full, cached = np.asarray(macs.source)
    assert full[0] == cached[0]  # the first step is the same work both ways
    if len(full) > 1:
        assert np.all(full[1:] > cached[1:]) and np.all(np.diff(full) > 0)
    (sizes,) = records(zh_dark)["memory.total"]
    assert np.all(np.diff(np.asarray(sizes.source)) > 0)


def test_the_gpt_layer_is_an_encoder_layers_blocks():
    config, *_ = saved()
    d, dff = config["d_model"], config["d_ff"]
    masked_attention, two_norms, ffn = 4 * d * d + 4 * d, 2 * 2 * d, 2 * d * dff + dff + d
    assert layer_params("encoder.0") == masked_attention + two_norms + ffn


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)
    said = strings.t("kv_cache.sequential.say1", "zh", src=" ".join(zh_dark.words))
    assert said in subtitles(zh_dark)


def test_layout_zh(zh_dark):
    assert zh_dark.layout == []


def test_english_on_light_with_another_sentence(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert scene.words == tuple(OTHER_SENTENCE.split())
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert_shown_faithfully(scene)
    check_against_oracle(scene)
    assert scene.layout == []


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("kv_cache")
