"""The LoRA lecture's pieces: a decoded sentence with the probability of each chosen word (it
records what it shows), and the adapter's plus sign."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, Circle, Line, VGroup

from scenes.kit import theme as th
from scenes.kit.charts import _finite, glyph_groups
from scenes.kit.mobjects import Shown, Shows
from scenes.kit.numbers import fmt


class TokenProbs(VGroup, Shows):
    """Tokens in a row, each with a number under it (e.g. the probability it was chosen with).

    ``colours``: one per token (None: the text colour). Records ``values`` under ``name``.
    """

    def __init__(self, tokens: list[str], values, name: str, decimals: int = 2,
                 size: float = th.SMALL, colours=None, buff: float = 0.35,
                 min_width: float = 0.8):
        super().__init__()
        theme = th.current()
        v = _finite(values)
        colours = colours or [theme.text] * len(tokens)
        self.record = Shown(name, v.copy(), {}, decimals)
        shown = [fmt(value, decimals) for value in v]
        self.record.cells = {(i,): text for i, text in enumerate(shown)}
        self.tokens = glyph_groups(list(tokens), size)
        self.numbers = glyph_groups(shown, size, theme.muted)
        gap = 0.45 * size / th.SMALL  # between a token and its number
        x = 0.0
        word_y, num_y = self.tokens.get_y(), self.numbers.get_y()  # keep each line's baseline
        for i, (word, num) in enumerate(zip(self.tokens, self.numbers)):
            word.set_color(colours[i])
            w = max(min_width, word.width, num.width)
            word.shift([x + w / 2 - word.get_x(), -word_y, 0])
            num.shift([x + w / 2 - num.get_x(), -gap - num_y, 0])
            x += w + buff
        self.add(self.tokens, self.numbers)

    def column(self, i: int) -> VGroup:
        """Token i with its number (to frame it)."""
        return VGroup(self.tokens[i], self.numbers[i])


def plus_circle(radius: float = 0.22, colour: str | None = None) -> VGroup:
    """The ⊕ of a figure (drawn, so it needs no glyph)."""
    colour = colour or th.current().text
    ring = Circle(radius=radius, color=colour, stroke_width=2.5)
    bar = radius * 0.6
    return VGroup(ring, Line(LEFT * bar, RIGHT * bar, color=colour, stroke_width=2.5),
                  Line(DOWN * bar, -DOWN * bar, color=colour, stroke_width=2.5))
