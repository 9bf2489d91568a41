"""The committed course model (assets/course_model.npz) meets issue 13's targets."""

import pytest

from scenes.reference import evaluate as ev
from scenes.reference.corpus import content_lexicon, load_course_corpus
from scenes.reference.model import load_model
from scenes.reference.train import COURSE_MODEL_PATH


@pytest.fixture(scope="module")
def report():
    return ev.report(load_model(COURSE_MODEL_PATH), load_course_corpus(), content_lexicon())


def test_held_out_and_training_exact_match(report):
    assert report["n_heldout"] >= 0.1 * report["n_pairs"]
    assert report["heldout"] >= 0.97 and report["train"] >= 0.99


def test_every_pattern_and_the_notes(report):
    for split, patterns in report["patterns"].items():
        for name, (acc, _) in patterns.items():
            assert acc >= 0.9, (split, name, acc)
    assert len(report["notes"]) == 4 and all(got == want for _, got, want in report["notes"])


def test_content_words_attend_to_their_source_word(report):
    assert report["alignment_split"] == "heldout" and report["alignment"] >= 0.8


@pytest.mark.parametrize("zh, en", [
    ("我爱学习人工智能", "I love learning AI"),  # unspaced, segmented against the vocabulary
    ("老师 喜欢 猫", "the teacher likes cats"),
    ("她 很 忙", "she is busy"),
    ("我 的 狗 很 可爱", "my dog is cute"),
    ("你 喜欢 数学", "you like math"),
])
def test_the_issue_sentences(zh, en):
    assert load_model(COURSE_MODEL_PATH).translate(zh) == en
