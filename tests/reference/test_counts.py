"""Parameter counts per block: equal to the real parameter trees, and the paper's base model by hand."""

from __future__ import annotations

import pytest

from scenes.reference import Config, counts, init_params, load_model, param_count


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_tiny_model_blocks_equal_its_parameter_tree(model):
    c, p = counts.model_counts(model), model.params
    assert c["total"] == param_count(p)
    assert c["embeddings"] == {"src_embed": param_count(p["src_embed"]),
                               "tgt_embed": param_count(p["tgt_embed"])}
    for side in ("encoder", "decoder"):
        layer = c[f"{side}_layer"]
        for i, tree in enumerate(p[side]):
            assert layer["total"] == param_count(tree), f"{side}.{i}"
            for block, tree_block in tree.items():
                assert layer[block] == param_count(tree_block), f"{side}.{i}.{block}"
        assert set(layer) - {"total"} == set(p[side][0])
        assert c[side] == param_count(p[side])
    assert c["generator"] == param_count(p["generator"])


@pytest.mark.parametrize("sizes", [(16, 2, 24, 1, 3), (32, 8, 128, 2, 2), (64, 4, 256, 3, 1)])
def test_any_config_equals_a_freshly_built_tree(sizes):
    config = Config(*sizes)
    tree = init_params(config, 11, 13)
    c = counts.block_counts(config, 11, 13)
    assert c["total"] == param_count(tree)
    assert c["encoder"] == param_count(tree["encoder"])
    assert c["decoder"] == param_count(tree["decoder"])


def test_heads_do_not_change_the_count():
    one, eight = Config(32, 1, 128, 2, 2), Config(32, 8, 128, 2, 2)
    assert counts.block_counts(one, 20, 20) == counts.block_counts(eight, 20, 20)


def test_shared_and_tied_layout_drops_the_second_table_and_the_projection():
    config = Config(16, 2, 32, 1, 1)
    tree = init_params(config, 9, 9)
    untied = param_count(tree)
    tied = counts.block_counts(config, 9, 9, shared_vocab=True, tied_output=True,
                               output_bias=False)["total"]
    # one 9 x 16 table instead of two, no generator weights [16, 9], no generator bias [9]
    assert untied - tied == 9 * 16 + 16 * 9 + 9
    with pytest.raises(ValueError, match="shared vocabulary"):
        counts.block_counts(config, 9, 10, shared_vocab=True)


def test_paper_base_by_hand():
    c = counts.paper_base_counts()
    d, d_ff, v = 512, 2048, 37000
    mha = 4 * (d * d + d)  # 1,050,624
    ffn = (d * d_ff + d_ff) + (d_ff * d + d)  # 2,099,712
    ln = 2 * d
    assert c["embeddings"] == {"shared_embed": v * d} == {"shared_embed": 18_944_000}
    assert c["encoder_layer"] == {"self_attn": mha, "ln1": ln, "ffn": ffn, "ln2": ln,
                                  "total": 3_152_384}
    assert c["decoder_layer"]["total"] == 2 * mha + ffn + 3 * ln == 4_204_032
    assert c["encoder"] == 6 * 3_152_384 and c["decoder"] == 6 * 4_204_032
    assert c["generator"] == 0  # tied to the shared embedding, as in the paper
    assert c["total"] == 63_082_496


def test_paper_figures_are_near_the_quoted_ones():
    base = counts.paper_base_counts()["total"]
    big = counts.paper_counts(counts.PAPER_BIG)["total"]
    assert abs(base - counts.PAPER_BASE_QUOTED) / counts.PAPER_BASE_QUOTED < 0.035
    assert abs(big - counts.PAPER_BIG_QUOTED) / counts.PAPER_BIG_QUOTED < 0.01
    # untying the output projection would overshoot by far more than the gap
    untied = counts.block_counts(counts.PAPER_BASE, 37000, 37000, shared_vocab=True)["total"]
    assert untied - counts.PAPER_BASE_QUOTED > 5 * (counts.PAPER_BASE_QUOTED - base)
