"""The scale scene: every number it shows equals an independently computed value.

The oracle counts each model from its weight tensors listed one by one (tests/reference/
test_scale.py, typed from the papers and model cards), the paper's base model by hand, the
tiny model from the arrays saved in assets/tiny_transformer.npz; the compute rules are the
brief's 6 N T and 2 N. Nothing here goes through scenes/reference/scale.py.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from scenes.reference import scale as sc
from scenes.scale import Scale
from tests.reference.test_scale import (
    GPT,
    LLAMA2_70B,
    PUBLISHED,
    gpt_tensors,
    llama_tensors,
    size,
)
from tests.scenes import oracle
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    watched,
)

SECTIONS = ["title", "recipe", "hyper", "counts", "chart", "variants", "where", "compute"]
HEADS = {"GPT-1": 12, "GPT-2": 25, "GPT-3": 96}
PAPER = {"d": 512, "h": 8, "d_ff": 2048, "n": 6, "v": 37000}  # Vaswani et al. 2017
TOKENS = {"GPT-3": 300e9, "LLaMA-2 70B": 2.0e12}  # Brown et al. 2020; Touvron et al. 2023
GPT3_COMPUTE = 3.14e23  # Brown et al. 2020, Table D.1
TRAIN, INFER = 6, 2  # training ~ 6 N T, inference ~ 2 N per token
PERCENT = 100
ORDER = ["Transformer base", "GPT-1", "GPT-2", "GPT-3", "LLaMA-2 70B"]
Watched = watched(Scale)


def scaled(n):
    """n in its unit: thousands, millions, billions or trillions."""
    k = min(4, math.floor(math.log10(n) / 3))
    return n / 1000.0 ** k


def paper_parts():
    d, f, v, n = PAPER["d"], PAPER["d_ff"], PAPER["v"], PAPER["n"]
    attn, ffn, ln = 4 * d * d + 4 * d, 2 * d * f + f + d, 2 * d
    return {"embeddings": v * d, "attention": n * attn + n * 2 * attn, "ffn": 2 * n * ffn,
            "norms": n * 2 * ln + n * 3 * ln}


def gpt_parts(name):
    n, d, f, v, ctx = GPT[name]
    return {"embeddings": v * d + ctx * d, "attention": n * (4 * d * d + 4 * d),
            "ffn": n * (2 * d * f + f + d),
            "norms": n * 4 * d + (0 if name == "GPT-1" else 2 * d)}


def llama_parts(kv_heads=None, mlp=False):
    m = LLAMA2_70B
    d, n = m["dim"], m["layers"]
    kv = (kv_heads or m["heads"]) * d // m["heads"] if kv_heads != "all" else d
    ffn = 2 * d * 4 * d if mlp else 3 * d * m["hidden"]
    return {"embeddings": 2 * m["vocab"] * d, "attention": n * (2 * d * d + 2 * d * kv),
            "ffn": n * ffn, "norms": n * 2 * d + d}


def tiny():
    """The tiny model from its saved arrays: total, the four groups, config, vocabularies."""
    config, src, tgt, w = oracle.saved()
    group = {"embeddings": 0, "attention": 0, "ffn": 0, "norms": 0}
    for k, a in w.items():
        if "attn" in k:
            group["attention"] += a.size
        elif ".ffn." in k:
            group["ffn"] += a.size
        elif ".ln" in k:
            group["norms"] += a.size
        else:  # src_embed, tgt_embed, generator
            group["embeddings"] += a.size
    return sum(a.size for a in w.values()), group, config, (len(src), len(tgt))


def expected_values():
    totals = {"Transformer base": sum(paper_parts().values()),
              **{name: size(gpt_tensors(name)) for name in GPT},
              "LLaMA-2 70B": size(llama_tensors())}
    parts = {"Transformer base": paper_parts(), **{name: gpt_parts(name) for name in GPT},
             "LLaMA-2 70B": llama_parts(LLAMA2_70B["kv_heads"])}
    for name in ORDER:
        assert sum(parts[name].values()) == totals[name], name
    n_tiny, tiny_parts, cfg, vocabs = tiny()
    values = [totals[m] for m in ORDER]
    ratios = [totals[m] / PUBLISHED[m] for m in ORDER]
    n1, d1, f1, v1, ctx1 = GPT["GPT-1"]
    big = totals["GPT-3"]
    m = LLAMA2_70B
    d = m["dim"]
    kv_width = m["kv_heads"] * d // m["heads"]
    gqa, mha = 2 * d * d + 2 * d * kv_width, 4 * d * d
    swiglu, mlp = 3 * d * m["hidden"], 2 * d * 4 * d
    two_thirds = 2 * 4 * d // 3
    total_mha = sum(llama_parts("all").values())
    total_mlp = sum(llama_parts(m["kv_heads"], mlp=True).values())
    share = {name: {g: v / sum(p.values()) for g, v in p.items()}
             for name, p in {**parts, "tiny": tiny_parts}.items()}
    rows = ORDER + ["tiny"]
    flops = {name: TRAIN * totals[name] * TOKENS[name] for name in TOKENS}
    ticks = 10.0 ** np.arange(math.floor(math.log10(min(values + [n_tiny]))),
                              math.ceil(math.log10(max(values))) + 1)
    return {
        # recipe: GPT-1 term by term
        "scale.recipe.hyper": [n1, d1, f1, v1, ctx1],
        "subtitle:scale.recipe.say2": [n1],
        "recipe.embed": scaled(v1 * d1), "recipe.positions": scaled(ctx1 * d1),
        "recipe.attention": scaled(4 * d1 * d1 + 4 * d1),
        "recipe.ffn": scaled(2 * d1 * f1 + f1 + d1), "recipe.norms": scaled(4 * d1),
        "recipe.layers": scaled(n1 * (12 * d1 * d1 + 13 * d1)),  # 4d^2+4d + 8d^2+5d + 4d
        "subtitle:scale.recipe.say3": [totals["GPT-1"] / 1e6],
        "recipe.total": scaled(totals["GPT-1"]),
        "subtitle:scale.recipe.say4": [12], "scale.recipe.rule": [12],
        # hyper-parameters, the tiny model last
        "scale.hyper.pair": Each([PAPER["n"], PAPER["n"]],
                                 [cfg["n_encoder_layers"], cfg["n_decoder_layers"]]),
        "hyper.layers": Each(*(GPT[g][0] for g in GPT), m["layers"]),
        "hyper.d_model": Each(PAPER["d"], *(GPT[g][1] for g in GPT), d, cfg["d_model"]),
        "hyper.heads": Each(PAPER["h"], *HEADS.values(), cfg["n_heads"]),
        "scale.hyper.gqa": [m["heads"], m["kv_heads"]],
        "hyper.d_ff": Each(PAPER["d_ff"], *(GPT[g][2] for g in GPT), m["hidden"], cfg["d_ff"]),
        "hyper.vocab": Each(PAPER["v"], *(GPT[g][3] for g in GPT), m["vocab"]),
        "scale.hyper.vocabs": list(vocabs),
        "hyper.context": Each(*(GPT[g][4] for g in GPT), 4096),  # Llama 2: "4k" context
        "subtitle:scale.hyper.say2": [PAPER["d"], GPT["GPT-3"][1], PAPER["n"], GPT["GPT-3"][0]],
        "subtitle:scale.hyper.say3": [m["kv_heads"]],
        "scale.hyper.note_llama": [m["kv_heads"]],
        # computed vs published
        "counts.computed": Each(*map(scaled, values)),
        "counts.published": Each(*(scaled(PUBLISHED[g]) for g in ORDER)),
        "counts.ratio": Each(*ratios),
        "subtitle:scale.counts.say2": [big / 1e9, PUBLISHED["GPT-3"] / 1e9],
        "subtitle:scale.counts.say3": [ratios[0]],
        # the chart
        "chart.params": values + [n_tiny],
        "chart.counts": Each(*map(scaled, values + [n_tiny])),
        "chart.ticks": Each(*map(scaled, ticks)),
        "subtitle:scale.chart.say2": [values[0] / 1e6, big / 1e9],
        "subtitle:scale.chart.say3": [n_tiny, big / n_tiny / 1e6],
        # LLaMA-2 70B
        "subtitle:scale.variants.say1": [m["heads"], m["kv_heads"], mha / 1e6, gqa / 1e6],
        "scale.variants.gqa_detail": [kv_width, m["kv_heads"], d // m["heads"], gqa / 1e6,
                                      mha / 1e6],
        "subtitle:scale.variants.say2": [4 * d, 1.3, 4096, m["hidden"]],
        "scale.variants.swiglu_detail": [m["hidden"], swiglu / 1e6, 4 * d, mlp / 1e6],
        "scale.variants.width_detail": [4 * d, two_thirds, 1.3, int(1.3 * two_thirds), 4096,
                                        m["hidden"]],
        "scale.variants.output_detail": [m["vocab"] * d / 1e6],
        "subtitle:scale.variants.say3": [m["vocab"] * d / 1e6, totals["LLaMA-2 70B"] / 1e9,
                                         PUBLISHED["LLaMA-2 70B"] / 1e9],
        "scale.variants.totals": [4 * d, totals["LLaMA-2 70B"] / 1e9, total_mha / 1e9,
                                  total_mlp / 1e9],
        # where the parameters are
        "where.parts": Each(*([p[g] for g in ("embeddings", "attention", "ffn", "norms")]
                              for p in [*(parts[r] for r in ORDER), tiny_parts])),
        "scale.where.share": Each(*(PERCENT * share[r]["embeddings"] for r in rows),
                                  *(PERCENT * share[r]["ffn"] for r in rows)),
        "subtitle:scale.where.say2": [PERCENT * share["Transformer base"]["embeddings"],
                                      PERCENT * share["tiny"]["embeddings"],
                                      PERCENT * share["GPT-1"]["embeddings"]],
        "subtitle:scale.where.say3": [PERCENT * share["GPT-3"]["embeddings"],
                                      PERCENT * share["GPT-3"]["ffn"],
                                      PERCENT * share["LLaMA-2 70B"]["ffn"]],
        # compute
        "subtitle:scale.compute.say1": [TRAIN, INFER],
        "compute.rule": [TRAIN], "compute.head": [TRAIN], "compute.per_token": [INFER],
        "compute.params": Each(scaled(big), scaled(totals["LLaMA-2 70B"])),
        "compute.tokens": Each(*map(scaled, TOKENS.values())),
        "compute.flops": Each(*flops.values()),
        "compute.published": [GPT3_COMPUTE],
        "compute.ratio": [flops["GPT-3"] / GPT3_COMPUTE],
        "subtitle:scale.compute.say2": [TOKENS["GPT-3"] / 1e9, flops["GPT-3"], GPT3_COMPUTE],
        "subtitle:scale.compute.say3": [TOKENS["LLaMA-2 70B"] / 1e12, flops["LLaMA-2 70B"]],
        "subtitle:scale.compute.say4": [INFER, INFER * big, INFER * n_tiny],
        "compute.inference": Each(*(INFER * v for v in values + [n_tiny])),
        "subtitle:scale.compute.say5": [flops["GPT-3"] / (INFER * big)],
    }


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    assert_shows_exactly(zh_dark, expected_values(), atol=1e-6)


def test_no_other_digits_on_screen(zh_dark):
    """A text with a digit is a number mobject, a model's name or a source: nothing typed."""
    names = {r["name"] for r in sc.models()}
    allowed = {n.replace(" ", "") for n in names}
    allowed |= {f"{zh_dark.name(r['name'])}:{r['source']}".replace(" ", "")
                for r in sc.models()}
    for t in zh_dark.texts:
        if re.search(r"\d", t.text) and getattr(t, "record", None) is None:
            assert t.text in allowed, t.text


def test_log_bars_are_logarithmic():
    """Equal ratios are equal lengths: a bar is as long as log10(value / first tick)."""
    from scenes.parts.scale import LogBars
    ticks = 10.0 ** np.arange(3, 10)  # 1e3 .. 1e9: six decades on 6 units
    bars = LogBars([1e4, 1e6, 1e9], "t", ticks, width=6.0, row_h=0.5, colours=["#fff"] * 3)
    np.testing.assert_allclose([b.width for b in bars.bars], [1.0, 3.0, 6.0])
    assert bars.x_of(1e6) - bars.x_of(1e3) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="must span"):
        LogBars([1e12], "t", ticks, 6.0, 0.5, ["#fff"])


def test_nothing_leaves_the_frame_or_overlaps(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_english_on_light(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert scene.layout == []
    assert_shown_faithfully(scene)
    assert_shows_exactly(scene, expected_values(), atol=1e-6)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("scale")
