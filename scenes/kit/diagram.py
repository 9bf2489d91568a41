"""Architecture diagrams: sublayers stacked in a layer frame with its "N ×" label, residual paths,
the positional-encoding adder, and the encoder-decoder figure of the paper built from them.

Diagrams are drawn bottom-up, as in "Attention Is All You Need" (Figure 1). They hold no words
and no numbers of their own: the scene passes every text (from its string catalogue) and the
mobject that says N (a recorded number mobject, N from the model's config).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Line,
    RoundedRectangle,
    VGroup,
    VMobject,
)

from scenes.kit import theme as th
from scenes.kit.mobjects import Block, label

ARROW_STROKE = 2.5


def up_arrow(start, end, colour: str | None = None) -> Arrow:
    """A short flow arrow between two points (no buffer: it touches both ends)."""
    length = float(np.linalg.norm(np.asarray(end) - np.asarray(start)))
    return Arrow(start, end, buff=0, stroke_width=ARROW_STROKE, tip_length=min(0.14, length * 0.6),
                 max_tip_length_to_length_ratio=0.6, max_stroke_width_to_length_ratio=20,
                 color=colour or th.current().muted)


def elbow(points, colour: str | None = None) -> VGroup:
    """A path through ``points`` with right-angle corners, ending in an arrow tip."""
    colour = colour or th.current().muted
    pts = [np.asarray(p, dtype=float) for p in points]
    path = VGroup()
    if len(pts) > 2:
        path.add(VMobject(stroke_color=colour, stroke_width=ARROW_STROKE)
                 .set_points_as_corners(pts[:-1]))
    path.add(up_arrow(pts[-2], pts[-1], colour))
    return path


class LayerStack(VGroup):
    """One layer: its sublayers bottom-up in a rounded frame, with flow arrows between them and a
    residual path (on ``side``) from the input of each sublayer to the Add & Norm after it.

    ``specs``: (text, colour) per sublayer, bottom first; ``norms``: indices of the Add & Norm
    blocks (each takes the residual from the input of the block below it). ``entry`` and ``exit``
    are the points where the layer's input arrives (frame bottom) and its output leaves (top),
    wherever the stack has moved.
    """

    def __init__(self, specs: list[tuple[str, str]], norms: tuple[int, ...], side=LEFT,
                 width: float = 3.2, block_h: float = 0.44, gap: float = 0.2,
                 margin: float = 0.42, pad: float = 0.14, size: float = th.SMALL,
                 colour: str | None = None):
        super().__init__()
        theme = th.current()
        self.blocks = VGroup(*(Block(text, c, width, block_h, size) for text, c in specs))
        self.blocks.arrange(UP, buff=gap)
        bottom, top = self.blocks.get_bottom(), self.blocks.get_top()
        side = np.asarray(side, dtype=float)
        inner = width + margin
        self.frame = RoundedRectangle(
            corner_radius=0.18, width=inner + 2 * pad, height=self.blocks.height + 2 * gap,
            stroke_color=colour or theme.grid, stroke_width=2.5, fill_color=theme.panel,
            fill_opacity=0.6)
        self.frame.move_to(self.blocks.get_center() + side * margin / 2)
        self.arrows = VGroup(up_arrow(self.entry, bottom))
        for a, b in pairwise(self.blocks):
            self.arrows.add(up_arrow(a.get_top(), b.get_bottom()))
        self.arrows.add(Line(top, self.exit, stroke_width=ARROW_STROKE, color=theme.muted))
        self.residuals = VGroup()
        x_side = self.blocks.get_edge_center(side)[0] + side[0] * margin / 2
        for j in norms:
            below = self.blocks[j - 1].get_bottom()
            branch = np.array([below[0], below[1] - gap / 2, 0.0])
            target = self.blocks[j].get_edge_center(side)
            self.residuals.add(elbow([branch, [x_side, branch[1], 0], [x_side, target[1], 0],
                                      target]))
        self.add(self.frame, self.arrows, self.residuals, self.blocks)

    @property
    def entry(self) -> np.ndarray:
        """Where the layer's input arrives: the frame's bottom, below the first sublayer."""
        return np.array([self.blocks.get_x(), self.frame.get_bottom()[1], 0.0])

    @property
    def exit(self) -> np.ndarray:
        """Where the layer's output leaves: the frame's top, above the last sublayer."""
        return np.array([self.blocks.get_x(), self.frame.get_top()[1], 0.0])

    def attach_repeat(self, mob, side=LEFT, buff: float = 0.2):
        """Put ``mob`` (the "N ×" label) beside the frame, vertically centred."""
        return mob.next_to(self.frame, side, buff=buff)


class PositionalAdder(VGroup):
    """The ⊕ where the positional encoding joins the embedding, with a sine icon and its label
    on ``side``."""

    def __init__(self, text: str, side=LEFT, radius: float = 0.16, size: float = th.SMALL):
        super().__init__()
        theme = th.current()
        self.circle = Circle(radius=radius, stroke_color=theme.text, stroke_width=2.5)
        plus = VGroup(Line(LEFT * radius, RIGHT * radius), Line(DOWN * radius, UP * radius))
        plus.set_stroke(theme.text, 2.5)
        self.adder = VGroup(self.circle, plus)
        wave = Circle(radius=radius * 1.2, stroke_color=theme.green, stroke_width=2.5)
        xs = np.linspace(-0.8, 0.8, 25) * radius * 1.2
        sine = VMobject(stroke_color=theme.green, stroke_width=2.5).set_points_smoothly(
            [[x, 0.45 * radius * np.sin(x / (radius * 1.2) * np.pi), 0] for x in xs])
        self.icon = VGroup(wave, sine).next_to(self.adder, side, buff=0.45)
        self.arrow = up_arrow(self.icon.get_edge_center(-side), self.circle.get_edge_center(side))
        self.arrow.set_color(theme.green)
        self.text = label(text, size, theme.green).next_to(self.icon, side, buff=0.15)
        self.add(self.adder, self.arrow, self.icon, self.text)


@dataclass
class DiagramText:
    """Every text of the encoder-decoder figure (from the scene's catalogue)."""

    inputs: str
    outputs: str
    input_embedding: str
    output_embedding: str
    positional: str
    self_attention: str
    masked_attention: str
    cross_attention: str
    add_norm: str
    feed_forward: str
    head: str
    probabilities: str


class TransformerDiagram(VGroup):
    """The encoder-decoder Transformer of the paper, bottom-up: encoder column on the left
    (inputs, embedding, ⊕ PE, a LayerStack of MHA / Add & Norm / FFN / Add & Norm, "N ×"), decoder
    column on the right (outputs shifted right, embedding, ⊕ PE, masked MHA / Add & Norm /
    cross-attention / Add & Norm / FFN / Add & Norm, "× N", Linear + Softmax, probabilities),
    and the memory path from the encoder's top into the decoder's cross-attention.

    Named parts: ``enc_*`` and ``dec_*`` (``_in``, ``_embed``, ``_pe``, ``_stack``, ``_times``),
    ``head``, ``out``, ``memory_path``, and the groups ``encoder`` and ``decoder`` (each with its
    ``stack``, also in a copy of the group). Sublayers:
    ``enc_stack.blocks[i]`` in the order above (``ENC`` / ``DEC`` name the indices).
    """

    ENC: ClassVar[dict[str, int]] = {"self_attn": 0, "ln1": 1, "ffn": 2, "ln2": 3}
    DEC: ClassVar[dict[str, int]] = {"self_attn": 0, "ln1": 1, "cross_attn": 2, "ln2": 3, "ffn": 4, "ln3": 5}

    def __init__(self, text: DiagramText, enc_times, dec_times, width: float = 3.2,
                 block_h: float = 0.44, gap: float = 0.2, step: float = 0.3,
                 spacing: float = 1.5, size: float = th.SMALL):
        super().__init__()
        theme = th.current()
        attn, norm, ffn = theme.orange, theme.yellow, theme.blue
        kw = {"width": width, "block_h": block_h, "gap": gap, "size": size}
        self.enc_stack = LayerStack(
            [(text.self_attention, attn), (text.add_norm, norm), (text.feed_forward, ffn),
             (text.add_norm, norm)], norms=(1, 3), side=LEFT, **kw)
        self.dec_stack = LayerStack(
            [(text.masked_attention, attn), (text.add_norm, norm), (text.cross_attention, attn),
             (text.add_norm, norm), (text.feed_forward, ffn), (text.add_norm, norm)],
            norms=(1, 3, 5), side=RIGHT, **kw)
        self.dec_stack.next_to(self.enc_stack, RIGHT, buff=spacing, aligned_edge=DOWN)
        self.enc_times = self.enc_stack.attach_repeat(enc_times, LEFT)
        self.dec_times = self.dec_stack.attach_repeat(dec_times, RIGHT)

        def column_below(stack, embed_text, in_text, side):
            embed = Block(embed_text, theme.red, width * 0.8, block_h, size)
            pe = PositionalAdder(text.positional, side, size=size)
            pe.shift(stack.entry - pe.adder.get_center() + DOWN * (step + pe.adder.height / 2))
            embed.move_to(pe.adder.get_center() + DOWN * (step + (pe.adder.height
                                                                  + block_h) / 2))
            inputs = label(in_text, size, theme.muted)
            inputs.next_to(embed, DOWN, buff=step)
            arrows = VGroup(up_arrow(inputs.get_top(), embed.get_bottom()),
                            up_arrow(embed.get_top(), pe.adder.get_bottom()),
                            up_arrow(pe.adder.get_top(), stack.entry))
            return inputs, embed, pe, arrows

        self.enc_in, self.enc_embed, self.enc_pe, enc_arrows = column_below(
            self.enc_stack, text.input_embedding, text.inputs, LEFT)
        self.dec_in, self.dec_embed, self.dec_pe, dec_arrows = column_below(
            self.dec_stack, text.output_embedding, text.outputs, RIGHT)
        self.head = Block(text.head, theme.purple, width * 0.8, block_h, size)
        self.head.move_to(self.dec_stack.exit + UP * (step + block_h / 2))
        self.out = label(text.probabilities, size, theme.muted).next_to(self.head, UP, buff=step)
        dec_arrows.add(up_arrow(self.dec_stack.exit, self.head.get_bottom()),
                       up_arrow(self.head.get_top(), self.out.get_bottom()))
        cross = self.dec_stack.blocks[self.DEC["cross_attn"]].get_left()
        x_mid = (self.enc_stack.frame.get_right()[0] + self.dec_stack.frame.get_left()[0]) / 2
        lift = self.enc_stack.exit + UP * step
        self.memory_path = elbow([self.enc_stack.exit, lift, [x_mid, lift[1], 0],
                                  [x_mid, cross[1], 0], cross], theme.text)
        self.encoder = VGroup(self.enc_in, enc_arrows[0], self.enc_embed, enc_arrows[1],
                              self.enc_pe, enc_arrows[2], self.enc_stack, self.enc_times)
        self.decoder = VGroup(self.dec_in, dec_arrows[0], self.dec_embed, dec_arrows[1],
                              self.dec_pe, dec_arrows[2], self.dec_stack, self.dec_times,
                              dec_arrows[3], self.head, dec_arrows[4], self.out)
        self.encoder.stack, self.decoder.stack = self.enc_stack, self.dec_stack  # kept by copies
        self.add(self.encoder, self.decoder, self.memory_path)
