"""scenes.kit.captions: a narration paragraph split into subtitle cues; base.cue_times and
reading_time: how long each cue is up. (Every scene's cues are checked against the limits in
tests/scenes/test_outputs.py.)"""

from __future__ import annotations

import pytest

from scenes.kit import captions
from scenes.kit.base import MIN_CAPTION, READING_SPEED, cue_times, reading_time

LONG_EN = ("The outputs merely swap, with identical numbers: the model cannot tell the two "
           "orders apart. Position has to be added.")
LONG_ZH = "输出只是跟着交换，数值完全相同：模型分不出这两种语序。位置信息必须另外加进去。"


def test_a_line_is_sixteen_cjk_or_forty_two_latin_characters():
    assert captions.width("字" * 16, "zh") == pytest.approx(1)
    assert captions.width("a" * 42, "en") == pytest.approx(1)
    # ambiguous marks (“ ” ×) take a CJK cell in Chinese text, a Latin one in English
    assert captions.width("“×”", "zh") == pytest.approx(3 / 16)
    assert captions.width("“×”", "en") == pytest.approx(3 / 42)


def test_a_short_paragraph_is_one_cue_on_one_line():
    assert captions.cues("Swap “我” and “学习” and compute again.", "en") == (
        "Swap “我” and “学习” and compute again.",)
    assert captions.cues("交换「我」和「学习」，再算一次。", "zh") == ("交换「我」和「学习」，再算一次。",)


def test_long_english_splits_at_clause_ends_into_two_line_cues():
    out = captions.cues(LONG_EN, "en")
    assert len(out) == 2
    assert out[0] == "The outputs merely swap,\nwith identical numbers:"  # a clause a line
    for cue in out:
        assert cue.count("\n") == 1
        assert all(len(line) <= captions.LATIN_LINE for line in cue.split("\n"))
    assert " ".join(c.replace("\n", " ") for c in out) == LONG_EN


def test_long_chinese_splits_at_clause_ends():
    out = captions.cues(LONG_ZH, "zh")
    assert "".join(c.replace("\n", "") for c in out) == LONG_ZH
    for cue in out:
        for line in cue.split("\n"):
            assert len(line) <= captions.CJK_LINE
            assert line[-1] in "，：。"  # every line ends on a clause mark here


def test_a_word_is_never_cut_and_a_line_never_starts_with_a_mark():
    text = ("论文给每个位置 pos 算一个长度为 d_model 的向量：偶数维用 sin，奇数维用 cos。"
            "例如位置 0.58、维度 12345。")
    out = captions.cues(text, "zh")
    lines = [line for cue in out for line in cue.split("\n")]
    for word in ("d_model", "0.58", "12345", "sin", "cos"):
        assert any(word in line for line in lines), word
    assert not any(line[0] in "，。、；：" for line in lines)


def test_a_clause_longer_than_a_cue_is_cut_between_words():
    text = ("a gradient of random direction is scaled by a factor through the sublayer alone "
            "and by another one with the residual path that goes around it every time")
    out = captions.cues(text, "en")
    assert len(out) >= 2
    assert " ".join(c.replace("\n", " ") for c in out) == text


def test_a_word_longer_than_a_line_is_refused_with_the_text():
    with pytest.raises(ValueError, match="longer than a line"):
        captions.cues("x" * (captions.LATIN_LINE + 1), "en")


def test_reading_time_counts_spaces_and_not_line_breaks():
    assert reading_time("ab", "en") == MIN_CAPTION
    text = "a" * 40 + "\n" + "b" * 28
    assert reading_time(text, "en") >= 68 / READING_SPEED["en"]
    assert reading_time(text, "en") == reading_time(text.replace("\n", ""), "en")


def test_cues_share_the_paragraphs_time_in_proportion_and_touch():
    cues = ("a" * 84, "b" * 17)
    times = cue_times(cues, 10.0, 20.0, "en")
    assert times[0][0] == 10.0 and times[-1][1] == 20.0
    assert times[0][1] == times[1][0]
    (a0, a1), (b0, b1) = times
    weights = [reading_time(c, "en") for c in cues]
    assert (a1 - a0) / (b1 - b0) == pytest.approx(weights[0] / weights[1], rel=1e-3)


def test_chinese_reading_time_leaves_out_the_spaces_around_latin_words():
    assert reading_time("位置 pos 的向量", "zh") == reading_time("位置pos的向量", "zh")
    assert reading_time("字" * 30, "zh") == pytest.approx(30 / READING_SPEED["zh"])
