"""Generic pieces several lectures share: a matrix elided in both directions, words with
probability bars, and many short labels typeset as one Text.

Number-bearing pieces record what they show like the kit's own (see mobjects.Shown).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, Rectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Shown, Shows, _as_array, _brackets, label, typeset
from scenes.kit.numbers import fmt


def _kept(n: int, limit: int | None) -> list[int | None]:
    """Indices shown of ``n``: all, or the first ``limit - 2``, None (the gap) and the last."""
    if limit is None or n <= limit:
        return list(range(n))
    return list(range(limit - 2)) + [None, n - 1]


def window(n: int, centre: int, margin: int = 1, ends: int = 1) -> list[int | None]:
    """Indices shown of ``n`` around ``centre``: the first ``ends``, None (a gap), centre +-
    ``margin``, None, the last ``ends``; a gap only where indices are left out."""
    keep = sorted({i for i in range(n) if i < ends or i >= n - ends or abs(i - centre) <= margin})
    out: list[int | None] = []
    for i in keep:
        if out and i != out[-1] + 1:
            out.append(None)
        out.append(i)
    return out


class ElidedMatrix(VGroup, Shows):
    """A matrix from an array, elided to its first rows/columns, a "⋮"/"⋯" gap and the last.

    The record holds the whole source and the text of every shown cell at its source index;
    ``entry(i, j)`` is the text of source element (i, j), ``row(i)`` the shown row of source
    row i. ``cols``: the source columns to show, None for a gap (e.g. :func:`window`), instead
    of ``max_cols``.
    """

    def __init__(self, array, name: str, decimals: int = 2, max_rows: int | None = None,
                 max_cols: int | None = None, row_labels: list[str] | None = None,
                 size: float = th.SMALL, cell_w: float = 0.9, cell_h: float = 0.42,
                 color: str | None = None, brackets: bool = True,
                 cols: list[int | None] | None = None):
        super().__init__()
        a = _as_array(array)
        vector = a.ndim == 1
        if vector:
            a = a[None, :]
        theme = th.current()
        self.record = Shown(name, np.array(array, dtype=np.float64), {}, decimals)
        self.source_rows = _kept(a.shape[0], max_rows)
        self.source_cols = list(cols) if cols is not None else _kept(a.shape[1], max_cols)
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


def glyph_groups(parts: list[str], size: float = th.SMALL, color: str | None = None) -> VGroup:
    """Several short texts typeset as ONE Text (one Pango run instead of one per text, which is
    what makes many small labels slow) and returned as one VGroup of glyphs per part."""
    joined = " ".join(parts)
    text = typeset(joined, size, color or th.current().text,
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


class StackedBar(VGroup, Shows):
    """Parts of a whole as one bar of segments, each as long as its share (left to right).

    ``colours``: one per part. Records ``values`` under ``name`` (the bar carries no text: the
    scene labels it); ``segment(i)`` is part i's rectangle, ``share(i)`` its fraction.
    """

    def __init__(self, values, name: str, width: float, height: float, colours,
                 fill_opacity: float = 0.85):
        super().__init__()
        v = _finite(values)
        if v.ndim != 1 or len(v) == 0 or np.any(v < 0) or not v.sum() > 0:
            raise ValueError(f"StackedBar needs parts >= 0 with a positive sum; got {v.tolist()}")
        if len(colours) != len(v):
            raise ValueError(f"StackedBar needs one colour per part: {len(v)} parts, "
                             f"{len(colours)} colours")
        self.record = Shown(name, v.copy(), {}, None)
        self.total = float(v.sum())
        self.segments = VGroup()
        x = -width / 2
        for value, colour in zip(v, colours):
            w = width * value / self.total
            seg = Rectangle(width=max(w, 1e-4), height=height, stroke_width=0,
                            fill_color=colour, fill_opacity=fill_opacity)
            seg.move_to([x + w / 2, 0, 0])
            self.segments.add(seg)
            x += w
        self.frame = Rectangle(width=width, height=height, stroke_width=1.5,
                               stroke_color=th.current().grid)
        self.add(self.segments, self.frame)

    def segment(self, i: int) -> Rectangle:
        return self.segments[i]

    def share(self, i: int) -> float:
        return float(self.record.source[i] / self.total)
