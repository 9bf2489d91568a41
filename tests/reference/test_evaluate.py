"""The evaluation command's functions, on a hand-made case and on the shipped model."""

import numpy as np
import pytest

from scenes.reference import evaluate as ev
from scenes.reference.corpus import Pair
from scenes.reference.model import load_model

PAIRS = [Pair(("猫", "很", "可爱"), ("the", "cat", "is", "cute"), "hen_adj", "train"),
         Pair(("我", "喜欢", "猫"), ("I", "like", "cats"), "svo", "train"),
         Pair(("狗", "很", "可爱"), ("the", "dog", "is", "cute"), "hen_adj", "heldout"),
         Pair(("我", "喜欢", "狗"), ("I", "like", "dogs"), "svo", "heldout")]
GOT = {"猫 很 可爱": "the cat is cute", "我 喜欢 猫": "I like cats",
       "狗 很 可爱": "the cat is cute", "我 喜欢 狗": "I like dogs"}
LEXICON = {"猫": {"cat", "cats"}, "狗": {"dog", "dogs"}, "我": {"I"}, "喜欢": {"like"},
           "可爱": {"cute"}}


class FakeModel:
    src_vocab = ("<pad>", "<bos>", "<eos>", "<unk>", "猫", "狗", "很", "可爱", "我", "喜欢")
    tgt_vocab = ("<pad>", "<bos>", "<eos>", "<unk>", "the", "cat", "dog", "is", "cute", "I",
                 "like", "cats", "dogs")


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(ev, "translate", lambda model, zh: GOT[" ".join(zh)])

    def diagonal_but_cute(model, zh, en):
        """Each target word attends to source position min(t, n-1) except 'cute' -> 0."""
        w = np.zeros((len(en) + 1, len(zh)))
        for t in range(len(en) + 1):
            w[t, 0 if t < len(en) and en[t] == "cute" else min(t, len(zh) - 1)] = 1.0
        return w
    monkeypatch.setattr(ev, "cross_attention", diagonal_but_cute)
    return FakeModel()


def test_accuracy_and_per_pattern(fake):
    acc, wrong = ev.accuracy(fake, PAIRS[2:])
    assert acc == 0.5 and [p.zh for p, _ in wrong] == [("狗", "很", "可爱")]
    assert ev.by_pattern(fake, PAIRS) == {"hen_adj": (0.5, 2), "svo": (1.0, 2)}


def test_alignment_counts_linked_words_on_their_source_word(fake):
    # 猫 很 可爱 / the cat is cute: links cat->0 (t=1: attends 1, miss), cute->2 (t=3: attends 0)
    # 我 喜欢 猫 / I like cats: I->0, like->1, cats->2: all on the diagonal
    assert ev.alignment(fake, PAIRS[:2], LEXICON) == (3, 5)


def test_report_and_targets(fake):
    r = ev.report(fake, PAIRS, LEXICON)
    assert (r["n_train"], r["n_heldout"], r["train"], r["heldout"]) == (2, 2, 1.0, 0.5)
    assert r["patterns"]["heldout"] == {"hen_adj": (0.0, 1), "svo": (1.0, 1)}
    assert r["alignment_split"] == "heldout" and r["alignment_links"] == 5
    met = ev.meets_targets(r)
    assert met["train >= 99%"] and not met["held-out >= 97%"] and not met["every pattern >= 90%"]
    text = ev.format_report(r)
    assert "held-out  50.0%" in text and "hen_adj" in text and "wrong (heldout, hen_adj)" in text


def test_a_two_column_file_is_extra_training_pairs():
    """assets/lora_pairs.tsv: the pairs the LoRA fine-tune teaches, which the base model gets
    wrong, every one (the LoRA lecture's premise)."""
    from scenes.reference.lora_finetune import LORA_PAIRS_PATH
    pairs, lexicon = ev.read_pairs(LORA_PAIRS_PATH)
    assert {(p.pattern, p.split) for p in pairs} == {("extra", "train")} and len(pairs) >= 4
    r = ev.report(load_model(), pairs, lexicon)
    assert r["train"] == 0.0 and r["n_heldout"] == 0


def test_teacher_forced_exact_match_is_greedy_exact_match():
    from scenes.reference.data import load_corpus
    from scenes.reference.train import corpus_ids, measure
    model = load_model()
    good = load_corpus()[:10]
    pairs = good[:7] + [(good[7][0], good[8][1]), (good[8][0], good[9][1]), (good[9][0], good[0][1])]
    greedy, _ = ev.accuracy(model, [Pair(tuple(zh), tuple(en), "x", "train") for zh, en in pairs])
    src, tgt = corpus_ids(pairs, model.src_vocab, model.tgt_vocab)
    tf = measure(model.params, model.config, src, tgt)
    assert greedy == pytest.approx(0.7) and tf["exact"] == pytest.approx(0.7)
    assert tf["loss"] > measure(model.params, model.config, *corpus_ids(good, model.src_vocab,
                                                                         model.tgt_vocab))["loss"]
