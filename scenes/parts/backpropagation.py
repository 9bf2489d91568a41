"""Pieces of the backpropagation lecture: the backward pass as a column of links (the loss on
top, one row per tensor with the size of its gradient, the rule of every link beside its arrow,
the weights' gradient formulas where they hang), and one row of the blame chart (a parameter
group's name, its strip of largest |gradients|, its numbers).
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.charts import glyph_groups
from scenes.kit.diagram import ARROW_STROKE, up_arrow
from scenes.kit.mobjects import label
from scenes.kit.theme import SPACE


class ChainColumn(VGroup):
    """The backward pass as a column, the loss on top: per tensor a row (its symbol in a box,
    its name, its shape, the size of its gradient), between two rows a downward arrow (the
    gradient's way) with the link's rule on its left, and right of a link the gradient formula
    of the weight that hangs there.

    ``rows``: [(symbol, name, shape, norm)], mobjects (shape may be None); ``rules``: one
    mobject per link, ``rules[k]`` between rows k and k + 1; ``weights``: {row: mobject}, the
    formula at the link that arrives at that row (the last row's below it).
    Parts: ``boxes``, ``names``, ``shapes``, ``norms``, ``arrows``, ``rules``, ``weights``.
    """

    def __init__(self, rows, rules, weights: dict, colour: str | None = None,
                 link: float = SPACE.lg):
        super().__init__()
        theme = th.current()
        colour = colour or theme.orange
        symbols, names, shapes, norms = zip(*rows)
        box_w = max(s.width for s in symbols) + 2 * SPACE.sm
        box_h = max(s.height for s in symbols) + 2 * SPACE.xs
        row_h = max(box_h, *(m.height for m in names + norms))
        gap = max([link] + [r.height + 2 * SPACE.sm for r in rules])
        pitch = row_h + gap
        name_x = box_w / 2 + SPACE.md
        shape_x = name_x + max(m.width for m in names) + SPACE.lg
        shape_w = max([s.width for s in shapes if s is not None], default=0)
        norm_x = shape_x + shape_w + SPACE.lg
        self.boxes, self.names, self.shapes, self.norms = VGroup(), VGroup(), VGroup(), VGroup()
        for k, (symbol, name, shape, norm) in enumerate(rows):
            y = -k * pitch
            frame = RoundedRectangle(corner_radius=SPACE.xs, width=box_w, height=box_h,
                                     stroke_color=colour, stroke_width=ARROW_STROKE,
                                     fill_color=theme.panel, fill_opacity=1).move_to([0, y, 0])
            self.boxes.add(VGroup(frame, symbol.move_to(frame)))
            self.names.add(name.move_to([name_x, y, 0], aligned_edge=LEFT))
            if shape is not None:
                self.shapes.add(shape.move_to([shape_x, y, 0], aligned_edge=LEFT))
            self.norms.add(norm.move_to([norm_x, y, 0], aligned_edge=LEFT))
        self.arrows, self.rules = VGroup(), VGroup()
        for k, rule in enumerate(rules):
            top = self.boxes[k].get_bottom()
            bottom = self.boxes[k + 1].get_top()
            self.arrows.add(up_arrow(top, bottom, colour))
            rule.move_to([-box_w / 2 - SPACE.md, (top[1] + bottom[1]) / 2, 0],
                         aligned_edge=RIGHT)
            self.rules.add(rule)
        self.weights = VGroup()
        for row, formula in sorted(weights.items()):
            # at the link arriving at the row; the last row's below it
            y = self.boxes[row].get_y() + (pitch if row < len(rows) - 1 else -pitch) / 2
            self.weights.add(formula.move_to([name_x + SPACE.lg, y, 0], aligned_edge=LEFT))
        self.add(self.boxes, self.names, self.shapes, self.norms, self.arrows, self.rules,
                 self.weights)

    def row(self, k: int) -> VGroup:
        """Row k's box, name and gradient size (and its shape, when it has one)."""
        parts = [self.boxes[k], self.names[k], self.norms[k]]
        return VGroup(*parts)


def column_titles(titles: list, anchors: list, buff: float = SPACE.sm) -> VGroup:
    """Titles (texts or mobjects) each centred above its anchor mobject, on one line."""
    theme = th.current()
    group = VGroup()
    top = max(a.get_top()[1] for a in anchors)
    for title, anchor in zip(titles, anchors):
        t = label(title, th.TINY, theme.muted, weight="BOLD") if isinstance(title, str) else title
        t.next_to([anchor.get_x(), top, 0], UP, buff=buff)
        group.add(t)
    bottom = min(t.get_bottom()[1] for t in group)
    for t in group:  # one baseline-ish line: the lowest bottom
        t.shift(DOWN * (t.get_bottom()[1] - bottom))
    return group


def column_words(matrix, words: list[str], size: float = th.TINY, colour: str | None = None,
                 buff: float = SPACE.sm) -> VGroup:
    """Words over the columns of a NumberMatrix, typeset as one Text (one baseline), each
    centred on its column, ``buff`` above the grid."""
    group = glyph_groups(list(words), size, colour or th.current().muted)
    line_y = group.get_y()
    y = matrix.grid.get_top()[1] + buff + group.height / 2
    for word, cell in zip(group, matrix.grid[0]):
        word.shift([cell.get_x() - word.get_x(), y - line_y, 0])
    return group
