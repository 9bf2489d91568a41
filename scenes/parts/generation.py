"""Mobjects of the generation scene: a row of the step table (step, decoder input, top tokens
with their probabilities, chosen token), a row of small token boxes, and the feedback loop
arrow. The table row records the numbers it shows.
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, PI, RIGHT, CurvedArrow, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.charts import glyph_groups
from scenes.kit.mobjects import Shown, flow_arrow, label
from scenes.kit.numbers import fmt
from scenes.kit.theme import SPACE


class TableRow(VGroup):
    """One row of the step table, typeset as ONE Text (a common baseline, one Pango run):
    step number | decoder input | top words with their probabilities | chosen word.

    ``xs``: the left edges of the four columns; a decoder input or a list of top words wider
    than its column (up to the next column, less ``gap``) is scaled down. The step number is recorded under ``step_name`` (its ``step``
    part), the probabilities under ``probs_name`` (its ``top`` part).
    """

    def __init__(self, step: int, inputs: list[str], words: list[str], probs, chosen: str,
                 xs: list[float], step_name: str, probs_name: str, decimals: int,
                 size: float = th.TINY, mark: str | None = None, gap: float = SPACE.md,
                 pair_gap: float = SPACE.xs, buff: float = SPACE.md):
        super().__init__()
        theme = th.current()
        p = np.array(probs, dtype=np.float64)
        if p.shape != (len(words),) or not np.all(np.isfinite(p)):
            raise ValueError(f"TableRow needs one finite probability per word: {len(words)} "
                             f"words, probabilities of shape {p.shape}")
        step_text, shown = fmt(step, 0), [fmt(v, decimals) for v in p]
        pairs = [part for pair in zip(words, shown) for part in pair]
        g = glyph_groups([step_text, " ".join(inputs), *pairs, chosen], size)
        self.step, self.input, self.chosen = g[0], g[1], g[-1]
        self.top = VGroup(*g[2:-1])  # word, number, word, number...
        self.words, self.numbers = VGroup(*self.top[::2]), VGroup(*self.top[1::2])
        self.step.record = Shown(step_name, np.array(float(step)), {(): step_text}, 0)
        self.top.record = Shown(probs_name, p.copy(), {(i,): t for i, t in enumerate(shown)},
                                decimals)
        self.step.set_color(theme.muted)
        self.numbers.set_color(theme.muted)
        mark = mark or theme.green
        self.words[0].set_color(mark)
        self.chosen.set_color(mark)
        input_w = xs[2] - xs[1] - gap
        if self.input.width > input_w:
            self.input.scale(input_w / self.input.width, about_edge=LEFT)
        for part, x in ((self.step, xs[0]), (self.input, xs[1]), (self.chosen, xs[-1])):
            part.shift([x - part.get_left()[0], 0, 0])
        x = xs[2]
        for word, num in zip(self.words, self.numbers):
            word.shift([x - word.get_left()[0], 0, 0])
            num.shift([word.get_right()[0] + pair_gap - num.get_left()[0], 0, 0])
            x = num.get_right()[0] + buff
        top_w = xs[-1] - xs[2] - gap
        if self.top.width > top_w:
            self.top.scale(top_w / self.top.width, about_edge=LEFT)
        self.add(self.step, self.input, self.top, self.chosen)


def small_tokens(tokens: list[str], colour: str | None = None, size: float = th.SMALL,
                 buff: float = SPACE.xs, width: float | None = None) -> VGroup:
    """Tokens in small boxes in a row (all boxes ``width`` wide when given, to align columns)."""
    theme = th.current()
    texts = glyph_groups(list(tokens), size)
    line_y = texts.get_y()  # shifting every token by the line's centre keeps one baseline
    h = texts.height + 2 * SPACE.xs
    boxes = VGroup()
    for text in texts:
        w = width if width is not None else max(text.width + 2 * SPACE.sm, h)
        box = RoundedRectangle(corner_radius=SPACE.xs, width=w, height=h, stroke_width=2,
                               stroke_color=colour or theme.blue)
        text.shift([-text.get_x(), -line_y, 0])
        boxes.add(VGroup(box, text))
    return boxes.arrange(RIGHT, buff=buff)


def loop_arrow(start, end, colour: str | None = None, angle: float = -PI / 2) -> CurvedArrow:
    """The feedback arrow: from the output round to the decoder's input, drawn as the kit's
    flow arrows."""
    stroke = flow_arrow(LEFT, RIGHT).get_stroke_width()
    return CurvedArrow(start, end, angle=angle, color=colour or th.current().orange,
                       stroke_width=stroke, tip_length=SPACE.sm)


def column_header(titles: list, xs: list[float], y: float) -> VGroup:
    """Table column titles (texts or mobjects), each left-aligned at its x."""
    theme = th.current()
    group = VGroup()
    for title, x in zip(titles, xs):
        t = label(title, th.TINY, theme.muted, weight="BOLD") if isinstance(title, str) else title
        group.add(t.move_to([x, y, 0], aligned_edge=LEFT))
    return group
