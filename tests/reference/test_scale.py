"""Scale reference: every model's count against its weight tensors listed one by one (as the
released checkpoints name them), the published figures, LLaMA's FFN width rule on other LLaMA
sizes, the compute rules, units and ticks, and clear errors for bad input.

The hyper-parameters are typed here a second time from the sources named in
scenes/reference/scale.py, so a typo in either copy fails.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from scenes.reference import counts
from scenes.reference import scale as sc

# (layers, d_model, d_ff, vocab, context) of the GPT-style models, from their papers
GPT = {"GPT-1": (12, 768, 3072, 40478, 512), "GPT-2": (48, 1600, 6400, 50257, 1024),
       "GPT-3": (96, 12288, 49152, 50257, 2048)}
LLAMA2_70B = {"layers": 80, "dim": 8192, "heads": 64, "kv_heads": 8, "hidden": 28672,
              "vocab": 32000}  # the model card / HF config (intermediate_size 28672)
PUBLISHED = {"Transformer base": 65e6, "GPT-1": 117e6, "GPT-2": 1542e6, "GPT-3": 175e9,
             "LLaMA-2 70B": 70e9}
# the number of scalars in the released weights (the Hugging Face checkpoints openai-gpt,
# gpt2-xl and Llama-2-70b-hf), independent of any formula
RELEASED = {"GPT-1": 116_534_784, "GPT-2": 1_557_611_200, "LLaMA-2 70B": 68_976_648_192}


def gpt_tensors(name):
    """Every tensor of a GPT checkpoint: wte, wpe, per block ln_1, attn.c_attn (Q, K, V in one
    [d, 3d] matrix), attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj; ln_f after the last block
    (GPT-2 and GPT-3, pre-LN); the output reuses wte."""
    n, d, f, v, ctx = GPT[name]
    shapes = [(v, d), (ctx, d)]
    for _ in range(n):
        shapes += [(d,), (d,), (d, 3 * d), (3 * d,), (d, d), (d,),
                   (d,), (d,), (d, f), (f,), (f, d), (d,)]
    if name != "GPT-1":
        shapes += [(d,), (d,)]
    return shapes


def llama_tensors():
    """embed_tokens, per layer q/k/v/o_proj, gate/up/down_proj, two RMSNorm weights; norm;
    lm_head (untied); no biases."""
    m = LLAMA2_70B
    d, h = m["dim"], m["hidden"]
    kv = m["kv_heads"] * d // m["heads"]
    shapes = [(m["vocab"], d)]
    for _ in range(m["layers"]):
        shapes += [(d, d), (d, kv), (d, kv), (d, d), (d, h), (d, h), (h, d), (d,), (d,)]
    return shapes + [(d,), (m["vocab"], d)]


def size(shapes):
    return sum(math.prod(s) for s in shapes)


def by_name():
    return {r["name"]: r for r in sc.models()}


def test_the_hyper_parameters_are_the_published_ones():
    for m in sc.DECODERS[:3]:
        assert (m.n_layers, m.d_model, m.d_ff, m.vocab, m.context) == GPT[m.name]
    m = sc.LLAMA2_70B
    assert (m.n_layers, m.d_model, m.n_heads, m.n_kv_heads, m.d_ff, m.vocab) == tuple(
        LLAMA2_70B[k] for k in ("layers", "dim", "heads", "kv_heads", "hidden", "vocab"))
    assert {k: p.params for k, p in sc.PUBLISHED.items()} == PUBLISHED


@pytest.mark.parametrize("name", list(GPT))
def test_gpt_counts_equal_their_tensors(name):
    m = next(m for m in sc.DECODERS if m.name == name)
    assert sc.decoder_counts(m)["total"] == size(gpt_tensors(name))


def test_llama_count_equals_its_tensors():
    assert sc.decoder_counts(sc.LLAMA2_70B)["total"] == size(llama_tensors())


@pytest.mark.parametrize("name", list(RELEASED))
def test_counts_equal_the_released_weights(name):
    assert by_name()[name]["params"] == RELEASED[name]


def test_gpt3_is_the_175b_of_its_paper():
    assert by_name()["GPT-3"]["params"] == size(gpt_tensors("GPT-3"))
    assert by_name()["GPT-3"]["params"] == pytest.approx(175e9, rel=0.003)


def test_the_paper_base_model_is_counts_py():
    r = by_name()[sc.PAPER_NAME]
    assert r["params"] == counts.paper_base_counts()["total"]
    assert r["published"] == counts.PAPER_BASE_QUOTED


def test_every_count_is_near_its_published_figure():
    for r in sc.models():
        assert r["ratio"] == pytest.approx(r["params"] / PUBLISHED[r["name"]])
        assert abs(r["ratio"] - 1) < 0.035, r["name"]


def test_breakdowns_add_up():
    for r in sc.models():
        assert sum(r["breakdown"].values()) == r["params"], r["name"]
        assert all(v >= 0 for v in r["breakdown"].values())
    gpt3 = by_name()["GPT-3"]["breakdown"]
    n, d, f, v, ctx = GPT["GPT-3"]
    assert gpt3["embeddings"] == v * d + ctx * d
    assert gpt3["ffn"] == n * (2 * d * f + f + d)


def test_tiny_model_breakdown_equals_its_parameter_tree():
    from scenes.reference import load_model, param_count
    model = load_model()
    parts = sc.encoder_decoder_breakdown(model.config, counts.model_counts(model))
    p = model.params
    assert sum(parts.values()) == param_count(p)
    assert parts["embeddings"] == param_count([p["src_embed"], p["tgt_embed"], p["generator"]])
    assert parts["ffn"] == param_count([layer["ffn"] for layer in p["encoder"] + p["decoder"]])


@pytest.mark.parametrize("d,multiple_of,multiplier,hidden", [
    (4096, 256, 1.0, 11008),  # LLaMA 7B / Llama-2 7B: intermediate_size 11008
    (5120, 256, 1.0, 13824),  # LLaMA 13B: 13824
    (8192, 4096, 1.3, 28672),  # Llama-2 70B: 28672
])
def test_swiglu_width_rule(d, multiple_of, multiplier, hidden):
    assert sc.swiglu_hidden(d, multiple_of, multiplier) == hidden


def test_gqa_shrinks_only_keys_and_values():
    v = sc.llama_variants()
    d, kv = LLAMA2_70B["dim"], LLAMA2_70B["kv_heads"] * LLAMA2_70B["dim"] // LLAMA2_70B["heads"]
    assert v["attention_mha"] == 4 * d * d
    assert v["attention_gqa"] == 2 * d * d + 2 * d * kv
    assert v["ffn_swiglu"] == 3 * d * LLAMA2_70B["hidden"]
    assert v["ffn_mlp"] == 2 * d * 4 * d
    assert v["total_mha"] - v["total"] == LLAMA2_70B["layers"] * (v["attention_mha"]
                                                                  - v["attention_gqa"])
    assert v["output"] == LLAMA2_70B["vocab"] * d
    assert (v["two_thirds"], v["scaled"], v["hidden"]) == (21845, 28398, 28672)


def test_layer_coefficient_is_twelve_for_the_gpt_recipe():
    for m in sc.DECODERS[:3]:
        assert sc.layer_coefficient(m) == 12
    c = sc.decoder_counts(sc.GPT3)
    assert 12 * sc.GPT3.n_layers * sc.GPT3.d_model ** 2 == pytest.approx(c["layers"], rel=1e-3)


def test_compute_rules():
    gpt3 = by_name()["GPT-3"]
    assert gpt3["train_flops"] == 6 * gpt3["params"] * 300e9
    assert gpt3["train_flops"] == pytest.approx(3.14e23, rel=0.002)  # Brown et al., Table D.1
    assert gpt3["inference_flops"] == 2 * gpt3["params"]
    assert by_name()["LLaMA-2 70B"]["train_flops"] == 6 * RELEASED["LLaMA-2 70B"] * 2.0e12
    assert by_name()["GPT-1"]["train_flops"] is None  # no published token count


def test_units_and_ticks():
    assert sc.in_units(116_534_784) == (116.534784, "M", 1)
    assert sc.in_units(1542e6, 4) == (1.542, "B", 3)
    assert sc.in_units(70e9, 2) == (70.0, "B", 0)
    assert sc.in_units(63_501) == (63.501, "K", 2)
    assert sc.in_units(512) == (512, "", 1)
    assert sc.in_units(2.0e12, 2) == (2.0, "T", 1)
    np.testing.assert_allclose(sc.log_ticks([63_501, 1.7e11]), 10.0 ** np.arange(4, 13))


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"d_model=100 is not divisible by n_heads=3"):
        dataclasses.replace(sc.GPT1, d_model=100, n_heads=3)
    with pytest.raises(ValueError, match=r"n_heads=64 is not a multiple of n_kv_heads=6"):
        dataclasses.replace(sc.LLAMA2_70B, n_kv_heads=6)
    with pytest.raises(ValueError, match=r"ffn='gelu'; accepted: mlp, swiglu"):
        dataclasses.replace(sc.GPT1, ffn="gelu")
    with pytest.raises(ValueError, match="count > 0"):
        sc.in_units(0)
    with pytest.raises(ValueError, match="digits=0"):
        sc.in_units(5, 0)
