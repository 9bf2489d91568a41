"""Pieces for the cross-attention lecture: a side of the encoder-decoder (tokens -> block ->
output block), a row kept inside the frame, and a heatmap's strongest cell per row pointed out.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import Block, flow_arrow, label, token_boxes

FRAME_HALF_W = 6.9  # keep rows this far from the centre at most


def fit_row(row, x: float, max_width: float):
    """Scale ``row`` down to ``max_width`` if wider, centre it at ``x``, keep it in the frame."""
    if row.width > max_width:
        row.scale_to_fit_width(max_width)
    row.set_x(x)
    if row.get_left()[0] < -FRAME_HALF_W:
        row.shift(RIGHT * (-FRAME_HALF_W - row.get_left()[0]))
    if row.get_right()[0] > FRAME_HALF_W:
        row.shift(RIGHT * (FRAME_HALF_W - row.get_right()[0]))
    return row


def text_block(inside, colour: str, width: float, height: float = 0.8) -> Block:
    """A Block whose content is a ready mobject (e.g. a NumberText that records its numbers)."""
    block = Block("", colour, width, height)
    if inside.width > width - 0.2:
        inside.scale_to_fit_width(width - 0.2)
    block.add(inside.move_to(block))
    block.inside = inside
    return block


class SideColumn(VGroup):
    """One side of the encoder-decoder from the bottom up: its tokens, a block, its output."""

    def __init__(self, tokens: list[str], colour: str, stack, out, x: float,
                 width: float = 3.3, token_width: float = 6.2):
        super().__init__()
        self.tokens = token_boxes(tokens, colour, th.SMALL, buff=0.12)
        self.stack = text_block(stack, colour, width)
        self.out = text_block(out, colour, width)
        self.tokens.move_to([x, -2.95, 0])
        fit_row(self.tokens, x, token_width)
        self.stack.move_to([x, -1.55, 0])
        self.out.move_to([x, -0.1, 0])
        self.arrows = VGroup(
            flow_arrow(self.tokens.get_top() * [0, 1, 0] + [x, 0, 0], self.stack.get_bottom(),
                       buff=0.08),
            flow_arrow(self.stack.get_top(), self.out.get_bottom(), buff=0.08))
        self.add(self.tokens, self.arrows, self.stack, self.out)


def strongest_tags(heat, weights, words: list[str], colour: str, size: float = th.SMALL):
    """Outline of each row's largest cell and a '→ word' tag right of the row -> (outlines, tags).

    ``weights`` [rows, cols] is the array the heatmap shows; ``words`` name its columns.
    """
    best = np.argmax(np.asarray(weights), axis=1)  # [rows]
    outlines = VGroup(*(heat.outline(i, int(j), colour) for i, j in enumerate(best)))
    right = heat.cells.get_right()[0] + 0.3
    tags = VGroup()
    for i, j in enumerate(best):
        tag = label("→ " + words[int(j)], size, colour)
        tag.move_to([right + tag.width / 2, heat.cell_center(i, 0)[1], 0])
        tags.add(tag)
    return outlines, tags


def caption_above(mobject, text: str, colour: str, size: float = th.SMALL, buff: float = 0.2):
    """A short caption centred above ``mobject``."""
    return label(text, size, colour).next_to(mobject, UP, buff=buff)


def caption_below(mobject, text: str, colour: str, size: float = th.SMALL, buff: float = 0.2):
    return label(text, size, colour).next_to(mobject, DOWN, buff=buff)
