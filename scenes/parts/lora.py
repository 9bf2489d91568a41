"""The LoRA lecture's pieces: a decoded sentence with the probability of each chosen word (it
records what it shows), the adapter's plus sign and blocks sized to their text."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Circle, Line, VGroup

from scenes.kit import Block, label
from scenes.kit import theme as th
from scenes.kit.charts import _finite, glyph_groups
from scenes.kit.mobjects import Shown, Shows
from scenes.kit.numbers import fmt
from scenes.kit.theme import SPACE


class TokenProbs(VGroup, Shows):
    """Tokens in a row, each with a number under it (e.g. the probability it was chosen with).

    ``colours``: one per token (None: the text colour). Records ``values`` under ``name``.
    """

    def __init__(self, tokens: list[str], values, name: str, decimals: int = 2,
                 size: float = th.SMALL, colours=None, buff: float = SPACE.lg):
        super().__init__()
        theme = th.current()
        v = _finite(values)
        colours = colours or [theme.text] * len(tokens)
        self.record = Shown(name, v.copy(), {}, decimals)
        shown = [fmt(value, decimals) for value in v]
        self.record.cells = {(i,): text for i, text in enumerate(shown)}
        self.tokens = glyph_groups(list(tokens), size)
        self.numbers = glyph_groups(shown, size, theme.muted)
        gap = SPACE.lg * size / th.SMALL  # between a token and its number
        x = 0
        word_y, num_y = self.tokens.get_y(), self.numbers.get_y()  # keep each line's baseline
        for i, (word, num) in enumerate(zip(self.tokens, self.numbers)):
            word.set_color(colours[i])
            w = max(word.width, num.width)
            word.shift([x + w / 2 - word.get_x(), -word_y, 0])
            num.shift([x + w / 2 - num.get_x(), -gap - num_y, 0])
            x += w + buff
        self.add(self.tokens, self.numbers)

    def column(self, i: int) -> VGroup:
        """Token i with its number (to frame it)."""
        return VGroup(self.tokens[i], self.numbers[i])


def plus_circle(radius: float = SPACE.sm, colour: str | None = None) -> VGroup:
    """The ⊕ of a figure (drawn, so it needs no glyph), its strokes as a Block's."""
    colour = colour or th.current().text
    stroke = Block("").box.get_stroke_width()
    ring = Circle(radius=radius, color=colour, stroke_width=stroke)
    bar = radius - SPACE.hair
    return VGroup(ring, Line(LEFT * bar, RIGHT * bar, color=colour, stroke_width=stroke),
                  Line(DOWN * bar, UP * bar, color=colour, stroke_width=stroke))


def padded_blocks(texts, colour: str | None = None, size: float = th.SMALL,
                  **kw) -> list[Block]:
    """Blocks of one width, as wide as the widest text needs; as high as a line needs."""
    labels = [label(t, size) for t in texts]
    width = max(m.width for m in labels) + 2 * SPACE.md
    height = max(m.height for m in labels) + 2 * SPACE.sm
    return [Block(t, colour, width, height, size, **kw) for t in texts]


def padded_block(text: str, colour: str | None = None, size: float = th.SMALL, **kw) -> Block:
    """A Block as big as its text needs (the kit's Block has a fixed size)."""
    return padded_blocks([text], colour, size, **kw)[0]


def text_lines(lines: list[str], size: float = th.SMALL, gap: float = SPACE.sm) -> VGroup:
    """Lines of text left-aligned one under the other on evenly spaced baselines (one Pango
    run; a Text of several lines would need a line spacing)."""
    groups = glyph_groups(lines, size)
    step = max(g.height for g in groups) + gap
    for i, g in enumerate(groups):
        g.shift(DOWN * i * step + LEFT * g.get_left()[0])
    return groups
