"""Pieces of the feed-forward lecture: one token's hidden units as bars (the Add & Norm
lecture's FeatureBars, with the units ReLU switches off in their own colour) and a layer's
parameters as one bar of its blocks with its name and its legend."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, VGroup

from scenes.kit import theme as th
from scenes.kit.charts import StackedBar
from scenes.kit.mobjects import label
from scenes.kit.theme import SPACE
from scenes.parts.add_and_norm import FeatureBars


def unit_bars(values, name: str, unit: float, width: float, colour: str,
              off=None, off_colour: str | None = None) -> FeatureBars:
    """The d_ff hidden units of one token as bars from a zero line; the units where ``off``
    is True (the ones ReLU sets to zero) drawn in ``off_colour``. Records ``values``."""
    bars = FeatureBars(values, name, unit, width, colour)
    if off is not None:
        off = np.asarray(off, dtype=bool)
        if off.shape != (len(bars.bars),):
            raise ValueError(f"off needs one flag per unit ({len(bars.bars)}); got shape "
                             f"{off.shape}")
        for bar, flag in zip(bars.bars, off):
            if flag:
                bar.set_fill(off_colour or th.current().red)
    return bars


class LayerBar(VGroup):
    """A layer's parameters as one StackedBar (attention | FFN | norms), its name on the left,
    the FFN's share on the right and the legend (the counts) under it; all texts are given."""

    def __init__(self, values, name: str, title, share, legend, width: float, height: float,
                 colours):
        super().__init__()
        self.bar = StackedBar(values, name, width, height, colours)
        self.title = title.next_to(self.bar, LEFT, buff=SPACE.md)
        self.share = share.next_to(self.bar, RIGHT, buff=SPACE.md)
        self.legend = legend.next_to(self.bar, DOWN, buff=SPACE.xs).align_to(self.bar, LEFT)
        self.add(self.bar, self.title, self.share, self.legend)


def legend_row(items, size: float = th.TINY, buff: float = SPACE.md) -> VGroup:
    """(colour swatch text, mobject) pairs in a row: a coloured square before each text."""
    row = VGroup()
    for colour, text in items:
        mark = label("■", size, colour)
        row.add(VGroup(mark, text).arrange(RIGHT, buff=SPACE.xs))
    return row.arrange(RIGHT, buff=buff)
