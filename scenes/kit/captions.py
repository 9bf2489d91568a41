"""Narration as subtitles: a paragraph of the string catalogue split into cues a viewer can read.

A subtitle cue has at most ``MAX_LINES`` lines, each at most ``CJK_LINE`` CJK characters or
``LATIN_LINE`` Latin characters (the common timed-text style guides); a line mixing both counts
each wide character as 1/CJK_LINE of the line and each narrow one as 1/LATIN_LINE (``width``).

``cues(text, lang)`` splits one narration paragraph into consecutive cues, each a string whose
lines are joined by "\\n". It breaks

- between cues at a sentence or clause end (。！？；：，、 . ! ? ; : , and dashes) wherever
  the text allows; inside a clause only when that clause alone is longer than a cue holds;
- between the lines of a cue at a clause end when there is one, else between words;
- never inside a word (a run of Latin letters, digits and signs such as ``d_model`` or
  ``0.58``), never before closing punctuation or after an opening bracket or quote.

A break at a space drops the space; a break between CJK characters adds nothing, so the cues'
text is the paragraph's text, in order. The text in scenes/strings stays whole: the kit splits
it when it writes the subtitles (``LectureScene.say``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CJK_LINE = 16  # CJK characters a line holds at most
LATIN_LINE = 42  # Latin characters (spaces included) a line holds at most
MAX_LINES = 2

SENTENCE_END = set("。！？!?.")
CLAUSE_END = set("，、；：,;:—–")
CLOSING = set("，。、；：！？）」』》〉】”’,.;:!?)]}…—–%")  # never starts a line
OPENING = set("（「『《〈【“‘([{")  # never ends a line
BRACKETS = {"(": ")", "[": "]", "{": "}", "（": "）", "「": "」", "『": "』", "《": "》",
            "“": "”", "‘": "’"}
OPERATORS = set("=+-−×/·→<>≈≤≥&|^")  # a word of these only: part of a formula
SOFT_AFTER = set("的了")  # Chinese particles a line may end on without splitting a word
SOFT_BEFORE = set("和与或把被从")  # ... and words a line may start with
STICKY_BEFORE = set("个们着过么")  # Chinese characters that end a word: no line starts with one
STICKY_AFTER = set("一这那每第几")  # ... and ones that start a word: no line ends on one

# how a break between two atoms ranks: at the end of a sentence, of a clause, or elsewhere
SENTENCE, CLAUSE, WORD = 0, 1, 2
# costs the splitter minimises (relative weights): a cue, a cue boundary of each rank, a line
# break of each rank inside a cue, a sentence that ends inside a line, unequal lines, and the
# extra cost of a break that splits Chinese characters, a formula or a bracket
CUE_COST = 10.0
BOUNDARY_COST = {SENTENCE: 0.0, CLAUSE: 2.0, WORD: 8.0}
LINE_BREAK_COST = {SENTENCE: 0.0, CLAUSE: 0.5, WORD: 2.0}
SENTENCE_INSIDE_LINE = 1.5
IMBALANCE_COST = 3.0  # per line width of difference between the two lines of a cue
BETWEEN_CJK = 12.0  # between two Chinese characters (perhaps inside a word): a cue more is better
BETWEEN_CJK_SOFT = 1.0  # ... after a particle (的, 了) or before a conjunction (和, 与, ...)
STICKY = 4.0  # ... more before 个, after 一, ... (inside a word for sure)
IN_FORMULA = 4.0  # next to an operator (=, +, ×, &, ...)
IN_BRACKETS = 3.0  # inside (), [], 「」, “”, ...


LINE_SLACK = 0.25  # a span this much wider than MAX_LINES one-line widths may still fit

def wide(ch: str, lang: str) -> bool:
    """A character that takes a CJK cell: East Asian wide or full-width, and the ambiguous
    ones (“”×…—) in Chinese text, where CJK fonts draw them wide."""
    kind = unicodedata.east_asian_width(ch)
    return kind in ("W", "F") or (kind == "A" and lang == "zh")


def width(line: str, lang: str) -> float:
    """How much of a subtitle line ``line`` fills: 1.0 is a full line."""
    return sum(1 / CJK_LINE if wide(ch, lang) else 1 / LATIN_LINE for ch in line)


@dataclass(frozen=True)
class Atom:
    """A piece of text no line break goes through; ``space`` if a space precedes it.
    ``rank`` and ``penalty`` say how good a break after it is."""

    text: str
    space: bool
    rank: int = WORD
    penalty: float = 0.0


def _rank(text: str) -> int:
    last = text.rstrip("”’」』）)]》\"'")[-1:] or text[-1]
    if last in SENTENCE_END:
        return SENTENCE
    if last in CLAUSE_END:
        return CLAUSE
    return WORD


def atoms(text: str, lang: str) -> list[Atom]:
    """``text`` cut where a line may break: at spaces, and between CJK characters; closing
    punctuation stays with what precedes it and opening brackets with what follows. Each atom
    knows how good a break after it is (``rank``, ``penalty``)."""
    pieces: list[list] = []  # [text, space before]
    space = False
    for ch in text:
        if ch.isspace():
            space = bool(pieces)
            continue
        glued = pieces and not space and (
            ch in CLOSING  # closing punctuation stays on the line before
            or pieces[-1][0][-1] in OPENING  # nothing breaks after an opening bracket
            or (not wide(ch, lang) and not wide(pieces[-1][0][-1], lang)))  # inside a word
        if glued:
            pieces[-1][0] += ch
        else:
            pieces.append([ch, space])
        space = False
    out, depth = [], []  # the brackets open after each atom
    for i, (piece, space) in enumerate(pieces):
        for ch in piece:
            if ch in BRACKETS:
                depth.append(BRACKETS[ch])
            elif depth and ch == depth[-1]:
                depth.pop()
        rank, penalty = _rank(piece), 0.0
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if depth:
            rank, penalty = WORD, IN_BRACKETS
        if nxt is not None and rank == WORD:
            if _formula(piece) or _formula(nxt[0]):
                penalty += IN_FORMULA
            if not nxt[1] and wide(piece[-1], lang) and wide(nxt[0][0], lang):
                soft = piece[-1] in SOFT_AFTER or nxt[0][0] in SOFT_BEFORE
                penalty += BETWEEN_CJK_SOFT if soft else BETWEEN_CJK
                if piece[-1] in STICKY_AFTER or nxt[0][0] in STICKY_BEFORE:
                    penalty += STICKY
        out.append(Atom(piece, space, rank, penalty))
    return out


def _formula(piece: str) -> bool:
    return all(ch in OPERATORS for ch in piece)


def join(parts: list[Atom]) -> str:
    """The atoms as one line (the space before the first one dropped)."""
    return "".join((" " if a.space and i else "") + a.text for i, a in enumerate(parts))


def _fits(parts: list[Atom], lang: str) -> bool:
    return width(join(parts), lang) <= 1 + 1e-9


def _layout(parts: list[Atom], lang: str) -> tuple[float, str] | None:
    """The best lines for one cue made of ``parts``: (cost, text), or None if it needs more
    than MAX_LINES lines."""
    one = join(parts)
    if width(one, lang) <= 1 + 1e-9:
        return _inside_cost(parts, lang), one
    best = None
    for k in range(1, len(parts)):
        top, bottom = parts[:k], parts[k:]
        if not (_fits(top, lang) and _fits(bottom, lang)):
            continue
        cost = (LINE_BREAK_COST[top[-1].rank] + top[-1].penalty + _inside_cost(top, lang)
                + _inside_cost(bottom, lang)
                + IMBALANCE_COST * abs(width(join(top), lang) - width(join(bottom), lang)))
        if best is None or cost < best[0]:
            best = (cost, join(top) + "\n" + join(bottom))
    return best


def _inside_cost(line: list[Atom], lang: str) -> float:
    """A sentence that ends inside a line (not at its end) reads worse than one per line."""
    return SENTENCE_INSIDE_LINE * sum(a.rank == SENTENCE for a in line[:-1])


def clauses(parts: list[Atom]) -> list[tuple[int, int]]:
    """[start, end) atom ranges of the clauses: each ends after a sentence or clause end."""
    out, start = [], 0
    for i, a in enumerate(parts):
        if a.rank != WORD:
            out.append((start, i + 1))
            start = i + 1
    if start < len(parts):
        out.append((start, len(parts)))
    return out


@lru_cache(maxsize=4096)
def cues(text: str, lang: str) -> tuple[str, ...]:
    """``text`` as consecutive subtitle cues (see the module's docstring)."""
    parts = atoms(text, lang)
    if not parts:
        return ()
    too_long = [False] * len(parts)  # a break after atom i is inside a clause no cue holds
    for a, b in clauses(parts):
        if _layout(parts[a:b], lang) is None:
            for i in range(a, b - 1):
                too_long[i] = True
    n = len(parts)
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for end in range(1, n + 1):
        # a cue ends after atom end-1: at a clause end, at the text's end, or inside a clause
        # that no cue holds whole
        last = parts[end - 1]
        if end < n and last.rank == WORD and not too_long[end - 1]:
            continue
        boundary = 0.0 if end == n else BOUNDARY_COST[last.rank] + last.penalty
        for start in range(end - 1, -1, -1):
            if best[start] is None:
                continue
            if width(join(parts[start:end]), lang) > MAX_LINES + LINE_SLACK:
                break  # longer spans only get wider (a line break drops a space: the slack)
            laid = _layout(parts[start:end], lang)
            if laid is None:
                continue
            cost = best[start][0] + CUE_COST + laid[0] + boundary
            if best[end] is None or cost < best[end][0]:
                best[end] = (cost, best[start][1] + [laid[1]])
    if best[n] is None:  # a single atom longer than a line (no break inside a word)
        raise ValueError(f"the subtitle {text!r} has a word longer than a line "
                         f"({CJK_LINE} CJK or {LATIN_LINE} Latin characters)")
    return tuple(best[n][1])
