"""Pieces for attention-head pictures: a labelled weight heatmap, weights whose exact zeros show
as 0, the causal mask, and the column blocks of the heads in a [n, d_model] matrix.

Everything numeric stays a recorded kit mobject (a :class:`Heatmap`), so the tests can read it back.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DEFAULT_STROKE_WIDTH,
    DOWN,
    LEFT,
    ORIGIN,
    PI,
    UP,
    Group,
    Line,
    Rectangle,
    Text,
    VGroup,
)

from scenes.kit import theme as th
from scenes.kit.mobjects import Heatmap, label
from scenes.kit.numbers import fmt
from scenes.kit.theme import SPACE


def place(mobject, region, edge=ORIGIN, buff: float = 0):
    """Move ``mobject`` into ``region`` (a kit ``Region``, e.g. the stage) against its ``edge``
    (UP, DOWN + LEFT, ...; ORIGIN: the centre), ``buff`` inside it. Returns ``mobject``."""
    edge = np.asarray(edge, dtype=float)
    half = np.array([region.width, region.height, 0]) / 2
    target = region.center + edge * (half - buff)
    return mobject.move_to(target, aligned_edge=edge)


def token_labels(heat: Heatmap, rows, cols, size: float) -> VGroup:
    """Row labels left of the rows, column labels above the columns (turned upright when a
    label is wider than its cell, so neighbours never overlap)."""
    muted = th.current().muted
    out = VGroup()
    if rows is not None:
        out.add(heat.label_rows(list(rows), size))
    if cols is not None:
        labels = VGroup(*(label(t, size, muted) for t in cols))
        if max(lab.width for lab in labels) > heat.cell_w - SPACE.hair:
            # too wide for a cell: Chinese is written top to bottom, other words are turned
            labels = VGroup(*(VGroup(*(label(c, size, muted) for c in t)).arrange(DOWN, buff=SPACE.hair)
                              if _cjk(t) else label(t, size, muted).rotate(PI / 2)
                              for t in cols))
        for j, lab in enumerate(labels):
            lab.move_to(heat.cell_center(0, j)).align_to(heat, UP)
            lab.shift(UP * (lab.height + SPACE.xs))
        out.add(labels)
    return out


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


class WeightPanel(Group):
    """Attention weights [n_q, n_k] as a heatmap with its query (row) and key (column) tokens,
    and an optional title above. ``heat`` is the recorded Heatmap."""

    def __init__(self, weights, name: str, rows, cols, width: float, vmin: float, vmax: float,
                 title: Text | None = None, size: float = th.TINY, height: float | None = None):
        super().__init__()
        self.heat = Heatmap(weights, name, width=width, height=height, diverging=False,
                            vmin=vmin, vmax=vmax, as_image=True)
        self.labels = token_labels(self.heat, rows, cols, size)
        self.add(self.heat, self.labels)
        if title is not None:
            title.next_to(Group(self.heat, self.labels), UP, buff=SPACE.xs)
            title.set_x(self.heat.get_x())
            self.title = title
            self.add(title)

    def outline(self, i: int, j: int, colour: str | None = None) -> Rectangle:
        return self.heat.outline(i, j, colour)


class ExactZeroHeatmap(Heatmap):
    """Weights with their values on the cells; a weight that is exactly 0 shows as "0" (no
    decimals: it is not a rounded small number), every other one with ``decimals`` places."""

    def __init__(self, array, name: str, width: float, vmin: float, vmax: float,
                 decimals: int = 2, size: float = th.SMALL, height: float | None = None):
        super().__init__(array, name, width=width, height=height, diverging=False, vmin=vmin,
                         vmax=vmax, as_image=False)
        a = np.asarray(self.record.source)
        theme = th.current()
        rgb = theme.sequential(a, vmin, vmax)
        places = {}
        self.numbers = VGroup()
        for i in range(self.n_rows):
            for j in range(self.n_cols):
                exact = a[i, j] == 0
                places[(i, j)] = 0 if exact else decimals
                shown = fmt(a[i, j], places[(i, j)])
                num = Text(shown, font=th.FONT, font_size=size,
                           color=theme.readable_on(rgb[i, j]))
                num.move_to(self.cell_center(i, j))
                self.record.cells[(i, j)] = shown
                self.numbers.add(num)
        self.record.decimals = places
        self.add(self.numbers)


class CausalMaskGrid(VGroup):
    """The causal mask of n positions: cell (i, j) open (✓) when j <= i, else −∞ (added to the
    score, so its softmax weight is exactly 0). Built from the boolean ``mask`` it is given."""

    solid = True  # a filled grid: no text of the screen may cover it (the layout checks)

    open_opacity = 0.45  # an open cell: the theme's green, dimmed

    def __init__(self, mask, width: float, size: float = th.SMALL):
        super().__init__()
        mask = np.asarray(mask, dtype=bool)
        n_rows, n_cols = mask.shape
        theme = th.current()
        self.cell_w, self.cell_h = width / n_cols, width / n_cols
        self.mask = mask
        for i in range(n_rows):
            for j in range(n_cols):
                open_ = bool(mask[i, j])
                sq = Rectangle(width=self.cell_w, height=self.cell_h, stroke_color=theme.grid,
                               stroke_width=DEFAULT_STROKE_WIDTH / 2,
                               fill_color=theme.green if open_ else theme.panel,
                               fill_opacity=self.open_opacity if open_ else 1)
                mark = label("✓" if open_ else "−∞", size, theme.text if open_ else theme.muted)
                self.add(VGroup(sq, mark.move_to(sq)))
        self.arrange_in_grid(n_rows, n_cols, buff=0)
        self.n_rows, self.n_cols = n_rows, n_cols
        self.move_to(ORIGIN)

    def cell_center(self, i: int, j: int) -> np.ndarray:
        return self[i * self.n_cols + j][0].get_center()

    def label_rows(self, labels, size: float = th.TINY) -> VGroup:
        group = VGroup(*(label(t, size, th.current().muted) for t in labels))
        for i, lab in enumerate(group):
            lab.next_to(self.cell_center(i, 0), LEFT, buff=self.cell_w / 2 + SPACE.sm)
        return group


def head_dividers(heat: Heatmap, n_heads: int, colour: str | None = None,
                  stroke: float = DEFAULT_STROKE_WIDTH) -> VGroup:
    """Vertical lines that cut a [n, d_model] heatmap into its n_heads column blocks."""
    d_k = heat.n_cols // n_heads
    top, bottom = heat.get_top()[1], heat.get_bottom()[1]
    left = heat.get_left()[0]
    return VGroup(*(Line([left + h * d_k * heat.cell_w, top, 0],
                         [left + h * d_k * heat.cell_w, bottom, 0], stroke_width=stroke,
                         color=colour or th.current().bg)
                    for h in range(1, n_heads)))


def head_block_centers(heat: Heatmap, n_heads: int) -> list[np.ndarray]:
    """Centre of each head's column block (for its label)."""
    d_k = heat.n_cols // n_heads
    return [(heat.cell_center(0, h * d_k) + heat.cell_center(heat.n_rows - 1, (h + 1) * d_k - 1))
            / 2 for h in range(n_heads)]


def block_label_above(heat: Heatmap, n_heads: int, texts, size: float = th.TINY,
                      colour: str | None = None) -> VGroup:
    """One label above each head's column block."""
    group = VGroup()
    for c, t in zip(head_block_centers(heat, n_heads), texts):
        lab = label(t, size, colour or th.current().muted)
        lab.move_to([c[0], heat.get_top()[1], 0]).shift(UP * (lab.height / 2 + SPACE.xs))
        group.add(lab)
    return group


__all__ = ["CausalMaskGrid", "ExactZeroHeatmap", "WeightPanel", "block_label_above",
           "head_block_centers", "head_dividers", "place", "token_labels"]
