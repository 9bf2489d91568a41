"""Pieces for the attention lectures: a matrix elided in both directions, and the notes'
file-cabinet picture (a note in hand, folders with a label tab and contents).

Number-bearing pieces record what they show like the kit's own (see mobjects.Shown).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Line, Polygon, Rectangle, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Shown, Shows, _as_array, _brackets, label
from scenes.kit.numbers import fmt


def _kept(n: int, limit: int | None) -> list[int | None]:
    """Indices shown of ``n``: all, or the first ``limit - 2``, None (the gap) and the last."""
    if limit is None or n <= limit:
        return list(range(n))
    return list(range(limit - 2)) + [None, n - 1]


class ElidedMatrix(VGroup, Shows):
    """A matrix from an array, elided to its first rows/columns, a "⋮"/"⋯" gap and the last.

    The record holds the whole source and the text of every shown cell at its source index;
    ``entry(i, j)`` is the text of source element (i, j), ``row(i)`` the shown row of source
    row i.
    """

    def __init__(self, array, name: str, decimals: int = 2, max_rows: int | None = None,
                 max_cols: int | None = None, row_labels: list[str] | None = None,
                 size: float = th.SMALL, cell_w: float = 0.9, cell_h: float = 0.42,
                 color: str | None = None, brackets: bool = True):
        super().__init__()
        a = _as_array(array)
        vector = a.ndim == 1
        if vector:
            a = a[None, :]
        theme = th.current()
        self.record = Shown(name, np.array(array, dtype=np.float64), {}, decimals)
        self.source_rows = _kept(a.shape[0], max_rows)
        self.source_cols = _kept(a.shape[1], max_cols)
        self.grid = VGroup()
        self._entries = {}
        for gi, i in enumerate(self.source_rows):
            row = VGroup()
            for gj, j in enumerate(self.source_cols):
                if i is None:
                    cell = label("⋮" if j is not None else "⋱", size, theme.muted)
                elif j is None:
                    cell = label("⋯", size, theme.muted)
                else:
                    shown = fmt(a[i, j], decimals)
                    cell = label(shown, size, color or theme.text)
                    self.record.cells[(j,) if vector else (i, j)] = shown
                    self._entries[(i, j)] = cell
                row.add(cell.move_to(RIGHT * gj * cell_w + DOWN * gi * cell_h))
            self.grid.add(row)
        self.add(self.grid)
        if brackets:
            self.brackets = _brackets(self.grid, theme.muted)
            self.add(self.brackets)
        if row_labels is not None:
            self.row_labels = VGroup()
            for gi, i in enumerate(self.source_rows):
                if i is None:
                    continue
                lab = label(row_labels[i], size, theme.muted)
                lab.next_to(self.grid, LEFT, buff=0.4).set_y(self.grid[gi].get_y())
                self.row_labels.add(lab)
            self.add(self.row_labels)

    def entry(self, i: int, j: int):
        return self._entries[(i, j)]

    def row(self, i: int) -> VGroup:
        return self.grid[self.source_rows.index(i)]

    def column(self, j: int) -> VGroup:
        g = self.source_cols.index(j)
        return VGroup(*(row[g] for row in self.grid))


class StickyNote(VGroup):
    """The note in your hand: a sheet with a folded corner and a few lines of text."""

    def __init__(self, lines: list[str], colour: str | None = None, width: float = 2.8,
                 size: float = th.SMALL):
        super().__init__()
        theme = th.current()
        colour = colour or theme.yellow
        texts = VGroup(*(label(t, size) for t in lines)).arrange(DOWN, buff=0.15)
        width = max(width, texts.width + 0.6)  # the note grows to hold its text
        height = texts.height + 0.7
        fold = 0.3
        w, h = width / 2, height / 2
        self.sheet = Polygon([-w, h, 0], [w, h, 0], [w, -h + fold, 0], [w - fold, -h, 0],
                             [-w, -h, 0], stroke_color=colour, stroke_width=2.5,
                             fill_color=colour, fill_opacity=0.18)
        self.corner = Polygon([w, -h + fold, 0], [w - fold, -h + fold, 0], [w - fold, -h, 0],
                              stroke_color=colour, stroke_width=2, fill_color=colour,
                              fill_opacity=0.45)
        self.texts = texts.move_to(self.sheet)
        self.add(self.sheet, self.corner, self.texts)


class Folder(VGroup):
    """A folder: a tab carrying its label (the key) and a body holding sheets (the value)."""

    def __init__(self, tab_text: str, tab_colour: str, body_colour: str, width: float = 1.7,
                 height: float = 1.3, size: float = th.SMALL, sheets: int = 3):
        super().__init__()
        self.body = RoundedRectangle(corner_radius=0.08, width=width, height=height,
                                     stroke_color=body_colour, stroke_width=2.5,
                                     fill_color=body_colour, fill_opacity=0.12)
        self.tab_text = label(tab_text, size)
        tab_w = max(self.tab_text.width + 0.3, width * 0.55)
        self.tab = Rectangle(width=tab_w, height=self.tab_text.height + 0.2,
                             stroke_color=tab_colour, stroke_width=2.5, fill_color=tab_colour,
                             fill_opacity=0.35)
        self.tab.next_to(self.body, UP, buff=0).align_to(self.body, LEFT).shift(RIGHT * 0.12)
        self.tab_text.move_to(self.tab)
        self.sheets = VGroup(*(Line(LEFT * width * 0.32, RIGHT * width * 0.32,
                                    stroke_color=body_colour, stroke_width=2)
                               for _ in range(sheets)))
        self.sheets.arrange(DOWN, buff=height / (sheets + 1.5)).move_to(self.body)
        self.add(self.body, self.tab, self.tab_text, self.sheets)
