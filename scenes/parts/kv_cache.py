"""Pieces of the KV-cache lecture: one decoding step's self-attention as cells (the query
column, the keys as a row, the causal scores, the value column), coloured by what the step
computes, reads from the cache or leaves alone; and pairs of bars per step.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Rectangle, Square, VGroup

from scenes.kit import theme as th
from scenes.kit.theme import SPACE

IDLE_FILL = 0.0  # a cell the step does not touch: outline only
FULL_FILL = 1.0  # a cell computed at this step
OUTLINE = 3  # the stroke of the row that gives the next token
CACHED_FILL = 0.55  # a cell read from the cache


class AttentionStep(VGroup):
    """Step t of decoding (t tokens so far) in one self-attention layer: ``q`` (a column of t
    query cells), ``k`` (the keys as a row, t cells, above the scores), ``scores`` (the causal
    t x t triangle, row i holding i + 1 cells) and ``v`` (a column of t value cells on the right).

    ``cached`` False: every cell is computed at this step (``now`` colour). True: only the new
    position's q, k, v and the last row of scores are computed (``new`` colour); the older k and
    v rows are read from the cache (``old`` colour); older queries and score rows are not needed
    (outlined). ``last_row`` outlines the row of scores that gives the next token.
    """

    def __init__(self, t: int, cached: bool, cell: float, now: str, new: str, old: str,
                 gap: float = SPACE.xs):
        super().__init__()
        theme = th.current()

        def box(colour: str | None, fill: float):
            return Square(cell, stroke_color=theme.grid, stroke_width=1,
                          fill_color=colour or theme.bg, fill_opacity=fill)

        def state(j: int) -> tuple[str | None, float]:
            """The colour of position j's k, v (and q) cells."""
            if not cached:
                return now, FULL_FILL
            return (new, FULL_FILL) if j == t - 1 else (old, CACHED_FILL)

        def query(j: int) -> tuple[str | None, float]:
            """Older queries are not needed with the cache: only the new one is computed."""
            if not cached:
                return now, FULL_FILL
            return (new, FULL_FILL) if j == t - 1 else (None, IDLE_FILL)

        self.q = VGroup(*(box(*query(j)) for j in range(t))).arrange(DOWN, buff=0)
        self.scores = VGroup()
        for i in range(t):
            row = VGroup(*(box(*query(i)) for _ in range(i + 1))).arrange(RIGHT, buff=0)
            self.scores.add(row)
        self.scores.arrange(DOWN, buff=0, aligned_edge=LEFT)
        self.scores.next_to(self.q, RIGHT, buff=gap).align_to(self.q, UP)
        self.k = VGroup(*(box(*state(j)) for j in range(t))).arrange(RIGHT, buff=0)
        self.k.next_to(self.scores, UP, buff=gap).align_to(self.scores, LEFT)
        self.v = VGroup(*(box(*state(j)) for j in range(t))).arrange(DOWN, buff=0)
        self.v.next_to(self.scores, RIGHT, buff=gap).align_to(self.q, UP)
        self.last_row = Rectangle(width=self.scores[-1].width, height=cell,
                                  stroke_color=theme.yellow, stroke_width=OUTLINE)
        self.last_row.move_to(self.scores[-1])
        self.add(self.q, self.k, self.scores, self.v, self.last_row)


def bar_pairs(first, second, height: float, width: float, colours, gap: float = SPACE.hair,
              buff: float = SPACE.sm) -> VGroup:
    """Two bars per step side by side, heights ``height`` x value / the largest value, on one
    baseline. Geometry only: the numbers are shown separately. -> VGroup of pairs."""
    top = max(max(first), max(second))
    pairs = VGroup()
    for a, b in zip(first, second):
        pair = VGroup(*(Rectangle(width=width, height=max(height * v / top, SPACE.hair),
                                  stroke_width=0, fill_color=c, fill_opacity=1)
                        for v, c in zip((a, b), colours)))
        pair.arrange(RIGHT, buff=gap, aligned_edge=DOWN)
        pairs.add(pair)
    return pairs.arrange(RIGHT, buff=buff, aligned_edge=DOWN)


def stacked_bars(lower, upper, height: float, width: float, colours,
                 buff: float = SPACE.sm) -> VGroup:
    """One bar per step made of two parts (``lower`` below ``upper``), heights ``height`` x
    value / the largest total, on one baseline. Geometry only. -> VGroup of (lower, upper)."""
    top = max(a + b for a, b in zip(lower, upper))
    bars = VGroup()
    for a, b in zip(lower, upper):
        low = Rectangle(width=width, height=max(height * a / top, SPACE.hair), stroke_width=0,
                        fill_color=colours[0], fill_opacity=1)
        high = Rectangle(width=width, height=max(height * b / top, SPACE.hair), stroke_width=0,
                         fill_color=colours[1], fill_opacity=1)
        bars.add(VGroup(low, high.next_to(low, UP, buff=0)))
    return bars.arrange(RIGHT, buff=buff, aligned_edge=DOWN)
