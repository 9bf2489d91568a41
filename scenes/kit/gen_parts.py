"""Mobjects of the generation scene: a row of tokens with their probabilities inline (a cell of
the step table), a row of small token boxes, and the feedback loop arrow. Number-bearing ones
record what they show.
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, RIGHT, CurvedArrow, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.lora_parts import glyph_groups
from scenes.kit.mobjects import Shown, Shows, label
from scenes.kit.numbers import fmt


class InlineProbs(VGroup, Shows):
    """``word p   word p   word p`` on one line; the first word may be marked in a colour.

    Records ``probs`` under ``name``.
    """

    def __init__(self, words: list[str], probs, name: str, decimals: int = 3,
                 size: float = th.TINY, first_colour: str | None = None, gap: float = 0.1,
                 buff: float = 0.35):
        super().__init__()
        theme = th.current()
        p = np.array(probs, dtype=np.float64)
        if p.shape != (len(words),) or not np.all(np.isfinite(p)):
            raise ValueError(f"InlineProbs needs one finite probability per word: {len(words)} "
                             f"words, probabilities of shape {p.shape}")
        shown = [fmt(v, decimals) for v in p]
        self.record = Shown(name, p.copy(), {(i,): s for i, s in enumerate(shown)}, decimals)
        self.words = glyph_groups(list(words), size)
        self.numbers = glyph_groups(shown, size, theme.muted)
        if first_colour is not None:
            self.words[0].set_color(first_colour)
        word_y, num_y = self.words.get_y(), self.numbers.get_y()  # keep each line's baseline
        x = 0.0
        for word, num in zip(self.words, self.numbers):
            word.shift([x - word.get_left()[0], -word_y, 0])
            num.shift([word.get_right()[0] + gap - num.get_left()[0], -num_y, 0])
            x = num.get_right()[0] + buff
        self.add(self.words, self.numbers)


def small_tokens(tokens: list[str], colour: str | None = None, size: float = th.SMALL,
                 buff: float = 0.12, width: float | None = None) -> VGroup:
    """Tokens in small boxes in a row (all boxes ``width`` wide when given, to align columns)."""
    theme = th.current()
    texts = glyph_groups(list(tokens), size)
    h = max(t.height for t in texts) + 0.22
    boxes = VGroup()
    for text in texts:
        w = width if width is not None else max(text.width + 0.24, 0.55)
        box = RoundedRectangle(corner_radius=0.08, width=w, height=h, stroke_width=2,
                               stroke_color=colour or theme.blue)
        boxes.add(VGroup(box, text.move_to(box)))
    return boxes.arrange(RIGHT, buff=buff)


def loop_arrow(start, end, colour: str | None = None, angle: float = -2.2) -> CurvedArrow:
    """The feedback arrow: from the output round to the decoder's input."""
    return CurvedArrow(start, end, angle=angle, color=colour or th.current().orange,
                       stroke_width=3, tip_length=0.2)


def column_header(titles: list, xs: list[float], y: float) -> VGroup:
    """Table column titles (texts or mobjects), each left-aligned at its x."""
    theme = th.current()
    group = VGroup()
    for title, x in zip(titles, xs):
        t = label(title, th.TINY, theme.muted, weight="BOLD") if isinstance(title, str) else title
        group.add(t.move_to([x, y, 0], aligned_edge=LEFT))
    return group
