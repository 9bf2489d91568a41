"""Pieces of the training-loop lecture that other scenes may reuse: a column of process steps
(the training loop, with the current steps highlighted) and a bar chart of probabilities.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    DashedLine,
    Rectangle,
    RoundedRectangle,
    Text,
    VGroup,
)

from scenes.kit import theme as th
from scenes.kit.diagram import ARROW_STROKE, elbow, up_arrow
from scenes.kit.mobjects import Num, Shown, Shows, _as_array, label
from scenes.kit.numbers import fmt, fmt_sci
from scenes.kit.theme import SPACE

ACTIVE_FILL = 0.35  # fill opacity of a highlighted step


def x_height(size: float) -> float:
    """The height of a lower-case letter at ``size``: the unit bars are sized on."""
    return label("x", size).height


class StepColumn(VGroup):
    """Process steps as boxes in a column, top to bottom, optionally with arrows between them
    and one arrow from the last back to the first (a loop). ``active`` steps are filled in the
    theme's orange, the others stay quiet. ``texts``: strings, or Text mobjects made once and
    copied here (cheaper than building the same Text again for every section). Every box is as
    wide as the widest text and ``pad`` on each side.
    """

    def __init__(self, texts: list, pad: float = SPACE.md, buff: float = SPACE.sm,
                 size: float = th.SMALL, active: tuple = (), arrows: bool = True,
                 loop_back: bool = True):
        super().__init__()
        theme = th.current()
        texts = [label(t, size) if isinstance(t, str) else t.copy() for t in texts]
        width = max(t.width for t in texts) + 2 * pad
        height = max(t.height for t in texts) + SPACE.sm
        self.boxes = VGroup()
        for k, text in enumerate(texts):
            on = k in active
            colour = theme.orange if on else (theme.blue if not active else theme.muted)
            frame = RoundedRectangle(corner_radius=SPACE.xs, width=width, height=height,
                                     stroke_color=colour, stroke_width=ARROW_STROKE,
                                     fill_color=colour if on else theme.panel,
                                     fill_opacity=ACTIVE_FILL if on else 1)
            self.boxes.add(VGroup(frame, text.move_to(frame)))
        self.boxes.arrange(DOWN, buff=buff)
        self.add(self.boxes)
        self.arrows = VGroup()
        if arrows:
            for a, b in zip(self.boxes[:-1], self.boxes[1:]):
                self.arrows.add(up_arrow(a.get_bottom(), b.get_top()))
            self.add(self.arrows)
        if loop_back:
            first, last = self.boxes[0], self.boxes[-1]
            x = first.get_right()[0] + SPACE.lg
            self.back = elbow([last.get_right(), [x, last.get_y(), 0], [x, first.get_y(), 0],
                               first.get_right()])
            self.add(self.back)


class ProbBars(VGroup, Shows):
    """Horizontal bars for the tokens ``ids`` of a distribution ``probs`` (a frame of
    ``width`` is probability 1), each with its word on the left and its value on the right.
    The record holds the whole distribution; its cells are the shown tokens' values.

    (The kit's charts.ProbBars draws no frame and records only the shown words' values.)
    """

    def __init__(self, probs, ids: list[int], words: list[str], name: str, width: float,
                 decimals: int, size: float = th.SMALL, colour: str | None = None):
        super().__init__()
        theme = th.current()
        p = _as_array(probs)
        self.record = Shown(name, p, {}, decimals)
        self.rows = VGroup()
        x_h = x_height(size)
        bar_h = x_h + SPACE.sm
        for k, i in enumerate(ids):
            y = -k * (bar_h + SPACE.sm)
            word = label(words[k], size)
            # on a common baseline (the highest glyph bottom), x-height centred on the bar
            baseline = max(glyph.get_bottom()[1] for glyph in word)
            word.shift([-SPACE.xs - word.get_right()[0], y - x_h / 2 - baseline, 0])
            frame = Rectangle(width=width, height=bar_h, stroke_color=theme.grid,
                              stroke_width=1).move_to([width / 2, y, 0])
            length = max(float(p[i]) * width, SPACE.hair)
            bar = Rectangle(width=length, height=bar_h, stroke_width=0,
                            fill_color=colour or theme.blue, fill_opacity=1)
            bar.move_to([length / 2, y, 0])
            shown = fmt(float(p[i]), decimals)
            value = Text(shown, font=th.FONT, font_size=size, color=theme.text)
            value.next_to(frame, RIGHT, buff=SPACE.xs)
            self.record.cells[(i,)] = shown
            self.rows.add(VGroup(word, frame, bar, value))
        self.add(self.rows)

    def bars(self) -> VGroup:
        return VGroup(*(row[2] for row in self.rows))


def bar_pair(before: float, after: float, limit: float, width: float, colours) -> VGroup:
    """Two bars of lengths before/limit and after/limit (times ``width``) and a dashed line at
    ``limit``: gradient clipping at a glance. Geometry only; the numbers are shown separately.
    """
    theme = th.current()
    top = max(before, after, limit)
    bar_h = x_height(th.BODY) + SPACE.sm
    bars = VGroup(*(Rectangle(width=max(v / top * width, SPACE.hair), height=bar_h,
                              stroke_width=0, fill_color=colour, fill_opacity=1)
                    for v, colour in zip((before, after), colours)))
    bars.arrange(DOWN, buff=SPACE.lg, aligned_edge=LEFT)
    x = bars.get_left()[0] + limit / top * width
    line = DashedLine([x, bars.get_top()[1] + SPACE.sm, 0], [x, bars.get_bottom()[1] - SPACE.sm, 0],
                      color=theme.yellow)
    return VGroup(bars, line)


def tick_numbers(plot, name: str, x_decimals: int = 0, y_decimals: int = 0) -> VGroup:
    """Axis numbers for a LinePlot built with ``axis_numbers=False``, with their own decimals
    per axis (step numbers whole, learning rates with places). Records as LinePlot's do:
    ``name.x_axis`` and ``name.y_axis``, one per tick.
    """
    theme = th.current()
    (x0, x1, dx), (y0, y1, dy) = plot.axes.x_range, plot.axes.y_range
    numbers = VGroup()
    for x in np.arange(x0, x1 + dx / 2, dx):
        n = Num(x, f"{name}.x_axis", x_decimals, size=th.TINY, color=theme.muted)
        numbers.add(n.next_to(plot.axes.coords_to_point(x, y0), DOWN, SPACE.xs))
    for y in np.arange(y0, y1 + dy / 2, dy):
        n = Num(y, f"{name}.y_axis", y_decimals, size=th.TINY, color=theme.muted)
        numbers.add(n.next_to(plot.axes.coords_to_point(x0, y), LEFT, SPACE.xs))
    return numbers


class SciNum(Text, Shows):
    """One number in scientific notation with ``digits`` after the point (−9.89×10⁻⁵), for
    values too small for fixed places; remembers its value like Num.
    """

    def __init__(self, value: float, name: str, digits: int = 2, size: float = th.SMALL,
                 color: str | None = None, prefix: str = ""):
        value = float(_as_array(value))
        shown = fmt_sci(value, digits)
        super().__init__(prefix + shown, font=th.FONT, font_size=size,
                         color=color or th.current().text)
        self.value = value
        self.record = Shown(name, np.array(value), {(): shown}, None)
