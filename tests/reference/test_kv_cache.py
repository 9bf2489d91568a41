"""Decoding with the KV cache (scenes.reference.kv_cache) against recomputing everything.

The multiply-adds and the cache sizes are checked against tests.scenes.oracle.counted_decode,
a second decoder written from the raw weights that counts the products it really performs
and the numbers its caches really hold.
"""

import numpy as np
import pytest

from scenes.reference import (
    BOS_ID,
    attention_trace,
    causal_mask,
    decoder_layer,
    load_model,
)
from scenes.reference import kv_cache as kv
from scenes.reference.generation import generation_steps
from tests.scenes.oracle import counted_decode, encode

SENTENCES = ["我 爱 学习", "猫 坐 在 垫子 上"]


@pytest.fixture(scope="module")
def model():
    return load_model()


# ---------------------------------------------------------------- one step, one layer
def test_the_new_row_is_the_last_row_of_full_masked_attention(model):
    rng = np.random.default_rng(0)
    cfg, p = model.config, model.params["decoder"][0]["self_attn"]
    x = rng.normal(size=(5, cfg.d_model))
    full = attention_trace(x, x, p, cfg.n_heads, causal_mask(5))
    k_cache = v_cache = None
    for t in range(5):
        out, k_cache, v_cache, weights = kv.self_attention_step(x[t:t + 1], k_cache, v_cache,
                                                                p, cfg.n_heads)
        np.testing.assert_allclose(out, full["out"][t:t + 1], atol=1e-12)
        np.testing.assert_allclose(weights[:, 0], full["weights"][:, t, :t + 1], atol=1e-12)
        assert k_cache.shape == (cfg.n_heads, t + 1, cfg.d_k)
    np.testing.assert_allclose(k_cache, full["k"], atol=1e-12)
    np.testing.assert_allclose(v_cache, full["v"], atol=1e-12)


def test_a_decoder_layer_step_by_step_is_the_whole_layer(model):
    rng = np.random.default_rng(1)
    cfg, p = model.config, model.params["decoder"][1]
    y, memory = rng.normal(size=(4, cfg.d_model)), rng.normal(size=(3, cfg.d_model))
    whole, _ = decoder_layer(y, memory, p, cfg.n_heads)
    k_mem, v_mem = kv.memory_kv(memory, p["cross_attn"], cfg.n_heads)
    cache = (None, None)
    for t in range(4):
        out, cache = kv.decoder_layer_step(y[t:t + 1], k_mem, v_mem, cache, p, cfg.n_heads)
        np.testing.assert_allclose(out, whole[t:t + 1], atol=1e-12)


def test_embed_one_is_a_row_of_the_embedding(model):
    from scenes.reference import embed
    table = model.params["tgt_embed"]
    ids = [BOS_ID, 5, 7, 9]
    rows = np.vstack([kv.embed_one(table, i, t) for t, i in enumerate(ids)])
    np.testing.assert_allclose(rows, embed(table, ids), atol=1e-12)


# ---------------------------------------------------------------- whole decoding
@pytest.mark.parametrize("sentence", SENTENCES)
def test_cached_decoding_is_greedy_decoding(model, sentence):
    full = generation_steps(model, sentence.split(), 10)
    cached = kv.cached_generation(model, sentence.split(), 10)
    assert [s["chosen"] for s in cached] == [s["chosen"] for s in full]
    assert [s["input"] for s in cached] == [s["input"] for s in full]
    assert [s["cached"] for s in cached] == list(range(1, len(full) + 1))
    diffs = kv.max_differences(full, cached)
    assert diffs.shape == (len(full),) and diffs.max() < 1e-12
    for a, b, d in zip(full, cached, diffs):
        assert d == np.abs(a["dist"] - b["dist"]).max()


def test_cached_decoding_stops_at_max_len(model):
    assert len(kv.cached_generation(model, ["猫", "坐", "在", "垫子", "上"], 2)) == 2


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_cached_decoding_bad_max_len(model, bad):
    with pytest.raises(ValueError, match="max_len must be an integer >= 1"):
        kv.cached_generation(model, ["我"], bad)


def test_different_runs_are_not_compared(model):
    a = generation_steps(model, ["我", "爱", "学习"], 10)
    b = kv.cached_generation(model, ["猫", "坐", "在", "垫子", "上"], 10)
    with pytest.raises(ValueError, match="chose different tokens"):
        kv.max_differences(a, b)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_cached_rows_do_not_change_when_a_token_is_added(model, sentence):
    steps = generation_steps(model, sentence.split(), 10)
    tgt_in = steps[-1]["input"] + [steps[-1]["chosen"]]
    assert kv.cache_rows_unchanged(model, sentence.split(), tgt_in) < 1e-12


# ---------------------------------------------------------------- counting
@pytest.mark.parametrize("sentence", SENTENCES)
def test_multiply_adds_are_the_products_a_decoder_performs(model, sentence):
    src = model.src_ids(sentence)
    full, cached = counted_decode(src, 10, False), counted_decode(src, 10, True)
    ours = kv.generation_macs(model.config, len(full), len(src), len(model.tgt_vocab))
    assert ours["full"].tolist() == [s["macs"] for s in full]
    assert ours["cached"].tolist() == [s["macs"] for s in cached]
    assert ours["full_total"] == sum(s["macs"] for s in full)
    assert ours["cached_total"] == sum(s["macs"] for s in cached)
    # the counting decoder is the model: the same tokens and distributions
    ref = kv.cached_generation(model, sentence.split(), 10)
    assert [s["chosen"] for s in cached] == [s["chosen"] for s in ref]
    for a, b, c in zip(full, cached, ref):
        np.testing.assert_allclose(a["dist"], c["dist"], atol=1e-12)
        np.testing.assert_allclose(b["dist"], c["dist"], atol=1e-12)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_cache_size_is_what_the_caches_hold(model, sentence):
    src = model.src_ids(sentence)
    for t, step in enumerate(counted_decode(src, 10, True), start=1):
        size = kv.cache_size(model.config, t, len(src))
        assert (size["self"], size["cross"]) == step["cache"]
        assert size["total"] == sum(step["cache"])


def test_encoder_macs_are_the_encoders_products(model):
    src = model.src_ids("猫 坐 在 垫子 上")
    count = [0]
    encode(src, count=count)
    assert kv.encoder_macs(model.config, len(src)) == count[0]


def test_step_macs_parts_add_up_and_the_first_step_is_the_same_both_ways(model):
    cfg = model.config
    for t in (1, 3):
        for cached in (False, True):
            m = kv.step_macs(cfg, t, 4, 45, cached)
            assert m["total"] == m["self_attn"] + m["cross_attn"] + m["ffn"] + m["generator"]
    assert kv.step_macs(cfg, 1, 4, 45, True) == kv.step_macs(cfg, 1, 4, 45, False)
    assert kv.step_macs(cfg, 5, 4, 45, True)["total"] < kv.step_macs(cfg, 5, 4, 45,
                                                                     False)["total"]


@pytest.mark.parametrize("t", [0, -2, 1.5, True])
def test_step_macs_needs_a_step(model, t):
    with pytest.raises(ValueError, match="step t >= 1"):
        kv.step_macs(model.config, t, 3, 45, True)
