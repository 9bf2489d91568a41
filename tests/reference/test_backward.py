"""The hand-written backward pass against finite differences, for every parameter group."""

import numpy as np
import pytest

from scenes.reference import (
    Config,
    batch_forward,
    batch_loss_and_grads,
    flatten_params,
    forward,
    init_params,
    loss_and_grads,
    pair_loss,
    unflatten_params,
)

CFG = Config(d_model=8, n_heads=2, d_ff=16, n_encoder_layers=2, n_decoder_layers=2)
V_SRC, V_TGT = 9, 11
SRC = [[4, 5, 6], [7, 8], [4, 4, 5, 6, 7]]  # different lengths: the batch is padded
TGT = [[4, 5], [6, 7, 8, 9], [10]]
EPS = 1e-5


@pytest.fixture(scope="module")
def params():
    """A random point: Glorot weights plus noise on every entry (LN and biases too)."""
    rng = np.random.default_rng(1)
    flat = flatten_params(init_params(CFG, V_SRC, V_TGT, seed=3))
    return unflatten_params({k: v + 0.1 * rng.normal(size=v.shape) for k, v in flat.items()})


def _numeric(loss_fn, flat, key, idx):
    """Central difference (L(p + eps) - L(p - eps)) / (2 eps) for one entry."""
    out = []
    for sign in (1.0, -1.0):
        moved = dict(flat)
        a = flat[key].copy()
        a[idx] += sign * EPS
        moved[key] = a
        out.append(loss_fn(unflatten_params(moved)))
    return (out[0] - out[1]) / (2 * EPS)


def test_batched_forward_equals_core_forward(params):
    logits, _ = batch_forward(params, CFG, SRC, [[1] + t for t in TGT])
    for b, (s, t) in enumerate(zip(SRC, TGT)):
        single, trace = forward(params, CFG, s, [1] + t)
        np.testing.assert_allclose(logits[b, : len(t) + 1], single, rtol=0, atol=1e-12)
        assert set(trace) >= {"src_x", "encoder", "memory", "tgt_x", "decoder", "logits", "probs"}


def test_batched_loss_is_token_mean_of_pairs(params):
    loss, grads = batch_loss_and_grads(params, CFG, SRC, TGT)
    n = [len(t) + 1 for t in TGT]
    singles = [loss_and_grads(params, CFG, s, t) for s, t in zip(SRC, TGT)]
    assert loss == pytest.approx(sum(k * l for k, (l, _) in zip(n, singles)) / sum(n), rel=1e-12)
    g_flat = flatten_params(grads)
    for key, g in g_flat.items():
        expected = sum(k * flatten_params(gs)[key] for k, (_, gs) in zip(n, singles)) / sum(n)
        np.testing.assert_allclose(g, expected, rtol=1e-9, atol=1e-12, err_msg=key)
    # <pad> (id 0) never appears as a real token, so its embedding gets no gradient
    assert np.all(g_flat["src_embed"][0] == 0) and np.all(g_flat["tgt_embed"][0] == 0)


def test_every_parameter_group_matches_finite_differences(params):
    """Relative error ||g - g_num|| / (||g|| + ||g_num||) < 1e-6 for every parameter array."""
    _, grads = batch_loss_and_grads(params, CFG, SRC, TGT)
    flat, g_flat = flatten_params(params), flatten_params(grads)
    assert list(flat) == list(g_flat)
    rng = np.random.default_rng(0)

    def loss_fn(p):
        return batch_loss_and_grads(p, CFG, SRC, TGT)[0]

    for key, value in flat.items():
        n = min(value.size, 6)
        picks = rng.choice(value.size, size=n, replace=False)
        idxs = [np.unravel_index(i, value.shape) for i in picks]
        if key.endswith("embed"):  # rows of tokens that occur
            rows = [4, 5, 6, 7, 8] if key == "src_embed" else [1, 2, 4, 6, 9, 10]
            idxs = [(r, int(rng.integers(value.shape[1]))) for r in rows]
        analytic = np.array([g_flat[key][i] for i in idxs])
        numeric = np.array([_numeric(loss_fn, flat, key, i) for i in idxs])
        if key.endswith(".b_k"):
            # softmax is shift invariant along the keys: q . b_k is the same for every key
            assert np.abs(analytic).max() < 1e-12 and np.abs(numeric).max() < 1e-8, key
            continue
        rel = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
        assert rel < 1e-6, f"{key}: relative error {rel:.2e}"


def test_single_pair_gradient_matches_core_forward_loss(params):
    """loss_and_grads agrees with finite differences of the core (display) forward pass."""
    src, tgt = SRC[2], TGT[1]
    loss, grads = loss_and_grads(params, CFG, src, tgt)
    assert loss == pytest.approx(pair_loss(params, CFG, src, tgt), rel=1e-12)
    flat, g_flat = flatten_params(params), flatten_params(grads)
    for key, idx in [("decoder.1.cross_attn.w_v", (3, 5)), ("encoder.0.ffn.w1", (2, 7)),
                     ("encoder.0.ln1.gamma", (4,)), ("src_embed", (5, 1)),
                     ("tgt_embed", (7, 2)), ("generator.b", (9,))]:
        num = _numeric(lambda p: pair_loss(p, CFG, src, tgt), flat, key, idx)
        assert g_flat[key][idx] == pytest.approx(num, rel=1e-6, abs=1e-10), key


def test_guided_alignment_term_matches_finite_differences(params):
    """The optional alignment term (on the last cross-attention) has its own exact gradient."""
    links = [[(0, 0), (1, 2)], [(2, 1)], [(0, 4), (1, 3)]]
    loss, grads = batch_loss_and_grads(params, CFG, SRC, TGT, links, align_weight=0.5)
    plain, _ = batch_loss_and_grads(params, CFG, SRC, TGT)
    assert loss > plain
    flat, g_flat = flatten_params(params), flatten_params(grads)

    def loss_fn(p):
        return batch_loss_and_grads(p, CFG, SRC, TGT, links, align_weight=0.5)[0]

    for key, idx in [("decoder.1.cross_attn.w_q", (4, 1)), ("decoder.1.cross_attn.w_k", (5, 2)),
                     ("decoder.0.self_attn.w_v", (0, 3)), ("encoder.1.ffn.w2", (7, 6)),
                     ("src_embed", (5, 2)), ("tgt_embed", (6, 0))]:
        num = _numeric(loss_fn, flat, key, idx)
        assert g_flat[key][idx] == pytest.approx(num, rel=1e-6, abs=1e-10), key
