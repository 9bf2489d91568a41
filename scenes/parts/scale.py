"""Pieces of the scale lecture: counts as horizontal bars on a logarithmic axis (each tick ten
times the last), and a table laid out as a grid of given mobjects."""

from __future__ import annotations

import math

import numpy as np
from manim import Line, Rectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Shown, Shows, _as_array
from scenes.kit.theme import SPACE

BAR_OPACITY = 0.85
BAR_FILL = 0.6  # a bar's height as a share of its row
TICK_STROKE = 1.5


class LogBars(VGroup, Shows):
    """One horizontal bar per value, top to bottom, as long as log10(value / ticks[0]) on an
    axis from ticks[0] to ticks[-1] (``width`` long); a tick mark and a faint line at every
    tick. Records ``values`` under ``name`` (the bars carry no text: the scene labels them);
    ``x_of(value)`` is where a value falls on the axis, ``bars[i]`` the bar of value i."""

    def __init__(self, values, name: str, ticks, width: float, row_h: float, colours):
        super().__init__()
        v = _as_array(values)
        ticks = [float(t) for t in ticks]
        if v.ndim != 1 or len(v) == 0 or np.any(v <= 0):
            raise ValueError(f"LogBars needs values > 0; got {v.tolist()}")
        if len(ticks) < 2 or not (ticks[0] <= v.min() and v.max() <= ticks[-1]):
            raise ValueError(f"LogBars: the ticks {ticks} must span the values "
                             f"{v.min()!r}..{v.max()!r}")
        if len(colours) != len(v):
            raise ValueError(f"LogBars needs one colour per value: {len(v)} values, "
                             f"{len(colours)} colours")
        theme = th.current()
        self.record = Shown(name, v.copy(), {}, None)
        self._lo, self._hi = math.log10(ticks[0]), math.log10(ticks[-1])
        self.width_built = width
        self.bars = VGroup()
        for i, (value, colour) in enumerate(zip(v, colours)):
            length = width * (math.log10(value) - self._lo) / (self._hi - self._lo)
            bar = Rectangle(width=max(length, SPACE.hair), height=row_h * BAR_FILL,
                            stroke_width=0, fill_color=colour, fill_opacity=BAR_OPACITY)
            bar.move_to([bar.width / 2, -i * row_h, 0])
            self.bars.add(bar)
        bottom = -(len(v) - 1) * row_h - row_h / 2
        top = row_h / 2
        self.axis = Line([0, bottom, 0], [width, bottom, 0], stroke_color=theme.muted,
                         stroke_width=TICK_STROKE * 2)
        self.grid = VGroup()
        self.marks = VGroup()
        for t in ticks:
            x = self.x_at(t, width)
            self.grid.add(Line([x, bottom, 0], [x, top, 0], stroke_color=theme.grid,
                               stroke_width=TICK_STROKE))
            self.marks.add(Line([x, bottom, 0], [x, bottom - SPACE.xs, 0],
                                stroke_color=theme.muted, stroke_width=TICK_STROKE))
        self.add(self.grid, self.axis, self.marks, self.bars)

    def x_at(self, value: float, width: float) -> float:
        return width * (math.log10(value) - self._lo) / (self._hi - self._lo)

    def x_of(self, value: float) -> float:
        """The x of ``value`` on the axis wherever the chart now is."""
        left, right = self.axis.get_left()[0], self.axis.get_right()[0]
        return left + (right - left) * (math.log10(value) - self._lo) / (self._hi - self._lo)


def grid_table(rows, col_alignments: str, buff=(SPACE.lg, SPACE.sm)) -> VGroup:
    """Rows of mobjects (one list per row, equal lengths) as a grid: every row as high as the
    highest cell, columns aligned by ``col_alignments`` ("l", "c", "r" per column)."""
    n_cols = len(rows[0])
    if any(len(r) != n_cols for r in rows) or len(col_alignments) != n_cols:
        raise ValueError(f"grid_table needs rows of {n_cols} cells and one alignment each; "
                         f"got rows of {[len(r) for r in rows]} and {col_alignments!r}")
    cells = VGroup(*(c for r in rows for c in r))
    height = max(c.height for c in cells)
    cells.arrange_in_grid(rows=len(rows), cols=n_cols, buff=buff,
                          col_alignments=col_alignments, row_heights=[height] * len(rows))
    return VGroup(*(VGroup(*r) for r in rows))


def rule_under(row, table, colour: str | None = None) -> Line:
    """A line across ``table`` halfway between ``row`` and the row below it."""
    y = row.get_bottom()[1] - SPACE.xs
    return Line([table.get_left()[0], y, 0], [table.get_right()[0], y, 0], stroke_width=2,
                color=colour or th.current().grid)

