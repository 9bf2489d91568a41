"""Generation step by step vs teacher forcing (scenes.reference.generation)."""

import itertools
import math

import numpy as np
import pytest

from scenes.reference import (
    BOS_ID,
    EOS_ID,
    UnknownTokenError,
    greedy_decode,
    load_model,
    pair_loss,
)
from scenes.reference.generation import (
    decoder_work,
    generation_steps,
    prefix_agreement,
    reference_target,
    teacher_forcing,
    top_k,
)


@pytest.fixture(scope="module")
def model():
    return load_model()


# ---------------------------------------------------------------- top_k
def test_top_k_by_hand():
    ids, probs = top_k([0.1, 0.5, 0.2, 0.2], 3)
    assert ids.tolist() == [1, 2, 3]  # the tie 0.2/0.2: the lower id first
    assert probs.tolist() == [0.5, 0.2, 0.2]


def test_top_k_all_is_a_sorted_permutation():
    p = np.array([0.05, 0.4, 0.15, 0.3, 0.1])
    ids, probs = top_k(p, len(p))
    assert sorted(ids.tolist()) == list(range(len(p)))
    assert np.all(np.diff(probs) <= 0) and probs.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("k", [0, 5, -1, 2.0, True, "2"])
def test_top_k_bad_k_names_it(k):
    with pytest.raises(ValueError, match=r"1 <= k <= 4.*k="):
        top_k([0.1, 0.2, 0.3, 0.4], k)


def test_top_k_needs_one_distribution():
    with pytest.raises(ValueError, match=r"shape \[V\], got shape \(2, 2\)"):
        top_k([[0.5, 0.5], [0.5, 0.5]], 1)


# ---------------------------------------------------------------- generation
def test_generation_steps_are_greedy_decode(model):
    steps = generation_steps(model, "我 爱 学习")
    tokens, dists = greedy_decode(model, "我 爱 学习")
    assert [model.tgt_vocab[s["chosen"]] for s in steps] == tokens
    for s, d in zip(steps, dists):
        np.testing.assert_allclose(s["dist"], d, atol=1e-12)


def test_generation_inputs_grow_by_the_chosen_token(model):
    steps = generation_steps(model, ["猫", "坐", "在", "垫子", "上"])
    assert steps[0]["input"] == [BOS_ID]
    for before, after in itertools.pairwise(steps):
        assert after["input"] == before["input"] + [before["chosen"]]
    assert steps[-1]["chosen"] == EOS_ID
    for s in steps:
        assert s["chosen"] == int(np.argmax(s["dist"]))
        assert s["dist"].sum() == pytest.approx(1.0, abs=1e-12)
        assert np.all(s["dist"] >= 0)


def test_generation_stops_at_max_len(model):
    steps = generation_steps(model, "猫 坐 在 垫子 上", max_len=2)
    assert len(steps) == 2 and steps[-1]["chosen"] != EOS_ID


@pytest.mark.parametrize("bad", [0, -3, 1.5, None])
def test_generation_bad_max_len(model, bad):
    with pytest.raises(ValueError, match=r"max_len must be an integer >= 1"):
        generation_steps(model, "我 爱 学习", max_len=bad)


def test_generation_bad_source(model):
    with pytest.raises(ValueError, match="source sentence is empty"):
        generation_steps(model, "  ")
    with pytest.raises(UnknownTokenError, match="'狮子'"):
        generation_steps(model, "我 爱 狮子")


# ---------------------------------------------------------------- the reference target
def test_reference_target_from_the_corpus():
    assert reference_target("我 爱 学习") == ["I", "love", "learning"]
    assert reference_target(["猫", "坐", "在", "垫子", "上"]) == [
        "the", "cat", "sat", "on", "the", "mat"]


def test_reference_target_missing_or_custom_corpus():
    assert reference_target("猫 爱 学习") is None
    corpus = [(["甲", "乙"], ["a", "b"])]
    assert reference_target("甲 乙", corpus) == ["a", "b"]
    assert reference_target("甲", corpus) is None


# ---------------------------------------------------------------- teacher forcing
def test_teacher_forcing_shifts_the_target_right(model):
    tf = teacher_forcing(model, "我 爱 学习", "I love learning")
    ids = [model.tgt_vocab.index(w) for w in ("I", "love", "learning")]
    assert tf["tgt_in"] == [BOS_ID] + ids
    assert tf["tgt_out"] == ids + [EOS_ID]
    assert tf["probs"].shape == (4, len(model.tgt_vocab))
    np.testing.assert_allclose(tf["probs"].sum(axis=1), 1.0, atol=1e-12)


def test_teacher_forcing_loss_is_pair_loss(model):
    for zh, en in (("我 爱 学习", "I love learning"), ("猫 坐 在 垫子 上", "the cat sat on the mat"),
                   ("我 爱 学习", "I like learning")):
        tf = teacher_forcing(model, zh, en)
        expected = pair_loss(model.params, model.config, model.src_ids(zh), model.tgt_ids(en))
        assert tf["loss"] == pytest.approx(expected, abs=1e-12)
        for t, target in enumerate(tf["tgt_out"]):
            assert tf["p_correct"][t] == tf["probs"][t, target]
            assert tf["nll"][t] == pytest.approx(-math.log(tf["probs"][t, target]), abs=1e-12)
        assert np.all(tf["nll"] > 0)


def test_teacher_forcing_bad_target(model):
    with pytest.raises(ValueError, match="special token '<eos>'"):
        teacher_forcing(model, "我 爱 学习", "I love learning <eos>")
    with pytest.raises(ValueError, match="target sentence is empty"):
        teacher_forcing(model, "我 爱 学习", [])
    with pytest.raises(UnknownTokenError, match="'lion'.*target"):
        teacher_forcing(model, "我 爱 学习", "I love lion")


# ---------------------------------------------------------------- the two compared
def test_decoder_work_by_hand():
    assert decoder_work(4) == {"gen_passes": 4, "gen_positions": 1 + 2 + 3 + 4,
                               "tf_passes": 1, "tf_positions": 4}
    assert decoder_work(1)["gen_positions"] == 1


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_decoder_work_bad_count(bad):
    with pytest.raises(ValueError, match="n_tokens must be an integer >= 1"):
        decoder_work(bad)


def test_prefix_agreement_all_positions_when_the_model_is_right(model):
    steps = generation_steps(model, "猫 坐 在 垫子 上")
    tf = teacher_forcing(model, "猫 坐 在 垫子 上", "the cat sat on the mat")
    count, diff = prefix_agreement(steps, tf)
    assert count == len(steps) == len(tf["tgt_out"])
    assert diff < 1e-12


def test_prefix_agreement_stops_where_the_prefixes_part(model):
    """'I like learning': positions 0 (<bos>) and 1 (<bos> I) agree; position 2 sees 'like'
    in teacher forcing but the model's own 'love' in generation."""
    steps = generation_steps(model, "我 爱 学习")
    tf = teacher_forcing(model, "我 爱 学习", "I like learning")
    count, diff = prefix_agreement(steps, tf)
    assert count == 2 and diff < 1e-12
    # different prefixes give different distributions (both still put ~all mass on 'learning')
    assert abs(steps[2]["dist"] - tf["probs"][2]).max() > 1e-12


def test_prefix_agreement_needs_steps(model):
    tf = teacher_forcing(model, "我 爱 学习", "I love learning")
    with pytest.raises(ValueError, match="at least one generation step"):
        prefix_agreement([], tf)
