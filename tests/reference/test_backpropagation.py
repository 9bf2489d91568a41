"""Backpropagation written out (scenes.reference.backpropagation) against finite differences.

Every link of the chain is checked by central differences of the loss with respect to that
tensor, the loss recomputed from the tensor onwards with core.py's layers (not backward.py);
the weight gradients, the blame chart, the top parameters and the SGD step against direct
recomputations.
"""

import math

import numpy as np
import pytest

from scenes.reference import (
    BOS_ID,
    EOS_ID,
    flatten_params,
    forward,
    layer_norm,
    load_corpus,
    load_model,
    loss_and_grads,
    pair_loss,
    param_count,
    softmax,
)
from scenes.reference import backpropagation as bp

SRC, TGT = "我 爱 学习", "I love learning"
EPS = 1e-6


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def pair(model):
    return model.src_ids(SRC), model.tgt_ids(TGT)


@pytest.fixture(scope="module")
def links(model, pair):
    return bp.chain(model, *pair)


def numeric_grad(fn, x, eps=EPS):
    """dfn/dx by central differences, entry by entry."""
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (fn(up) - fn(down)) / (2 * eps)
    return g


@pytest.fixture(scope="module")
def tails(model, pair):
    """The loss as a function of each tensor of the chain, the rest of the forward pass
    recomputed from there with core.py's layers -> (tensors, {name: loss_fn})."""
    src, tgt = pair
    tgt_out = list(tgt) + [EOS_ID]
    _, trace = forward(model.params, model.config, src, [BOS_ID] + list(tgt))
    last = trace["decoder"][-1]
    p = model.params["decoder"][-1]
    gen = model.params["generator"]
    ln2, ln3, ffn = p["ln2"], p["ln3"], p["ffn"]
    n = len(tgt_out)

    def from_z(z):
        return float(-np.mean(np.log(softmax(z)[np.arange(n), tgt_out])))

    def from_y(y):
        return from_z(y @ gen["w"] + gen["b"])

    a, c = last["add_norm1"], last["cross_attn"]["out"]
    b = last["add_norm2"]

    def from_f(f):
        return from_y(layer_norm(b + f, ln3["gamma"], ln3["beta"]))

    def from_h(h):
        return from_f(h @ ffn["w2"] + ffn["b2"])

    def from_u(u):
        return from_h(np.maximum(0.0, u))

    def from_b(b_):
        return from_y(layer_norm(b_ + np.maximum(0.0, b_ @ ffn["w1"] + ffn["b1"]) @ ffn["w2"]
                                 + ffn["b2"], ln3["gamma"], ln3["beta"]))

    def from_c(c_):
        return from_b(layer_norm(a + c_, ln2["gamma"], ln2["beta"]))

    tensors = {"d_z": trace["logits"], "d_y": last["out"], "d_f": last["ffn_out"],
               "d_h": last["ffn_hidden"], "d_u": b @ ffn["w1"] + ffn["b1"], "d_b": b, "d_c": c}
    fns = {"d_z": from_z, "d_y": from_y, "d_f": from_f, "d_h": from_h, "d_u": from_u,
           "d_b": from_b, "d_c": from_c}
    return tensors, fns


# ---------------------------------------------------------------- the pair and the loss
def test_the_training_pair_is_the_corpus_translation(model):
    words, target, from_corpus = bp.training_pair(model, SRC.split())
    assert from_corpus and words == SRC.split()
    assert target == next(list(en) for zh, en in load_corpus() if list(zh) == words)


def test_a_sentence_outside_the_corpus_takes_the_models_translation(model):
    words = ["猫", "爱", "学习"]
    assert all(list(zh) != words for zh, _ in load_corpus())
    _, target, from_corpus = bp.training_pair(model, words)
    assert not from_corpus and target == model.translate(" ".join(words)).split()


def test_training_pair_needs_words(model):
    with pytest.raises(ValueError, match="at least one word"):
        bp.training_pair(model, [])


def test_forward_pass_is_the_pair_loss(model, pair):
    f = bp.forward_pass(model, *pair)
    assert f["loss"] == pytest.approx(pair_loss(model.params, model.config, *pair), abs=1e-12)
    np.testing.assert_allclose(f["nll"], -np.log(f["p_correct"]), atol=1e-15)
    assert f["tgt_in"] == [BOS_ID] + list(pair[1]) and f["tgt_out"] == list(pair[1]) + [EOS_ID]


# ---------------------------------------------------------------- the chain, link by link
@pytest.mark.parametrize("name", ["d_z", "d_y", "d_f", "d_h", "d_u", "d_b", "d_c"])
def test_every_link_is_the_finite_difference_of_the_loss(links, tails, name):
    tensors, fns = tails
    numeric = numeric_grad(fns[name], np.array(tensors[name]))
    np.testing.assert_allclose(links[name], numeric, atol=1e-8, rtol=0)
    assert np.abs(links[name]).max() > 1e-6  # a real gradient, not zeros


def test_the_loss_tail_starts_from_the_models_loss(model, pair, tails):
    tensors, fns = tails
    loss = pair_loss(model.params, model.config, *pair)
    for name, fn in fns.items():
        assert fn(np.array(tensors[name])) == pytest.approx(loss, abs=1e-12), name


def test_the_relu_gate_zeroes_the_gradient_where_the_unit_is_off(links):
    assert np.all(links["d_u"][links["h"] <= 0] == 0)
    np.testing.assert_array_equal(links["d_u"], links["d_h"] * (links["h"] > 0))


def test_the_weight_gradients_are_those_of_the_whole_backward_pass(model, pair, links):
    _, grads = loss_and_grads(model.params, model.config, *pair)
    flat = flatten_params(grads)
    last = model.config.n_decoder_layers - 1
    for mine, key in (("d_w_gen", "generator.w"), ("d_w2", f"decoder.{last}.ffn.w2"),
                      ("d_w1", f"decoder.{last}.ffn.w1"),
                      ("d_w_o", f"decoder.{last}.cross_attn.w_o")):
        np.testing.assert_allclose(links[mine], flat[key], atol=1e-15, rtol=0)


def test_norms_by_hand():
    assert bp.norms({"a": np.array([[3.0, 0.0], [0.0, 4.0]])}) == {"a": 5.0}


@pytest.mark.parametrize("name", list(bp.WEIGHTS))
def test_a_weights_gradient_is_a_sum_of_input_times_arriving_gradient(model, pair, links,
                                                                        name):
    key, x_name, d_name = bp.WEIGHTS[name]
    key = bp.weight_key(model, key)
    _, grads = loss_and_grads(model.params, model.config, *pair)
    g = flatten_params(grads)[key]
    index = bp.largest(g)
    assert abs(g[index]) == np.abs(g).max()
    x, d, products, total = bp.weight_terms(links, x_name, d_name, index)
    np.testing.assert_array_equal(products, x * d)
    assert total == pytest.approx(g[index], abs=1e-15)
    # and the same by moving the weight itself
    numeric = bp.finite_difference(model, *pair, key, index, 1e-5)
    assert numeric == pytest.approx(total, abs=1e-9)


def test_weight_key_names_the_last_decoder_layer(model):
    last = model.config.n_decoder_layers - 1
    assert bp.weight_key(model, "decoder.-1.ffn.w1") == f"decoder.{last}.ffn.w1"
    assert bp.weight_key(model, "generator.w") == "generator.w"


def test_largest_by_hand():
    assert bp.largest(np.array([[0.1, -0.7], [0.7, 0.2]])) == (0, 1)  # the first on a tie


# ---------------------------------------------------------------- finite differences
def test_finite_difference_is_the_backward_pass_in_other_groups(model, pair):
    _, grads = loss_and_grads(model.params, model.config, *pair)
    flat = flatten_params(grads)
    for key, index in (("src_embed", (model.src_vocab.index("我"), 3)),
                       ("encoder.0.ln1.gamma", (5,)), ("decoder.0.self_attn.w_v", (2, 7))):
        numeric = bp.finite_difference(model, *pair, key, index, 1e-5)
        assert numeric == pytest.approx(flat[key][index], abs=1e-9), key


@pytest.mark.parametrize("h", [0, -1e-5, float("nan")])
def test_finite_difference_needs_a_positive_step(model, pair, h):
    with pytest.raises(ValueError, match="step h > 0"):
        bp.finite_difference(model, *pair, "generator.b", (0,), h)


def test_perturbed_leaves_the_model_alone(model):
    before = model.params["generator"]["b"].copy()
    moved = bp.perturbed(model.params, "generator.b", (3,), 0.5)
    assert moved["generator"]["b"][3] == before[3] + 0.5
    np.testing.assert_array_equal(model.params["generator"]["b"], before)


def test_loss_along_passes_through_the_loss(model, pair):
    offsets = np.array([-0.1, 0.0, 0.1])
    losses = bp.loss_along(model, *pair, "generator.w", (0, 0), offsets)
    assert losses[1] == pytest.approx(pair_loss(model.params, model.config, *pair), abs=1e-12)
    moved = bp.perturbed(model.params, "generator.w", (0, 0), 0.1)
    assert losses[2] == pytest.approx(pair_loss(moved, model.config, *pair), abs=1e-12)


# ---------------------------------------------------------------- who is to blame
def test_the_groups_hold_every_parameter_once(model, pair):
    _, grads = loss_and_grads(model.params, model.config, *pair)
    rows = bp.blame(grads, model.config)
    assert sum(r["size"] for r in rows) == param_count(model.params)
    assert sum(r["share"] for r in rows) == pytest.approx(1.0, abs=1e-12)
    flat = flatten_params(grads)
    for key in flat:
        assert bp.group_of(model.config, key) in {r["name"] for r in rows}
    total = sum(float(np.sum(g * g)) for g in flat.values())
    for r in rows:
        mine = [g for k, g in flat.items() if bp.group_of(model.config, k) == r["name"]]
        a = np.abs(np.concatenate([g.ravel() for g in mine]))
        assert r["max"] == a.max() and r["size"] == a.size
        assert np.all(np.diff(r["abs"]) <= 0)
        assert r["share"] == pytest.approx(float(np.sum(a * a)) / total, abs=1e-12)
    names = [r["name"] for r in rows]
    assert names[0] == "src_embed" and names[-1] == "generator"
    assert "decoder.0.cross_attn" in names and "encoder.0.cross_attn" not in names


def test_group_of_names_the_groups(model):
    cfg = model.config
    assert bp.group_of(cfg, "decoder.1.ln3.gamma") == "decoder.1.ln"
    assert bp.group_of(cfg, "encoder.0.self_attn.b_q") == "encoder.0.self_attn"
    assert bp.group_of(cfg, "tgt_embed") == "tgt_embed"
    with pytest.raises(ValueError, match="no parameter group holds 'lora.a'"):
        bp.group_of(cfg, "lora.a")


def test_top_parameters_by_brute_force(model, pair):
    _, grads = loss_and_grads(model.params, model.config, *pair)
    flat = flatten_params(grads)
    every = sorted(((k, idx, float(g[idx])) for k, g in flat.items()
                    for idx in np.ndindex(g.shape)), key=lambda e: -abs(e[2]))
    top = bp.top_parameters(grads, 7)
    assert [(k, tuple(i), g) for k, i, g in top] == [(k, tuple(int(j) for j in i), g)
                                                     for k, i, g in every[:7]]


def test_token_of(model):
    v = model.tgt_vocab.index("love")
    assert bp.token_of(model, "generator.w", (4, v)) == "love"
    assert bp.token_of(model, "generator.b", (v,)) == "love"
    assert bp.token_of(model, "tgt_embed", (v, 0)) == "love"
    assert bp.token_of(model, "src_embed", (model.src_vocab.index("爱"), 1)) == "爱"
    assert bp.token_of(model, "decoder.0.ffn.w1", (0, 0)) is None


# ---------------------------------------------------------------- one SGD step
def test_sgd_step_by_hand():
    params = {"w": np.array([1.0, -2.0]), "layers": [{"b": np.array([0.5])}]}
    grads = {"w": np.array([0.5, -1.0]), "layers": [{"b": np.array([2.0])}]}
    new = bp.sgd_step(params, grads, 0.1)
    np.testing.assert_allclose(new["w"], [0.95, -1.9])
    np.testing.assert_allclose(new["layers"][0]["b"], [0.3])


@pytest.mark.parametrize("lr", [0, -0.1])
def test_sgd_step_needs_a_positive_rate(lr):
    with pytest.raises(ValueError, match="lr > 0"):
        bp.sgd_step({"w": np.zeros(1)}, {"w": np.zeros(1)}, lr)


def test_update_reports_the_loss_after_the_step(model, pair):
    u = bp.update(model, *pair, 0.02)
    assert u["after"] == pytest.approx(pair_loss(u["params"], model.config, *pair), abs=1e-12)
    sq = sum(float(np.sum(g * g)) for g in flatten_params(u["grads"]).values())
    assert u["grad_sq"] == pytest.approx(sq, rel=1e-12)
    assert u["predicted"] == pytest.approx(u["before"] - 0.02 * sq, abs=1e-12)


def test_a_tiny_step_falls_as_the_gradient_predicts(model, pair):
    """(L - L_after) / lr -> ||g||^2 as lr -> 0: the first-order estimate."""
    lr = 1e-7
    u = bp.update(model, *pair, lr)
    assert u["after"] < u["before"]
    assert (u["before"] - u["after"]) / lr == pytest.approx(u["grad_sq"], rel=1e-3)
    assert math.isfinite(u["after"])
