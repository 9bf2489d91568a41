"""scenes.reference.tokenization: hand-worked small cases, invariants and the errors for bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenes.reference.data import UnknownTokenError
from scenes.reference.tokenization import (
    decoder_sequences,
    embedding_steps,
    lookup_as_matmul,
    one_hot,
    refusal,
    rms,
    vocab_rows,
)

VOCAB = ["<pad>", "<bos>", "<eos>", "<unk>", "我", "爱", "学习", "机器"]


def test_one_hot_by_hand():
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])


def test_one_hot_rows_sum_to_one():
    oh = one_hot([4, 5, 6, 4], len(VOCAB))
    assert oh.shape == (4, len(VOCAB))
    np.testing.assert_array_equal(oh.sum(axis=1), 1.0)


def test_lookup_is_a_matrix_product_by_hand():
    table = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    product, rows, diff = lookup_as_matmul(table, [2, 0, 2])
    np.testing.assert_array_equal(product, [[5, 6], [1, 2], [5, 6]])
    np.testing.assert_array_equal(rows, product)
    assert diff == 0.0


def test_vocab_rows_by_hand():
    assert vocab_rows([4, 5, 6], 37) == [3, 4, 5, 6, 7]
    assert vocab_rows([0, 10], 11, margin=1) == [0, 1, 9, 10]  # clipped at both ends
    assert vocab_rows([5], 37, margin=0) == [5]


def test_embedding_steps_by_hand():
    """d = 2: sqrt(2) scale, PE[0] = (sin 0, cos 0) = (0, 1), PE[1] = (sin 1, cos 1)."""
    table = np.array([[0.0, 0.0], [1.0, -1.0], [0.5, 2.0]])
    s = embedding_steps(table, [2, 1])
    r = math.sqrt(2)
    assert s["scale"] == pytest.approx(r)
    np.testing.assert_allclose(s["rows"], [[0.5, 2.0], [1.0, -1.0]])
    np.testing.assert_allclose(s["scaled"], [[0.5 * r, 2 * r], [r, -r]])
    np.testing.assert_allclose(s["pe"], [[0.0, 1.0], [math.sin(1), math.cos(1)]])
    np.testing.assert_allclose(s["x"], s["scaled"] + s["pe"], atol=1e-15)


def test_decoder_sequences():
    assert decoder_sequences([4, 5, 6]) == ([1, 4, 5, 6], [4, 5, 6, 2])


def test_refusal_names_the_word_and_close_words():
    at, err = refusal(VOCAB, "我 爱 机器人")
    assert at == 2 and isinstance(err, UnknownTokenError)
    assert err.word == "机器人" and err.close == ["机器"]
    assert "机器人" in str(err) and "source" in str(err)


def test_refusal_needs_an_unknown_word():
    with pytest.raises(ValueError, match="every word of '我 爱' is in the source vocabulary"):
        refusal(VOCAB, ["我", "爱"])


@pytest.mark.parametrize("ids, match", [
    ([], "non-empty"),
    ([1, 99], "token id 99 is outside the vocabulary: accepted ids are 0..7"),
    ([-1], "token id -1 is outside"),
    ([1.5], "must be integers"),
])
def test_bad_ids_are_named(ids, match):
    with pytest.raises(ValueError, match=match):
        one_hot(ids, len(VOCAB))


def test_bad_margin_is_named():
    with pytest.raises(ValueError, match="margin must be 0 or more, got -1"):
        vocab_rows([1], 5, margin=-1)


def test_lookup_checks_ids_against_the_table():
    with pytest.raises(ValueError, match="accepted ids are 0..2"):
        lookup_as_matmul(np.zeros((3, 2)), [3])


def test_rms_by_hand():
    assert rms([3.0, -4.0]) == pytest.approx(math.sqrt(12.5))
    assert rms(np.full((2, 3), -2.0)) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="empty"):
        rms([])


def test_segmentation_writes_the_sentence_unspaced_and_cuts_it_back():
    from scenes.reference.tokenization import segmentation
    vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "机器", "学习", "很", "有", "有趣", "我", "我们"]
    text, cut = segmentation(["机器", "学习", "很", "有趣"], vocab)
    assert text == "机器学习很有趣"
    assert cut == [(0, "机器", []), (2, "学习", []), (4, "很", []), (5, "有趣", ["有"])]
    assert segmentation(["我们"], vocab)[1] == [(0, "我们", ["我"])]


def test_segmentation_refuses_spaces_that_longest_match_would_not_give():
    from scenes.reference.tokenization import segmentation
    vocab = ["我", "我们", "们"]
    with pytest.raises(ValueError, match="我们"):  # 我 们 written 我们 reads as one word
        segmentation(["我", "们"], vocab)
