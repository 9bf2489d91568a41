"""The shipped model (assets/tiny_transformer.npz) meets the translation targets.

Held-out sentences, the notes' sentences and alignment go through the evaluation command's own
functions (greedy decoding); the 5,988 training sentences are checked by teacher-forced exact
match (train.measure), which equals greedy exact match and is batched (a second instead of 15).
"""

import pytest

from scenes.reference import evaluate as ev
from scenes.reference.corpus import as_word_pairs, load_lexicon, load_pairs
from scenes.reference.model import load_model
from scenes.reference.train import corpus_ids, measure

# every test of this module in one pytest-xdist worker: the evaluation report (3 s) is made once
pytestmark = pytest.mark.xdist_group("shipped_model")


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def corpus():
    return load_pairs()


@pytest.fixture(scope="module")
def report(model, corpus):
    pairs = [p for p in corpus if p.split == "heldout" or p.pattern == "notes"]
    return ev.report(model, pairs, load_lexicon())


def test_held_out_exact_match_and_every_held_out_pattern(report, corpus):
    assert report["n_heldout"] == sum(p.split == "heldout" for p in corpus) >= 0.1 * len(corpus)
    assert report["heldout"] >= 0.97
    for name, (acc, _) in report["patterns"]["heldout"].items():
        assert acc >= 0.9, (name, acc)


def test_training_exact_match_overall_and_per_pattern(model, corpus):
    train = [p for p in corpus if p.split == "train"]
    src, tgt = corpus_ids(as_word_pairs(train), model.src_vocab, model.tgt_vocab)
    assert measure(model.params, model.config, src, tgt)["exact"] >= 0.99
    for name in dict.fromkeys(p.pattern for p in train):
        group = [p for p in train if p.pattern == name]
        src, tgt = corpus_ids(as_word_pairs(group), model.src_vocab, model.tgt_vocab)
        assert measure(model.params, model.config, src, tgt)["exact"] >= 0.9, name


def test_the_notes_sentences(report):
    assert len(report["notes"]) == 4 and all(got == want for _, got, want in report["notes"])


def test_content_words_attend_to_their_source_word(report):
    assert report["alignment_split"] == "heldout" and report["alignment"] >= 0.8


@pytest.mark.parametrize("zh, en", [
    ("我爱学习人工智能", "I love learning AI"),  # unspaced, segmented against the vocabulary
    ("老师 喜欢 猫", "the teacher likes cats"),  # issue 13's failures of the shipped model
    ("她 很 忙", "she is busy"),
    ("我 的 狗 很 可爱", "my dog is cute"),
    ("你 喜欢 数学", "you like math"),
    ("他们 也 不 喜欢 狗", "they also don't like dogs"),  # two patterns in one sentence
    ("猫 和 狗 很 可爱", "the cat and the dog are cute"),
])
def test_the_issue_sentences(model, zh, en):
    assert model.translate(zh) == en


def test_the_training_log_has_held_out_curves():
    import json

    from scenes.reference.train import LOG_PATH
    log = json.loads(LOG_PATH.read_text(encoding="utf-8"))
    evals = log["evals"]
    assert evals[-1]["step"] == log["config"]["steps"]
    assert evals[-1]["heldout_exact"] >= 0.97 and evals[0]["heldout_loss"] > evals[-1]["heldout_loss"]
    assert log["final"]["heldout_accuracy"] == pytest.approx(evals[-1]["heldout_exact"])
