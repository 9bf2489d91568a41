"""Architecture diagram pieces: stacks keep their flow points when moved, the figure is complete."""

from __future__ import annotations

import numpy as np
import pytest
from manim import LEFT, RIGHT, UP

from scenes.kit import theme
from scenes.kit.diagram import DiagramText, LayerStack, TransformerDiagram
from scenes.kit.mobjects import label


@pytest.fixture(autouse=True, params=["dark", "light"])
def each_theme(request):
    theme.use(request.param)
    yield
    theme.use("dark")


def stack():
    return LayerStack([("a", "#ff0000"), ("norm", "#00ff00"), ("b", "#0000ff"),
                       ("norm", "#00ff00")], norms=(1, 3), side=LEFT)


def test_stack_has_one_residual_per_norm_and_blocks_bottom_up():
    s = stack()
    assert len(s.residuals) == 2
    ys = [b.get_y() for b in s.blocks]
    assert ys == sorted(ys)
    # the residuals run on the requested side, inside the frame
    for r in s.residuals:
        assert r.get_left()[0] < s.blocks.get_left()[0]
        assert r.get_left()[0] > s.frame.get_left()[0]


def test_entry_and_exit_follow_the_stack():
    s = stack()
    before = s.entry.copy(), s.exit.copy()
    s.shift(RIGHT * 2 + UP)
    np.testing.assert_allclose(s.entry, before[0] + [2, 1, 0])
    np.testing.assert_allclose(s.exit, before[1] + [2, 1, 0])
    assert s.entry[1] == pytest.approx(s.frame.get_bottom()[1])


def test_figure_parts_and_copies_keep_their_stack():
    text = DiagramText(*(f"t{i}" for i in range(12)))
    d = TransformerDiagram(text, label("2 x"), label("x 2"))
    assert len(d.enc_stack.blocks) == len(TransformerDiagram.ENC) == 4
    assert len(d.dec_stack.blocks) == len(TransformerDiagram.DEC) == 6
    assert d.enc_times.get_right()[0] < d.enc_stack.frame.get_left()[0]
    assert d.dec_times.get_left()[0] > d.dec_stack.frame.get_right()[0]
    assert d.enc_stack.get_x() < d.dec_stack.get_x()
    # the memory path ends at the decoder's cross-attention
    cross = d.dec_stack.blocks[TransformerDiagram.DEC["cross_attn"]]
    np.testing.assert_allclose(d.memory_path[-1].get_end(), cross.get_left(), atol=1e-6)
    copy = d.decoder.copy()
    assert copy.stack is not d.dec_stack and copy.stack in copy.submobjects
