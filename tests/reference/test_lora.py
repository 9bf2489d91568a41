"""LoRA: the low-rank update, merging, parameter counts, gradients and the shipped fine-tune."""

import hashlib
import json

import numpy as np
import pytest

from scenes.reference import (
    Config,
    batch_loss_and_grads,
    flatten_params,
    forward,
    init_params,
    load_corpus,
    load_model,
    pair_loss,
    param_count,
    translate,
)
from scenes.reference.lora import (
    LORA_LOG_PATH,
    LoraLinear,
    adapter_grads,
    adapter_param_count,
    apply_adapters,
    attach_adapters,
    bottleneck_param_count,
    init_adapters,
    load_adapters,
    load_lora_log,
    lora_forward,
    lora_fraction,
    lora_model,
    lora_param_count,
    lora_targets,
    merge_lora,
    model_lora_counts,
    notes_adapter_counts,
    notes_lora_counts,
)
from scenes.reference.lora_finetune import LORA_PAIRS_PATH, LoraConfig, finetune


def test_lora_forward_is_x_w_plus_scaled_low_rank_update():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(3, 6)), rng.normal(size=(6, 5))
    a, b = rng.normal(size=(6, 2)), rng.normal(size=(2, 5))
    np.testing.assert_allclose(lora_forward(x, w, a, b, alpha=4, r=2), x @ w + 2.0 * x @ a @ b)
    # merged and unmerged agree
    np.testing.assert_allclose(lora_forward(x, w, a, b, 4, 2), x @ merge_lora(w, a, b, 4, 2))
    # B = 0 (the initialisation): the layer is unchanged
    np.testing.assert_array_equal(lora_forward(x, w, a, np.zeros((2, 5)), 4, 2), x @ w)


def test_parameter_counts():
    assert lora_param_count(4096, 4096, 8) == 65_536  # A 4096x8 + B 8x4096
    assert lora_fraction(4096, 4096, 8) == pytest.approx(65_536 / 16_777_216)  # 0.39 %
    assert notes_lora_counts() == {"full": 16_777_216, "lora": 65_536, "fraction": 0.00390625}
    assert lora_param_count(32, 32, 4) == 256
    counts = model_lora_counts(load_model().params, r=4)
    assert len(counts["adapted"]) == 12 and counts["per_matrix"] == 256
    assert counts["trainable"] == 3072 and counts["total"] == param_count(load_model().params)


def test_zero_b_leaves_the_model_unchanged_and_merge_matches_unmerged():
    model = load_model()
    names = lora_targets(model.params)
    assert len(names) == 2 * (2 + 2 * 2)  # W_Q and W_V of 6 attention blocks
    adapters = init_adapters(model.params, names, r=4, seed=1)
    same = apply_adapters(model.params, adapters, alpha=8, r=4)
    for k, v in flatten_params(model.params).items():
        np.testing.assert_array_equal(flatten_params(same)[k], v)
    # non-zero B: q computed unmerged (x W + s x A B) equals the merged model's trace
    rng = np.random.default_rng(2)
    for ab in adapters.values():
        ab["b"] = rng.normal(size=ab["b"].shape) * 0.1
    merged = apply_adapters(model.params, adapters, alpha=8, r=4)
    src, tgt_in = model.src_ids("我 爱 学习"), [1] + model.tgt_ids("I love learning")
    _, trace = forward(merged, model.config, src, tgt_in)
    p = model.params["encoder"][0]["self_attn"]
    ab = adapters["encoder.0.self_attn.w_q"]
    q = lora_forward(trace["src_x"], p["w_q"], ab["a"], ab["b"], 8, 4) + p["b_q"]
    got = trace["encoder"][0]["self_attn"]["q"]  # [h, n, d_k]
    np.testing.assert_allclose(got.transpose(1, 0, 2).reshape(3, 32), q, atol=1e-12)


def test_adapter_gradients_match_finite_differences():
    cfg = Config(d_model=8, n_heads=2, d_ff=16, n_encoder_layers=1, n_decoder_layers=1)
    params = init_params(cfg, 9, 11, seed=0)
    adapters = init_adapters(params, lora_targets(params, ("w_q", "w_k", "w_v", "w_o")), 2, seed=0)
    rng = np.random.default_rng(0)
    for ab in adapters.values():
        ab["b"] = rng.normal(size=ab["b"].shape) * 0.3
    src, tgt = [[4, 5, 6], [7, 8]], [[4, 5], [6, 7, 8]]

    def loss(ads):
        return batch_loss_and_grads(apply_adapters(params, ads, 3.0, 2), cfg, src, tgt)[0]

    _, g_merged = batch_loss_and_grads(apply_adapters(params, adapters, 3.0, 2), cfg, src, tgt)
    grads = adapter_grads(g_merged, adapters, 3.0, 2)
    for name in adapters:
        for m in ("a", "b"):
            for idx in [(0, 0), (1, 1), (3, 0)] if m == "a" else [(0, 2), (1, 5)]:
                moved = {n: {k: v.copy() for k, v in ab.items()} for n, ab in adapters.items()}
                moved[name][m][idx] += 1e-5
                up = loss(moved)
                moved[name][m][idx] -= 2e-5
                num = (up - loss(moved)) / 2e-5
                assert grads[name][m][idx] == pytest.approx(num, rel=1e-6, abs=1e-10), (name, m, idx)


def _digest(params):
    h = hashlib.sha256()
    for k, v in flatten_params(params).items():
        h.update(k.encode())
        h.update(np.ascontiguousarray(v).tobytes())
    return h.hexdigest()


def test_fine_tuning_keeps_frozen_weights_bit_identical_and_lowers_the_loss():
    model = load_model()
    before = _digest(model.params)
    pairs = load_corpus(LORA_PAIRS_PATH)
    adapters, steps = finetune(model, pairs, LoraConfig(steps=8))
    assert _digest(model.params) == before
    assert steps[-1]["loss"] < steps[0]["loss"]
    assert adapter_param_count(adapters) == 12 * 4 * (32 + 32)


@pytest.fixture(scope="module")
def shipped():
    model = load_model()
    adapters, alpha, r = load_adapters()
    return model, lora_model(model, adapters, alpha, r), json.loads(
        LORA_LOG_PATH.read_text(encoding="utf-8"))


def test_shipped_adapters_learn_the_new_pairs(shipped):
    base, tuned, log = shipped
    pairs = load_corpus(LORA_PAIRS_PATH)
    losses = []
    for m in (base, tuned):
        losses.append(np.mean([pair_loss(m.params, m.config, m.src_ids(zh), m.tgt_ids(en))
                               for zh, en in pairs]))
    assert losses[1] < 0.2 * losses[0]
    assert log["loss_before"] == pytest.approx(losses[0]) and log["loss_after"] == pytest.approx(losses[1])
    assert [translate(tuned, zh) for zh, _ in pairs] == [" ".join(en) for _, en in pairs]
    assert log["trainable_params"] < 0.1 * log["total_params"]
    step_losses = [s["loss"] for s in log["steps"]]
    assert step_losses[-1] < step_losses[0]


def test_original_pairs_still_translate_after_lora(shipped):
    _, tuned, log = shipped
    from scenes.reference.train import corpus_ids, measure
    corpus = load_corpus()  # train + held-out; teacher-forced exact match = greedy exact match
    src, tgt = corpus_ids(corpus, tuned.src_vocab, tuned.tgt_vocab)
    kept = round(measure(tuned.params, tuned.config, src, tgt)["exact"] * len(corpus))
    assert (log["corpus_still_translated"], log["corpus_sentences"]) == (kept, len(corpus))
    assert kept >= 0.99 * len(corpus)


def test_lora_linear_computes_the_unmerged_update():
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    a, b = np.array([[1.0], [0.0]]), np.array([[0.5, -1.0]])
    x = np.array([[2.0, 1.0]])
    # x W = [5, 8];  x A = [2];  (x A) B = [1, -2];  alpha / r = 3
    np.testing.assert_array_equal(x @ LoraLinear(w, a, b, alpha=3.0, r=1), [[8.0, 2.0]])
    assert LoraLinear(w, a, b, 3.0, 1).shape == (2, 2)


def test_attached_adapters_give_the_merged_model_outputs():
    model = load_model()
    adapters, alpha, r = load_adapters()
    attached = attach_adapters(model.params, adapters, alpha, r)
    assert isinstance(attached["decoder"][1]["cross_attn"]["w_v"], LoraLinear)
    assert isinstance(attached["decoder"][1]["cross_attn"]["w_k"], np.ndarray)
    src, tgt_in = model.src_ids("猫 和 狗 不 忙"), [1] + model.tgt_ids("the cat and the dog are not busy")
    unmerged = forward(attached, model.config, src, tgt_in)[1]["probs"]
    merged = forward(apply_adapters(model.params, adapters, alpha, r), model.config, src,
                     tgt_in)[1]["probs"]
    base = forward(model.params, model.config, src, tgt_in)[1]["probs"]
    np.testing.assert_allclose(unmerged, merged, rtol=0, atol=1e-12)
    assert np.abs(unmerged - base).max() > 0.1
    # zero B attached: exactly the base model
    zero = {n: {"a": ab["a"], "b": np.zeros_like(ab["b"])} for n, ab in adapters.items()}
    same = forward(attach_adapters(model.params, zero, alpha, r), model.config, src, tgt_in)
    np.testing.assert_array_equal(same[1]["probs"], base)


def test_adapter_counts_of_the_notes():
    assert bottleneck_param_count(10, 3) == 60
    c = notes_adapter_counts()
    assert c == {"down": 49_152, "up": 49_152, "adapter": 98_304, "full": 589_824,
                 "fraction": pytest.approx(98_304 / 589_824)}


def test_lora_log_loads():
    log = load_lora_log()
    assert len(log["steps"]) == log["config"]["steps"]
    assert log["config"]["r"] == load_adapters()[2]
