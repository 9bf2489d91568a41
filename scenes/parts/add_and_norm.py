"""Pieces of the Add & Norm lecture: one token's features as bars (recording the values they
stand for) and a dashed level line across them (the mean, the mean plus or minus the std).
"""

from __future__ import annotations

import numpy as np
from manim import DashedLine, Line, Rectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Shown, Shows, _as_array
from scenes.kit.theme import SPACE

BAR_OPACITY = 0.85  # the bars' fill: a little of the background shows through
STROKE = 2.5  # the level lines' width; the zero line is drawn at half of it


class FeatureBars(VGroup, Shows):
    """The d features of one token as bars up (positive) and down (negative) from a zero line.

    ``unit``: scene units per unit of value as built (give two charts one ``unit`` to compare
    them); the chart may then be moved and scaled, its zero line and levels follow.
    Records ``values`` under ``name`` (the bars carry no text: the source is what they show).
    """

    def __init__(self, values, name: str, unit: float, width: float,
                 colour: str | None = None, fill_opacity: float = BAR_OPACITY):
        super().__init__()
        v = _as_array(values)
        if v.ndim != 1 or len(v) == 0:
            raise ValueError(f"FeatureBars needs one token's features [d]; got shape {v.shape}")
        if not unit > 0:
            raise ValueError(f"FeatureBars needs unit > 0 (scene units per value); got {unit!r}")
        theme = th.current()
        self.record = Shown(name, v.copy(), {}, None)
        self.width_built = width
        self._unit = unit
        slot = width / len(v)
        self.bars = VGroup()
        for j, value in enumerate(v):
            h = abs(value) * unit or SPACE.hair / len(v)  # a zero still has a (flat) bar
            bar = Rectangle(width=slot - SPACE.hair, height=h, stroke_width=0,
                            fill_color=colour or theme.blue, fill_opacity=fill_opacity)
            bar.move_to([(2 * j + 1) * slot / 2 - width / 2, np.sign(value) * h / 2, 0])
            self.bars.add(bar)
        self.axis = Line([-width / 2 - SPACE.xs, 0, 0], [width / 2 + SPACE.xs, 0, 0],
                         stroke_color=theme.muted, stroke_width=STROKE / 2)
        self.add(self.axis, self.bars)

    @property
    def unit(self) -> float:
        """Scene units per unit of value, as the chart is now (after any scaling)."""
        return self._unit * self.axis.width / (self.width_built + 2 * SPACE.xs)

    @property
    def zero_y(self) -> float:
        """The height of the zero line wherever the chart now is."""
        return float(self.axis.get_y())

    def y_of(self, value: float) -> float:
        """The height of ``value`` on this chart."""
        return self.zero_y + float(value) * self.unit

    def level(self, value: float, colour: str | None = None) -> DashedLine:
        """A dashed line across the chart at ``value``."""
        y = self.y_of(value)
        return DashedLine([self.axis.get_left()[0], y, 0], [self.axis.get_right()[0], y, 0],
                          dash_length=SPACE.xs, stroke_width=STROKE,
                          color=colour or th.current().yellow)
