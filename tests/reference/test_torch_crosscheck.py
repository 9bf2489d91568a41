"""Optional cross-check against PyTorch's own Transformer layers and autograd.

torch is not a dependency: the whole module is skipped when it is not installed. When it is,
torch.nn.TransformerEncoderLayer / TransformerDecoderLayer (post-LN, ReLU, no dropout) get the
shipped weights, and the full model's loss and every gradient are compared with ours.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from scenes.reference import (
    BOS_ID,
    EOS_ID,
    decoder_layer,
    encoder_layer,
    flatten_params,
    load_model,
    loss_and_grads,
    positional_encoding,
)

SRC, TGT = "猫 坐 在 垫子 上", "the cat sat on the mat"


def _t(a):
    return torch.tensor(np.array(a), dtype=torch.float64, requires_grad=True)


def _mha(p, d, n_heads):
    """nn.MultiheadAttention uses column vectors: in_proj_weight = [W_q^T; W_k^T; W_v^T]."""
    m = torch.nn.MultiheadAttention(d, n_heads, dropout=0.0, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        m.in_proj_weight.copy_(torch.tensor(np.concatenate([p["w_q"].T, p["w_k"].T, p["w_v"].T])))
        m.in_proj_bias.copy_(torch.tensor(np.concatenate([p["b_q"], p["b_k"], p["b_v"]])))
        m.out_proj.weight.copy_(torch.tensor(p["w_o"].T))
        m.out_proj.bias.copy_(torch.tensor(p["b_o"]))
    return m


def _load_common(layer, p):
    with torch.no_grad():
        layer.linear1.weight.copy_(torch.tensor(p["ffn"]["w1"].T))
        layer.linear1.bias.copy_(torch.tensor(p["ffn"]["b1"]))
        layer.linear2.weight.copy_(torch.tensor(p["ffn"]["w2"].T))
        layer.linear2.bias.copy_(torch.tensor(p["ffn"]["b2"]))
        names = ["ln1", "ln2", "ln3"] if "ln3" in p else ["ln1", "ln2"]
        for i, name in enumerate(names, 1):
            getattr(layer, f"norm{i}").weight.copy_(torch.tensor(p[name]["gamma"]))
            getattr(layer, f"norm{i}").bias.copy_(torch.tensor(p[name]["beta"]))


def _torch_encoder_layer(p, cfg):
    layer = torch.nn.TransformerEncoderLayer(
        cfg.d_model, cfg.n_heads, cfg.d_ff, dropout=0.0, activation="relu", batch_first=True,
        norm_first=False, dtype=torch.float64)
    layer.self_attn = _mha(p["self_attn"], cfg.d_model, cfg.n_heads)
    _load_common(layer, p)
    return layer.train()  # train mode: no fused fast path; dropout is 0 anyway


def _torch_decoder_layer(p, cfg):
    layer = torch.nn.TransformerDecoderLayer(
        cfg.d_model, cfg.n_heads, cfg.d_ff, dropout=0.0, activation="relu", batch_first=True,
        norm_first=False, dtype=torch.float64)
    layer.self_attn = _mha(p["self_attn"], cfg.d_model, cfg.n_heads)
    layer.multihead_attn = _mha(p["cross_attn"], cfg.d_model, cfg.n_heads)
    _load_common(layer, p)
    return layer.train()


def _causal(n):
    return torch.triu(torch.full((n, n), float("-inf"), dtype=torch.float64), diagonal=1)


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_layers_match_torch(model):
    cfg, p = model.config, model.params
    rng = np.random.default_rng(0)
    x, mem = rng.normal(size=(5, cfg.d_model)), rng.normal(size=(5, cfg.d_model))
    y = rng.normal(size=(4, cfg.d_model))
    ours, _ = encoder_layer(x, p["encoder"][0], cfg.n_heads)
    theirs = _torch_encoder_layer(p["encoder"][0], cfg)(torch.tensor(x)[None])[0]
    np.testing.assert_allclose(ours, theirs.detach().numpy(), atol=1e-10)
    ours, _ = decoder_layer(y, mem, p["decoder"][0], cfg.n_heads)
    theirs = _torch_decoder_layer(p["decoder"][0], cfg)(
        torch.tensor(y)[None], torch.tensor(mem)[None], tgt_mask=_causal(4))[0]
    np.testing.assert_allclose(ours, theirs.detach().numpy(), atol=1e-10)


def test_loss_and_every_gradient_match_torch_autograd(model):
    cfg, p = model.config, model.params
    src, tgt = model.src_ids(SRC), model.tgt_ids(TGT)
    tgt_in, tgt_out = [BOS_ID] + tgt, tgt + [EOS_ID]
    enc = [_torch_encoder_layer(lp, cfg) for lp in p["encoder"]]
    dec = [_torch_decoder_layer(lp, cfg) for lp in p["decoder"]]
    src_embed, tgt_embed = _t(p["src_embed"]), _t(p["tgt_embed"])
    gen_w, gen_b = _t(p["generator"]["w"]), _t(p["generator"]["b"])
    d = cfg.d_model
    x = src_embed[src] * d ** 0.5 + torch.tensor(positional_encoding(len(src), d))
    y = tgt_embed[tgt_in] * d ** 0.5 + torch.tensor(positional_encoding(len(tgt_in), d))
    x, y = x[None], y[None]
    for layer in enc:
        x = layer(x)
    for layer in dec:
        y = layer(y, x, tgt_mask=_causal(len(tgt_in)))
    logits = y[0] @ gen_w + gen_b
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(tgt_out))
    loss.backward()

    ours_loss, grads = loss_and_grads(p, cfg, src, tgt)
    assert ours_loss == pytest.approx(loss.item(), rel=1e-10)
    g = flatten_params(grads)
    np.testing.assert_allclose(g["src_embed"], src_embed.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(g["tgt_embed"], tgt_embed.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(g["generator.w"], gen_w.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(g["generator.b"], gen_b.grad.numpy(), atol=1e-10)
    for side, layers in (("encoder", enc), ("decoder", dec)):
        for i, layer in enumerate(layers):
            attns = [("self_attn", layer.self_attn)]
            if side == "decoder":
                attns.append(("cross_attn", layer.multihead_attn))
            for name, m in attns:
                w_grad = m.in_proj_weight.grad.numpy()
                b_grad = m.in_proj_bias.grad.numpy()
                for j, n in enumerate("qkv"):
                    np.testing.assert_allclose(g[f"{side}.{i}.{name}.w_{n}"],
                                               w_grad[j * d:(j + 1) * d].T, atol=1e-10)
                    np.testing.assert_allclose(g[f"{side}.{i}.{name}.b_{n}"],
                                               b_grad[j * d:(j + 1) * d], atol=1e-10)
                np.testing.assert_allclose(g[f"{side}.{i}.{name}.w_o"],
                                           m.out_proj.weight.grad.numpy().T, atol=1e-10)
                np.testing.assert_allclose(g[f"{side}.{i}.{name}.b_o"],
                                           m.out_proj.bias.grad.numpy(), atol=1e-10)
            np.testing.assert_allclose(g[f"{side}.{i}.ffn.w1"], layer.linear1.weight.grad.numpy().T,
                                       atol=1e-10)
            np.testing.assert_allclose(g[f"{side}.{i}.ffn.b2"], layer.linear2.bias.grad.numpy(),
                                       atol=1e-10)
            np.testing.assert_allclose(g[f"{side}.{i}.ln1.gamma"], layer.norm1.weight.grad.numpy(),
                                       atol=1e-10)
