"""The shipped tiny Transformer: loading, forward trace, embedding, greedy decoding."""

import dataclasses

import numpy as np
import pytest

from scenes.reference import (
    BOS_ID,
    EOS,
    EOS_ID,
    Config,
    UnknownTokenError,
    embed,
    encode,
    encoder_layer,
    forward,
    greedy_decode,
    load_corpus,
    load_model,
    param_count,
    param_counts,
    positional_encoding,
    softmax,
    translate,
)


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_config_is_the_design_size(model):
    c = model.config
    assert (c.d_model, c.n_heads, c.d_ff, c.n_encoder_layers, c.n_decoder_layers) == (32, 8, 128, 2, 2)
    assert c.d_k == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.d_model = 64


def test_load_model_is_cached_and_read_only(model):
    assert load_model() is model
    w = model.params["encoder"][0]["self_attn"]["w_q"]
    assert w.dtype == np.float64 and w.shape == (32, 32)
    with pytest.raises(ValueError):
        w[0, 0] = 1.0


def test_load_model_missing_file_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="scenes.reference.train"):
        load_model(tmp_path / "nope.npz")


def test_parameter_tree_shapes(model):
    p, d, v_src, v_tgt = model.params, 32, len(model.src_vocab), len(model.tgt_vocab)
    assert p["src_embed"].shape == (v_src, d) and p["tgt_embed"].shape == (v_tgt, d)
    assert set(p["encoder"][0]) == {"self_attn", "ln1", "ffn", "ln2"}
    assert set(p["decoder"][1]) == {"self_attn", "ln1", "cross_attn", "ln2", "ffn", "ln3"}
    assert set(p["decoder"][0]["cross_attn"]) == {"w_q", "w_k", "w_v", "w_o", "b_q", "b_k", "b_v", "b_o"}
    assert p["encoder"][1]["ffn"]["w1"].shape == (d, 128)
    assert p["generator"]["w"].shape == (d, v_tgt)
    counts = param_counts(p)
    assert counts["total"] == param_count(p) == sum(v for k, v in counts.items() if k != "total")
    assert counts["encoder.0"] == 4 * (d * d + d) + 2 * 2 * d + (d * 128 + 128 + 128 * d + d)
    assert counts["generator"] == d * v_tgt + v_tgt


def test_embed_scales_and_adds_positions(model):
    ids = model.src_ids("我 爱 学习")
    table = model.params["src_embed"]
    x = embed(table, ids)
    np.testing.assert_allclose(x, table[ids] * np.sqrt(32) + positional_encoding(3, 32))


def test_forward_trace_is_built_from_the_core_layers(model):
    src, tgt_in = model.src_ids("我 爱 学习"), [BOS_ID] + model.tgt_ids("I love learning")
    logits, trace = forward(model.params, model.config, src, tgt_in)
    assert logits.shape == (4, len(model.tgt_vocab))
    assert len(trace["encoder"]) == 2 and len(trace["decoder"]) == 2
    out0, _ = encoder_layer(trace["src_x"], model.params["encoder"][0], 8)
    np.testing.assert_array_equal(trace["encoder"][0]["out"], out0)
    np.testing.assert_array_equal(trace["memory"], trace["encoder"][1]["out"])
    np.testing.assert_array_equal(trace["decoder"][0]["memory"], trace["memory"])
    assert trace["decoder"][1]["cross_attn"]["weights"].shape == (8, 4, 3)
    np.testing.assert_allclose(trace["probs"], softmax(logits))
    memory, _ = encode(model.params, model.config, src)
    np.testing.assert_array_equal(memory, trace["memory"])


def test_greedy_decode_records_every_distribution(model):
    tokens, dists = greedy_decode(model, ["我", "爱", "学习"])
    assert tokens == ["I", "love", "learning", EOS]
    assert len(dists) == len(tokens)
    for tok, dist in zip(tokens, dists):
        assert dist.shape == (len(model.tgt_vocab),)
        assert dist.sum() == pytest.approx(1.0)
        assert model.tgt_vocab[int(np.argmax(dist))] == tok
    # the step-t distribution is the teacher-forced forward pass's row t
    tgt_in = [BOS_ID] + model.tgt_ids("I love learning")
    _, trace = forward(model.params, model.config, model.src_ids("我 爱 学习"), tgt_in)
    np.testing.assert_allclose(np.array(dists), trace["probs"], atol=1e-12)
    assert np.argmax(trace["probs"][-1]) == EOS_ID


def test_greedy_decode_stops_at_max_len(model):
    tokens, dists = greedy_decode(model, "猫 坐 在 垫子 上", max_len=2)
    assert tokens == ["the", "cat"] and len(dists) == 2


def test_unknown_source_word(model):
    with pytest.raises(UnknownTokenError, match="unknown word '学院'.*学"):
        greedy_decode(model, ["我", "爱", "学院"])


def test_shipped_model_greedy_translates_a_sample_of_the_corpus(model):
    """Greedy decoding end to end on every 20th pair of both splits (all 6,808 are checked
    batched, teacher-forced, in test_shipped_model.py: the same exact match)."""
    sample = load_corpus()[::20]
    wrong = [(" ".join(zh), got) for zh, en in sample
             if (got := translate(model, zh)) != " ".join(en)]
    assert len(sample) > 300 and wrong == []


def test_config_rejects_bad_sizes():
    with pytest.raises(ValueError, match="divisible"):
        Config(d_model=30, n_heads=8)


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04broken"])
def test_a_damaged_weights_file_names_the_file_and_make_train(tmp_path, content):
    from scenes.reference.model import ModelFileError

    path = tmp_path / "tiny_transformer.npz"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=r"tiny_transformer.npz is damaged.*make train"):
        load_model(path)


def test_a_weights_file_without_the_model_names_the_file(tmp_path):
    from scenes.reference.model import ModelFileError

    path = tmp_path / "other.npz"
    np.savez(path, x=np.zeros(3))
    with pytest.raises(ModelFileError, match=r"other.npz is damaged.*make train"):
        load_model(path)


def test_saving_the_same_model_twice_gives_the_same_bytes(model, tmp_path, monkeypatch):
    from scenes.reference.model import save_model
    save_model(tmp_path / "a.npz", model.config, model.params, model.src_vocab, model.tgt_vocab)
    monkeypatch.setattr("time.time", lambda: 4e9)  # another clock: no timestamp in the file
    save_model(tmp_path / "b.npz", model.config, model.params, model.src_vocab, model.tgt_vocab)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    again = load_model(tmp_path / "a.npz")
    assert again.src_vocab == model.src_vocab and again.config == model.config
    assert np.array_equal(again.params["generator"]["w"], model.params["generator"]["w"])
