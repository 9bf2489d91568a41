"""Corpus, vocabularies and the word-level tokenizer."""

import pytest

from scenes.reference import (
    BOS_ID,
    EOS_ID,
    PAD_ID,
    SPECIALS,
    UNK_ID,
    UnknownTokenError,
    build_vocab,
    encode_tokens,
    load_corpus,
    tokenize,
)

NOTES_PAIRS = [
    ("我 爱 学习", "I love learning"),
    ("猫 坐 在 垫子 上", "the cat sat on the mat"),
    ("机器 学习 很 有趣", "machine learning is fun"),
    ("我 是 一个 学生", "I am a student"),
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_corpus_has_the_notes_sentences_and_enough_pairs(corpus):
    assert len(corpus) >= 40
    joined = [(" ".join(zh), " ".join(en)) for zh, en in corpus]
    for pair in NOTES_PAIRS:
        assert pair in joined
    sources = [zh for zh, _ in joined]
    assert len(set(sources)) == len(sources), "a source sentence must have one translation"


def test_corpus_shares_words_between_pairs(corpus):
    counts = {}
    for zh, _ in corpus:
        for w in zh:
            counts[w] = counts.get(w, 0) + 1
    for w in ["我", "你", "他", "学生", "老师", "医生", "爱", "喜欢", "学习", "猫", "垫子"]:
        assert counts[w] >= 2, w


def test_vocab_specials_at_fixed_ids(corpus):
    for vocab in (build_vocab(zh for zh, _ in corpus), build_vocab(en for _, en in corpus)):
        assert vocab[:4] == list(SPECIALS) == ["<pad>", "<bos>", "<eos>", "<unk>"]
        assert (PAD_ID, BOS_ID, EOS_ID, UNK_ID) == (0, 1, 2, 3)
        assert len(set(vocab)) == len(vocab)


def test_tokenize_maps_words_to_ids():
    vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "我", "爱", "学习"]
    assert tokenize("我 爱 学习", vocab) == [4, 5, 6]
    assert tokenize("  我   学习 ", vocab) == [4, 6]
    assert tokenize(["爱", "我"], vocab) == [5, 4]
    assert encode_tokens(vocab, ["学习"]) == [6]


def test_unknown_word_names_it_and_lists_close_words():
    vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "我", "学习", "学生", "猫"]
    with pytest.raises(UnknownTokenError) as err:
        tokenize("我 爱 学校", vocab)
    assert isinstance(err.value, ValueError)
    assert str(err.value).startswith("unknown word '爱'")
    with pytest.raises(UnknownTokenError) as err:
        tokenize("我 学校", vocab)
    assert str(err.value) == ("unknown word '学校' (not in the source vocabulary); "
                              "close known words: 学习, 学生")
    assert err.value.word == "学校" and err.value.close == ["学习", "学生"]
    with pytest.raises(UnknownTokenError, match="target vocabulary.*no close known words"):
        tokenize("xyz", vocab, "target")


def test_empty_sentence_raises():
    with pytest.raises(ValueError, match="empty sentence"):
        tokenize("   ", ["<pad>", "<bos>", "<eos>", "<unk>"])


# ---------------------------------------------------------------- unspaced input
from scenes.reference.data import (
    UncoveredTextError,
    segment,
    split_sentence,
)

VOCAB = ["<pad>", "<bos>", "<eos>", "<unk>", "我", "爱", "学", "学习", "人工智能", "机器",
         "机器学习", "很", "有趣"]


@pytest.mark.parametrize("text,words", [
    ("我爱学习", ["我", "爱", "学习"]),
    ("我爱学习人工智能", ["我", "爱", "学习", "人工智能"]),
    ("机器学习很有趣", ["机器学习", "很", "有趣"]),  # the longest word wins
    ("学", ["学"]),
])
def test_unspaced_chinese_is_segmented_by_longest_match(text, words):
    assert segment(text, VOCAB) == words


def test_spaced_and_mixed_input_split_alike():
    assert split_sentence("我 爱 学习", VOCAB) == ["我", "爱", "学习"]
    assert split_sentence("我爱 学习", VOCAB) == ["我", "爱", "学习"]
    assert split_sentence(" 机器 学习 ", VOCAB) == ["机器", "学习"]  # spaced words stay words
    assert split_sentence(["机器学习"], VOCAB) == ["机器学习"]  # a list is words already
    assert tokenize("我爱学习", VOCAB) == tokenize("我 爱 学习", VOCAB) == [4, 5, 7]


@pytest.mark.parametrize("text,uncovered", [
    ("我爱机器人", "人"),
    ("猫爱我", "猫"),
    ("我爱狗狗很有趣", "狗狗"),
])
def test_uncovered_text_names_its_characters_and_close_words(text, uncovered):
    with pytest.raises(UncoveredTextError) as info:
        tokenize(text, VOCAB)
    err = info.value
    assert err.uncovered == uncovered and err.word == text
    assert f"its {uncovered!r} is part of no known word" in str(err)
    assert isinstance(err, UnknownTokenError)  # callers that catch unknown words catch it


def test_an_unknown_latin_word_is_not_segmented():
    with pytest.raises(UnknownTokenError, match="unknown word 'robot'"):
        tokenize("我 爱 robot", VOCAB)
