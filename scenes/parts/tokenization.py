"""Pieces for the tokenization lecture: tokens in boxes with their ids under them, and a slice
of a vocabulary (id, token) with gaps where ids are skipped.

Number-bearing pieces record what they show like the kit's own (see mobjects.Shown).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, Rectangle, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Shown, Shows, label
from scenes.kit.numbers import fmt
from scenes.kit.theme import SPACE

STROKE = 2.5  # outlines: token boxes, frames around rows
SIZES = (th.TITLE, th.HEADING, th.BODY, th.SMALL, th.TINY)


def smaller(size: float) -> float:
    """The theme's next font size below ``size`` (TINY stays TINY)."""
    return next((s for s in SIZES if s < size), th.TINY)


class TokenIds(VGroup, Shows):
    """Tokens in boxes in a row, each with its id under it. Records ``ids`` under ``name``.

    ``colours``: one box colour per token (None: the theme's blue). A box is at least as wide
    and as high as one CJK character, plus padding.
    """

    def __init__(self, tokens: list[str], ids, name: str, size: float = th.BODY,
                 colours: list[str] | None = None, buff: float = SPACE.md,
                 id_colour: str | None = None):
        super().__init__()
        theme = th.current()
        ids = np.asarray(ids, dtype=np.float64)
        if len(tokens) != len(ids):
            raise ValueError(f"{len(tokens)} tokens but {len(ids)} ids: one id per token")
        colours = colours or [theme.blue] * len(tokens)
        shown = [fmt(i, 0) for i in ids]
        self.record = Shown(name, ids.copy(), {(k,): s for k, s in enumerate(shown)}, 0)
        self.boxes, self.ids = VGroup(), VGroup()
        em = label("我", size)
        for tok, colour in zip(tokens, colours):
            text = label(tok, size)
            box = RoundedRectangle(corner_radius=SPACE.xs,
                                   width=max(text.width, em.width) + 2 * SPACE.sm,
                                   height=max(text.height, em.height) + 2 * SPACE.sm,
                                   stroke_color=colour, stroke_width=STROKE)
            self.boxes.add(VGroup(box, text.move_to(box)))
        self.boxes.arrange(RIGHT, buff=buff)
        for box, s in zip(self.boxes, shown):
            num = label(s, smaller(size), id_colour or theme.yellow)
            self.ids.add(num.next_to(box, DOWN, buff=SPACE.sm))
        self.add(self.boxes, self.ids)

    def column(self, k: int) -> VGroup:
        """Token k with its id."""
        return VGroup(self.boxes[k], self.ids[k])


class VocabSlice(VGroup, Shows):
    """Rows ``id  token`` of a vocabulary for the given ids, with a "⋮" where ids are skipped.

    Records the shown ids under ``name``; ``row(i)`` is the shown row of vocabulary id i (its
    id, right-aligned, and its token, left-aligned). Rows are one CJK character high plus a gap.
    """

    def __init__(self, vocab: list[str], rows: list[int], name: str, size: float = th.SMALL,
                 highlight=(), colour: str | None = None):
        super().__init__()
        theme = th.current()
        colour = colour or theme.yellow
        self.record = Shown(name, np.asarray(rows, dtype=np.float64), {}, 0)
        self._rows = {}
        self.row_h = label("我", size).height + SPACE.md
        id_w = max(label(fmt(i, 0), size).width for i in rows)
        y, prev = 0, None
        for k, i in enumerate(rows):
            if prev is not None and i != prev + 1:
                self.add(label("⋮", size, theme.muted).move_to([id_w / 2, y, 0]))
                y -= self.row_h
            hit = i in highlight
            shown = fmt(i, 0)
            self.record.cells[(k,)] = shown
            num = label(shown, size, colour if hit else theme.muted)
            num.move_to([id_w, y, 0], aligned_edge=RIGHT)
            tok = label(vocab[i], size, colour if hit else theme.text)
            tok.move_to([id_w + SPACE.md, y, 0], aligned_edge=LEFT)
            row = VGroup(num, tok)
            self._rows[i] = row
            self.add(row)
            y -= self.row_h
            prev = i
        self._height_built = self.height  # frames follow the slice if it is scaled

    def row(self, i: int) -> VGroup:
        return self._rows[i]

    def frame(self, i: int, colour: str | None = None, width: float | None = None) -> Rectangle:
        """A box around the row of id i (the rows' pitch less a hair, so frames don't touch)."""
        row = self._rows[i]
        pitch = self.row_h * self.height / self._height_built
        return Rectangle(width=width or self.width + 2 * SPACE.sm, height=pitch - SPACE.hair,
                         stroke_color=colour or th.current().yellow, stroke_width=STROKE
                         ).move_to([self.get_x(), row.get_y(), 0])
