"""Mobjects for showing a model's word choices: a distribution's top words as bars, and a
decoded sentence with the probability of each chosen word. Both record what they show.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, Circle, Line, Rectangle, Text, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Shown, Shows, label
from scenes.kit.numbers import fmt


def glyph_groups(parts: list[str], size: float = th.SMALL, color: str | None = None) -> VGroup:
    """Several short texts typeset as ONE Text (one Pango run instead of one per text, which is
    what makes many small labels slow) and returned as one VGroup of glyphs per part."""
    joined = " ".join(parts)
    text = Text(joined, font=th.FONT, font_size=size, color=color or th.current().text,
                disable_ligatures=True)  # one submobject per character, spaces included
    if len(text.submobjects) != len(joined):  # unexpected shaping: one Text per part
        return VGroup(*(label(p, size, color) for p in parts))
    groups, start = VGroup(), 0
    for part in parts:
        groups.add(VGroup(*text.submobjects[start:start + len(part)]))
        start += len(part) + 1
    return groups


def _finite(values) -> np.ndarray:
    a = np.array(values, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError("number mobjects need finite values")
    return a


class ProbBars(VGroup, Shows):
    """Words with a bar as long as their probability and the probability written after it.

    ``colours``: one colour for every bar, or one per word. Records ``probs`` under ``name``.
    """

    def __init__(self, words: list[str], probs, name: str, decimals: int = 2,
                 bar_width: float = 2.0, colours=None, size: float = th.SMALL,
                 row_h: float = 0.42):
        super().__init__()
        theme = th.current()
        p = _finite(probs)
        if isinstance(colours, (list, tuple)):
            per_row = list(colours)
        else:
            per_row = [colours or theme.blue] * len(words)
        self.record = Shown(name, p.copy(), {}, decimals)
        shown = [fmt(value, decimals) for value in p]
        self.record.cells = {(i,): text for i, text in enumerate(shown)}
        self.words = glyph_groups(list(words), size)
        self.numbers = glyph_groups(shown, size)
        self.bars = VGroup()
        word_y, num_y = self.words.get_y(), self.numbers.get_y()  # keep each line's baseline
        for i, value in enumerate(p):
            y = -i * row_h
            word, num = self.words[i], self.numbers[i]
            word.shift([-0.15 - word.get_right()[0], y - word_y, 0])
            bar = Rectangle(width=max(value * bar_width, 0.02), height=row_h * 0.6,
                            stroke_width=0, fill_color=per_row[i], fill_opacity=0.9)
            bar.move_to([bar.width / 2, y, 0])
            num.shift([bar.get_right()[0] + 0.12 - num.get_left()[0], y - num_y, 0])
            self.bars.add(bar)
        self.add(self.words, self.bars, self.numbers)


class TokenProbs(VGroup, Shows):
    """Tokens in a row, each with a number under it (e.g. the probability it was chosen with).

    ``colours``: one per token (None: the text colour). Records ``values`` under ``name``.
    """

    def __init__(self, tokens: list[str], values, name: str, decimals: int = 2,
                 size: float = th.SMALL, colours=None, buff: float = 0.35,
                 min_width: float = 0.8):
        super().__init__()
        theme = th.current()
        v = _finite(values)
        colours = colours or [theme.text] * len(tokens)
        self.record = Shown(name, v.copy(), {}, decimals)
        shown = [fmt(value, decimals) for value in v]
        self.record.cells = {(i,): text for i, text in enumerate(shown)}
        self.tokens = glyph_groups(list(tokens), size)
        self.numbers = glyph_groups(shown, size, theme.muted)
        gap = 0.45 * size / th.SMALL  # between a token and its number
        x = 0.0
        word_y, num_y = self.tokens.get_y(), self.numbers.get_y()  # keep each line's baseline
        for i, (word, num) in enumerate(zip(self.tokens, self.numbers)):
            word.set_color(colours[i])
            w = max(min_width, word.width, num.width)
            word.shift([x + w / 2 - word.get_x(), -word_y, 0])
            num.shift([x + w / 2 - num.get_x(), -gap - num_y, 0])
            x += w + buff
        self.add(self.tokens, self.numbers)

    def column(self, i: int) -> VGroup:
        """Token i with its number (to frame it)."""
        return VGroup(self.tokens[i], self.numbers[i])


def plus_circle(radius: float = 0.22, colour: str | None = None) -> VGroup:
    """The ⊕ of a figure (drawn, so it needs no glyph)."""
    colour = colour or th.current().text
    ring = Circle(radius=radius, color=colour, stroke_width=2.5)
    bar = radius * 0.6
    return VGroup(ring, Line(LEFT * bar, RIGHT * bar, color=colour, stroke_width=2.5),
                  Line(DOWN * bar, -DOWN * bar, color=colour, stroke_width=2.5))
