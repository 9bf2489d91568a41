"""What a lecturer embeds, checked on every discovered scene from its dry builds (the builds
the contract test makes: zh on the dark theme, en on the light theme with another sentence):

- every section clip starts on its own screen: the background and the step's heading, nothing
  of the section before (tests/scenes/test_render_slow.py decodes real clips' first frames);
- the subtitles are subtitles: cues of at most two lines of at most 16 CJK or 42 Latin
  characters, split at clause ends (never inside a word), each up long enough to read, and the
  same cues in the .srt manim writes, the .vtt the render driver makes and the player's page.

The limits here are the timed-text style guides', counted independently of scenes.kit.captions.
"""

from __future__ import annotations

import itertools
import unicodedata
from datetime import timedelta

import numpy as np
import pytest
import srt

from scenes.kit.base import MIN_CAPTION
from scenes.tools import player, render
from tests.scenes.helpers import OTHER_SENTENCE, cues
from tests.scenes.test_contract import SPECS, grouped, scene_class

CJK_PER_LINE, LATIN_PER_LINE, LINES = 16, 42, 2
MAX_CPS = {"zh": 9.0, "en": 17.0}  # characters a second a cue may ask for at most
CLAUSE_ENDS = set("，。；：、！？…—,.;:!?–")
TRAILING = set("”’」』）)]》\"'")  # closing marks after a clause end: the clause ends after them
SETTINGS = {"zh": {}, "en": {"lang": "en", "theme": "light", "sentence": OTHER_SENTENCE}}


@pytest.fixture(params=[grouped(s) for s in SPECS], ids=lambda s: s.cls)
def spec(request):
    return request.param


@pytest.fixture(params=list(SETTINGS))
def lang(request):
    return request.param


@pytest.fixture
def built(spec, lang, build_scene):
    return build_scene(scene_class(spec), **SETTINGS[lang])


# ------------------------------------------------------------------ clip starts


def test_every_section_opens_on_its_own_screen(built):
    """When a section starts (its clip's first frame), the screen holds its heading alone:
    nothing that was on screen when the section before ended."""
    assert list(built.openings) == built.section_names[1:]  # the title card opens on nothing
    for name, opening in built.openings.items():
        assert opening.mobjects == [opening.heading], (
            f"{name} opens with {[type(m).__name__ for m in opening.mobjects]} on screen")
        assert not opening.left_over, f"{name} opens with mobjects of the section before"
        key = name.split("-", 1)[1]
        assert opening.heading.text.replace(" ", "") == built.t(f"{key}.heading").replace(" ", "")


def test_every_clip_starts_on_the_background_and_its_heading(spec, build_scene):
    """The first picture of every section (zh, dark, drawn as the video shows it) is the
    background everywhere but the heading's box, and the heading is visible in it."""
    scene = build_scene(scene_class(spec))
    bg = np.array([int(scene.theme.bg.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)])
    for name, opening in scene.openings.items():
        frame = opening.frame
        mask = np.ones(frame.shape[:2], dtype=bool)
        x0, y0 = pixel(scene, opening.heading.get_corner([-1, 1, 0]), frame.shape)
        x1, y1 = pixel(scene, opening.heading.get_corner([1, -1, 0]), frame.shape)
        pad = 2  # antialiasing around the glyphs
        mask[max(y0 - pad, 0):y1 + pad, max(x0 - pad, 0):x1 + pad] = False
        diff = np.abs(frame.astype(np.int16) - bg.astype(np.int16)).max(axis=-1)
        outside = diff[mask].max()
        assert outside == 0, f"{name}: something besides the heading shows (|diff| {outside})"
        inside = diff[~mask].max()
        assert inside > 100, f"{name}: the heading is not visible"


def pixel(scene, point, shape) -> tuple[int, int]:
    """Frame coordinates (column, row) of a scene point, for a frame of ``shape``."""
    from manim import config

    h, w = shape[:2]
    x = (point[0] / config.frame_width + 0.5) * w
    y = (0.5 - point[1] / config.frame_height) * h
    return int(np.floor(x)), int(np.floor(y))


# ------------------------------------------------------------------ subtitles


def is_wide(ch: str, lang: str) -> bool:
    kind = unicodedata.east_asian_width(ch)
    return kind in ("W", "F") or (kind == "A" and lang == "zh")


def line_fill(line: str, lang: str) -> float:
    """How full a line is: each CJK character 1/16 of it, each Latin one 1/42."""
    wide = sum(is_wide(c, lang) for c in line)
    return wide / CJK_PER_LINE + (len(line) - wide) / LATIN_PER_LINE


def test_every_cue_is_at_most_two_short_lines(built, lang):
    for cue in cues(built):
        lines = cue.content.split("\n")
        assert len(lines) <= LINES, f"more than {LINES} lines: {cue.content!r}"
        for line in lines:
            assert line == line.strip() and line, f"an empty or padded line in {cue.content!r}"
            assert line_fill(line, lang) <= 1 + 1e-9, (
                f"a line longer than {CJK_PER_LINE} CJK / {LATIN_PER_LINE} Latin characters: "
                f"{line!r} ({len(line)} characters)")


def test_a_cue_wider_than_a_line_is_broken_into_two(built, lang):
    """The line breaks are in the cues (a player does not wrap them): a cue that does not fit
    on one line has its newline, one that fits has none."""
    for n in built.narration:
        for cue, whole in zip(n.cues, unbroken(n), strict=True):
            if line_fill(whole, lang) > 1 + 1e-9:
                assert "\n" in cue, f"a cue wider than a line without a line break: {whole!r}"
            else:
                assert "\n" not in cue, f"a cue broken that fits one line: {cue!r}"


def unbroken(n) -> list[str]:
    """Each cue of narration ``n`` on one line: its lines joined as the paragraph had them
    (with the space the break took, if any)."""
    lines = [line for cue in n.cues for line in cue.split("\n")]
    spaced = [s for _, _, s in breaks(n.text, lines)] + [False]
    out, k = [], 0
    for cue in n.cues:
        text = ""
        for line in cue.split("\n"):
            text += line + (" " if spaced[k] else "")
            k += 1
        out.append(text.rstrip(" "))
    return out


def test_every_cue_is_up_long_enough_to_read(built, lang):
    for cue in cues(built):
        seconds = (cue.end - cue.start).total_seconds()
        # zh: the characters read (the spaces around a Latin word are not); en: all of them,
        # spaces too, as the guides count
        chars = (len("".join(cue.content.split())) if lang == "zh"
                 else len(cue.content.replace("\n", "")))
        assert seconds >= MIN_CAPTION - 1e-3, f"{cue.content!r} is up {seconds:.3f} s"
        assert chars / seconds <= MAX_CPS[lang] + 0.01, (
            f"{cue.content!r}: {chars} characters in {seconds:.3f} s "
            f"({chars / seconds:.1f} a second, at most {MAX_CPS[lang]})")


def test_each_paragraph_is_its_cues_one_after_another(built):
    """The cues of a narration paragraph follow each other without gap or overlap over the
    time the paragraph is up, and read as the paragraph's text (nothing lost or added)."""
    queue = cues(built)
    assert sum(len(n.cues) for n in built.narration) == len(queue)
    i = 0
    for n in built.narration:
        own = queue[i:i + len(n.cues)]
        i += len(n.cues)
        assert [c.content for c in own] == list(n.cues)
        assert abs(own[0].start.total_seconds() - n.start) < 1e-3
        assert abs(own[-1].end.total_seconds() - n.end) < 1e-3
        for a, b in itertools.pairwise(own):
            assert a.end == b.start, f"a gap or overlap between {a.content!r} and {b.content!r}"
        assert squeeze("".join(n.cues)) == squeeze(n.text), n.text


def squeeze(text: str) -> str:
    return "".join(text.split())


def breaks(text: str, pieces: list[str]) -> list[tuple[str, str, bool]]:
    """Where ``pieces`` (cues, or lines) cut ``text``: (text before, text after, whether
    a space was there), following ``text`` character by character."""
    out, pos = [], 0
    for k, piece in enumerate(pieces):
        for ch in piece:
            if ch.isspace():
                continue
            while text[pos].isspace():
                pos += 1
            assert text[pos] == ch, (text, pieces)
            pos += 1
        if k < len(pieces) - 1:
            spaced = pos < len(text) and text[pos].isspace()
            out.append((text[:pos], text[pos:].lstrip(), spaced))
    return out


PAIRS = {"(": ")", "[": "]", "（": "）", "「": "」", "『": "』", "《": "》", "“": "”"}


def clause_ends(text: str, lang: str) -> list[int]:
    """Where the clauses of ``text`` end (positions after their last mark): a CJK clause or
    sentence mark, or a Latin one followed by a space, a CJK character or the end, outside
    brackets and quotes, with the closing marks after it."""
    ends, depth = [], []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            depth.append(PAIRS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        if ch in CLAUSE_ENDS and not depth:
            j = i + 1
            while j < len(text) and text[j] in TRAILING:
                j += 1
            # a CJK mark ends a clause; a Latin one before a space (not the dot of 0.58)
            if (is_wide(ch, lang) or j == len(text) or text[j].isspace()
                    or is_wide(text[j], lang)):
                ends.append(j)
    return ends


def clause_at(text: str, pos: int, lang: str) -> str | None:
    """The clause a break at ``pos`` falls inside, or None if a clause ends there."""
    ends = clause_ends(text, lang)
    if pos in ends:
        return None
    start = max([e for e in ends if e < pos], default=0)
    end = min([e for e in ends if e > pos], default=len(text))
    return text[start:end].strip()


CLOSING_MARKS = set("，。、；：！？）」』》”’,.;:!?)]}…—–%")  # never start a line
OPENING_MARKS = set("（「『《“‘([{")  # never end a line


def units(clause: str, lang: str) -> list[tuple[str, bool]]:
    """The clause in pieces a line may end after: (piece, a space before it); a piece is a
    CJK character or a run of other characters, closing marks kept with what precedes them and
    opening marks with what follows."""
    out: list[list] = []
    space = False
    for ch in clause:
        if ch == " ":
            space = True
            continue
        if out and not space and (ch in CLOSING_MARKS or out[-1][0][-1] in OPENING_MARKS
                                  or not (is_wide(ch, lang) or is_wide(out[-1][0][-1], lang))):
            out[-1][0] += ch
        else:
            out.append([ch, space])
        space = False
    return [(u, sp) for u, sp in out]


def lines_needed(clause: str, lang: str) -> int:
    """Lines the clause needs when filled greedily (which needs the fewest lines)."""
    lines, line = 0, ""
    for piece, space in units(clause, lang):
        trial = line + (" " if space and line else "") + piece
        if line and line_fill(trial, lang) > 1 + 1e-9:
            lines, line = lines + 1, piece
        else:
            line = trial
    return lines + (1 if line else 0)


def test_cues_break_at_clause_ends_and_never_inside_a_word(built, lang):
    """A paragraph is cut into cues at clause ends (，。；：、 , . ; : ...), inside a clause only
    when the clause alone is longer than two lines; cues and lines break at a space or next to
    a CJK character, never inside a word and never before closing punctuation."""
    for n in built.narration:
        for before, after, spaced in breaks(n.text, list(n.cues)):
            clause = clause_at(n.text, len(before), lang)
            if clause is not None:
                assert lines_needed(clause, lang) > LINES, (
                    f"a cue boundary inside a clause that fits one cue: {before[-12:]!r} | "
                    f"{after[:12]!r} in {n.text!r}")
        lines = [line for cue in n.cues for line in cue.split("\n")]
        for before, after, spaced in breaks(n.text, lines):
            left, right = before[-1], after[0]
            assert spaced or is_wide(left, lang) or is_wide(right, lang), (
                f"a break inside a word: {before[-12:]!r} | {after[:12]!r}")
            assert right not in "，。、；：！？）」』》,.;:!?)]", (
                f"a line starts with punctuation: {after[:12]!r}")


def ms(t) -> float:
    """A cue time as the .srt stores it: whole milliseconds, cut (not rounded)."""
    return (t // timedelta(milliseconds=1)) / 1000


def test_srt_vtt_and_player_carry_the_same_cues(built):
    """manim writes the .srt with srt.compose; the render driver turns it into the .vtt; the
    player reads the .srt: all three hold the build's cues, line breaks included."""
    own = [(ms(c.start), ms(c.end), c.content) for c in cues(built)]
    text = srt.compose(cues(built))
    from_srt = player.parse_subtitles(text)
    from_vtt = player.parse_subtitles(render.srt_to_vtt(text))
    assert from_srt == own
    assert from_vtt == own
