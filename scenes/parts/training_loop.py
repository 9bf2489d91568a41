"""Pieces of the training-loop lecture that other scenes may reuse: a column of process steps
(the training loop, with the current steps highlighted) and a bar chart of probabilities.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Arrow,
    DashedVMobject,
    Rectangle,
    RoundedRectangle,
    Text,
    VGroup,
    VMobject,
)

from scenes.kit import theme as th
from scenes.kit.mobjects import Num, Shown, Shows, _as_array, label
from scenes.kit.numbers import fmt, fmt_sci


class StepColumn(VGroup):
    """Process steps as boxes in a column, top to bottom, optionally with arrows between them
    and one arrow from the last back to the first (a loop). ``active`` steps are filled in the
    theme's orange, the others stay quiet. ``texts``: strings, or Text mobjects made once and
    copied here (cheaper than building the same Text again for every section).
    """

    def __init__(self, texts: list[str], width: float = 3.6, box_h: float = 0.5,
                 buff: float = 0.22, size: float = th.SMALL, active: tuple = (),
                 arrows: bool = True, loop_back: bool = True):
        super().__init__()
        theme = th.current()
        self.boxes = VGroup()
        for k, text in enumerate(texts):
            on = k in active
            colour = theme.orange if on else (theme.blue if not active else theme.muted)
            frame = RoundedRectangle(corner_radius=0.12, width=width, height=box_h,
                                     stroke_color=colour, stroke_width=2.5, fill_color=colour,
                                     fill_opacity=0.35 if on else 0.1)
            text = label(text, size) if isinstance(text, str) else text.copy()
            if text.width > width - 0.2:
                text.scale_to_fit_width(width - 0.2)
            self.boxes.add(VGroup(frame, text.move_to(frame)))
        self.boxes.arrange(DOWN, buff=buff)
        self.add(self.boxes)
        self.arrows = VGroup()
        if arrows:
            for a, b in zip(self.boxes[:-1], self.boxes[1:]):
                self.arrows.add(Arrow(a.get_bottom(), b.get_top(), buff=0.03, stroke_width=2.5,
                                      max_tip_length_to_length_ratio=0.35,
                                      color=theme.muted))
            self.add(self.arrows)
        if loop_back:
            first, last = self.boxes[0], self.boxes[-1]
            x = first.get_right()[0] + 0.45
            path = VMobject(stroke_color=theme.muted, stroke_width=2.5)
            path.set_points_as_corners([last.get_right(), [x, last.get_y(), 0],
                                        [x, first.get_y(), 0]])
            self.back = VGroup(path, Arrow([x + 0.02, first.get_y(), 0], first.get_right(),
                                           buff=0.02, stroke_width=2.5, color=theme.muted,
                                           max_tip_length_to_length_ratio=0.5))
            self.add(self.back)


class ProbBars(VGroup, Shows):
    """Horizontal bars for the tokens ``ids`` of a distribution ``probs`` (a length of
    ``width`` is probability 1), each with its word on the left and its value on the right.
    The record holds the whole distribution; its cells are the shown tokens' values.
    """

    def __init__(self, probs, ids: list[int], words: list[str], name: str,
                 width: float = 3.0, bar_h: float = 0.36, buff: float = 0.16,
                 decimals: int = 3, size: float = th.SMALL, colour: str | None = None):
        super().__init__()
        theme = th.current()
        p = _as_array(probs)
        self.record = Shown(name, p, {}, decimals)
        self.rows = VGroup()
        x_height = label("x", size).height
        for k, i in enumerate(ids):
            y = -k * (bar_h + buff)
            word = label(words[k], size)
            # on a common baseline (the highest glyph bottom), x-height centred on the bar
            baseline = max(glyph.get_bottom()[1] for glyph in word)
            word.shift([-0.15 - word.get_right()[0], y - x_height / 2 - baseline, 0])
            frame = Rectangle(width=width, height=bar_h, stroke_color=theme.grid,
                              stroke_width=1).move_to([width / 2, y, 0])
            length = max(float(p[i]) * width, 0.02)
            bar = Rectangle(width=length, height=bar_h, stroke_width=0,
                            fill_color=colour or theme.blue, fill_opacity=0.85)
            bar.move_to([length / 2, y, 0])
            shown = fmt(float(p[i]), decimals)
            value = Text(shown, font=th.FONT, font_size=size, color=theme.text)
            value.next_to(frame, RIGHT, buff=0.15)
            self.record.cells[(i,)] = shown
            self.rows.add(VGroup(word, frame, bar, value))
        self.add(self.rows)

    def bars(self) -> VGroup:
        return VGroup(*(row[2] for row in self.rows))


def bar_pair(before: float, after: float, limit: float, width: float, colours, bar_h=0.4):
    """Two bars of lengths before/limit and after/limit (times ``width``) and a dashed line at
    ``limit``: gradient clipping at a glance. Geometry only; the numbers are shown separately.
    """
    theme = th.current()
    top = max(before, after, limit)
    bars = VGroup()
    for k, v in enumerate((before, after)):
        bars.add(Rectangle(width=max(v / top * width, 0.02), height=bar_h, stroke_width=0,
                           fill_color=colours[k], fill_opacity=0.85))
    bars.arrange(DOWN, buff=0.5, aligned_edge=LEFT)
    x = bars.get_left()[0] + limit / top * width
    line = VMobject(stroke_color=theme.yellow, stroke_width=3)
    line.set_points_as_corners([[x, bars.get_top()[1] + 0.2, 0],
                                [x, bars.get_bottom()[1] - 0.2, 0]])
    return VGroup(bars, DashedVMobject(line, num_dashes=12))




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
        numbers.add(n.next_to(plot.axes.coords_to_point(x, y0), DOWN, 0.12))
    for y in np.arange(y0, y1 + dy / 2, dy):
        n = Num(y, f"{name}.y_axis", y_decimals, size=th.TINY, color=theme.muted)
        numbers.add(n.next_to(plot.axes.coords_to_point(x0, y), LEFT, 0.12))
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
