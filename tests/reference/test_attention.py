"""Something to see: the shipped model's cross-attention aligns words, its encoder heads differ."""

import numpy as np
import pytest

from scenes.reference import alignments, encoder_self_attention, head_distances, load_model

# the notes' sentences and the source word each English content word must attend to
# (head mean of the last decoder layer, read at the query that predicts the word); function
# words (am, a) have no alignment target in training (lexicon.load_lexicon)
EXPECTED = {
    ("我 爱 学习", "I love learning"): {"I": "我", "love": "爱", "learning": "学习"},
    ("猫 坐 在 垫子 上", "the cat sat on the mat"): {"cat": "猫", "sat": "坐", "mat": "垫子"},
    ("机器 学习 很 有趣", "machine learning is fun"):
        {"machine": "机器", "learning": "学习", "fun": "有趣"},
    ("我 是 一个 学生", "I am a student"): {"I": "我", "student": "学生"},
}


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize("pair", list(EXPECTED), ids=[zh for zh, _ in EXPECTED])
def test_cross_attention_aligns_translated_words(model, pair):
    got = {en: zh for en, zh, _ in alignments(model, *pair)}
    for en, zh in EXPECTED[pair].items():
        assert got[en] == zh, f"{en!r} attends {got[en]!r}, expected {zh!r}"


@pytest.mark.parametrize("sentence", ["我 爱 学习", "猫 坐 在 垫子 上"])
@pytest.mark.parametrize("layer", [0, 1])
def test_encoder_heads_differ(model, sentence, layer):
    w = encoder_self_attention(model, sentence, layer)  # [8, n, n]
    assert w.shape[0] == 8
    d = head_distances(w)
    off_diagonal = d[~np.eye(8, dtype=bool)]
    assert off_diagonal.min() > 0.01, "two heads attend (almost) identically"
    patterns = {tuple(np.argmax(w[h], axis=-1)) for h in range(8)}
    assert len(patterns) >= 4, f"only {len(patterns)} distinct argmax patterns among 8 heads"
