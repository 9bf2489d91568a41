"""Pieces for the cross-attention lecture: a block around a ready mobject, a side of the
encoder-decoder (tokens -> block -> output block), a heatmap's strongest cell per row pointed
out, and the two halves of a region.
"""

from __future__ import annotations

import numpy as np
from manim import UP, VGroup

from scenes.kit import theme as th
from scenes.kit.base import Region
from scenes.kit.mobjects import Block, flow_arrow, label, token_boxes
from scenes.kit.theme import SPACE


def halves(region: Region) -> tuple[Region, Region]:
    """The left and the right half of ``region``."""
    mid = region.center[0]
    return (Region(region.x0, mid, region.y0, region.y1),
            Region(mid, region.x1, region.y0, region.y1))


def text_block(inside, colour: str, width: float | None = None,
               pad: float = SPACE.md) -> Block:
    """A Block around a ready mobject (e.g. a NumberText that records its numbers): ``pad``
    around it, or ``width`` wide."""
    block = Block("", colour, width or inside.width + 2 * pad, inside.height + 2 * pad)
    block.add(inside.move_to(block))
    block.inside = inside
    return block


class SideColumn(VGroup):
    """One side of the encoder-decoder from the bottom up: its tokens, a block, its output.
    The tokens' row is scaled down to ``max_width`` if wider."""

    def __init__(self, tokens: list[str], colour: str, stack, out, max_width: float):
        super().__init__()
        self.tokens = token_boxes(tokens, colour, th.SMALL, buff=SPACE.xs)
        if self.tokens.width > max_width:
            self.tokens.scale_to_fit_width(max_width)
        width = max(stack.width, out.width) + 2 * SPACE.md
        self.stack = text_block(stack, colour, width)
        self.out = text_block(out, colour, width)
        VGroup(self.tokens, self.stack, self.out).arrange(UP, buff=SPACE.xl)
        self.arrows = VGroup(flow_arrow(self.tokens.get_top(), self.stack.get_bottom()),
                             flow_arrow(self.stack.get_top(), self.out.get_bottom()))
        self.add(self.tokens, self.arrows, self.stack, self.out)


def strongest_tags(heat, weights, words: list[str], colour: str, size: float = th.SMALL):
    """Outline of each row's largest cell and a '→ word' tag right of the row -> (outlines, tags).

    ``weights`` [rows, cols] is the array the heatmap shows; ``words`` name its columns.
    """
    best = np.argmax(np.asarray(weights), axis=1)  # [rows]
    outlines = VGroup(*(heat.outline(i, int(j), colour) for i, j in enumerate(best)))
    right = heat.cells.get_right()[0] + SPACE.md
    tags = VGroup()
    for i, j in enumerate(best):
        tag = label("→ " + words[int(j)], size, colour)
        tag.move_to([right + tag.width / 2, heat.cell_center(i, 0)[1], 0])
        tags.add(tag)
    return outlines, tags
