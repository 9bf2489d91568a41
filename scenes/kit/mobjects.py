"""Mobjects every scene shares. Number-bearing ones remember the array they were built from.

Each number-bearing mobject is a :class:`Shows`: it carries a ``record`` (a :class:`Shown`) with
a name, the source array and the text of every cell it displays. The base scene collects those
records whenever such a mobject is added, and the tests check every shown text against the
reference. Build numbers only through these classes, never by typing them into a Text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    DashedVMobject,
    Group,
    ImageMobject,
    Line,
    MathTex,
    Rectangle,
    RoundedRectangle,
    Square,
    Text,
    VGroup,
    VMobject,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.kit import theme as th
from scenes.kit.numbers import MINUS, TIMES, fmt, fmt_sci


# --------------------------------------------------------------------------- records
@dataclass
class Shown:
    """What one mobject shows: ``cells[index] = text`` for ``source[index]``.

    ``decimals``: the places every cell was written with (None: scientific notation), or a
    dict of places per cell index. ``keys``: for a text with numbers in it (a NumberText, a
    NumberMathTex, a subtitle), the placeholder each cell fills, in cell order.
    """

    name: str
    source: np.ndarray
    cells: dict = field(default_factory=dict)
    decimals: int | None | dict = 2
    keys: tuple[str, ...] = ()

    def places(self, index) -> int | None:
        return self.decimals.get(index) if isinstance(self.decimals, dict) else self.decimals


class Shows:
    """Mixin for mobjects that display numbers; ``record`` says which and from what.

    Parts that a scene may animate on their own (a plot's curves) carry the same ``record``;
    the base scene records any added mobject whose ``record`` is a :class:`Shown`.
    """

    record: Shown


def typeset(text: str, size: float, color: str, font: str = th.FONT, **kwargs) -> Text:
    """A Text, typeset once per process whatever its colour: Pango draws it in one neutral
    colour (so the SVG file, and manim's in-process SVG cache, serve both themes and every
    colour) and it is coloured after (``use_svg_cache``: manim's Text leaves it off)."""
    return Text(text, font=font, font_size=size, color=TYPESET_COLOUR, use_svg_cache=True,
                **kwargs).set_color(color)


TYPESET_COLOUR = "#FFFFFF"


def label(text: str, size: float = th.BODY, color: str | None = None, weight: str = "NORMAL",
          mono: bool = False) -> Text:
    """Text in the project's CJK-capable font (real Chinese glyphs, never boxes)."""
    return typeset(text, size, color or th.current().text,
                   font=th.MONO_FONT if mono else th.FONT, weight=weight)


def _as_array(values) -> np.ndarray:
    a = np.array(values, dtype=np.float64)  # a copy: later changes to the caller's array don't leak
    if not np.all(np.isfinite(a)):
        raise ValueError("number mobjects need finite values")
    return a


# --------------------------------------------------------------------------- numbers
class Num(Text, Shows):
    """One number as Pango text (cheap: no LaTeX), remembering its value."""

    def __init__(self, value: float, name: str, decimals: int | None = 2, size: float = th.SMALL,
                 color: str | None = None, weight: str = "NORMAL", prefix: str = "",
                 suffix: str = ""):
        value = float(_as_array(value))
        shown = fmt(value, decimals) if decimals is not None else fmt_sci(value)
        super().__init__(prefix + shown + suffix, font=th.FONT, font_size=size,
                         color=color or th.current().text, weight=weight, use_svg_cache=True)
        self.value = value
        self.record = Shown(name, np.array(value), {(): shown}, decimals)


def split_values(values: dict, decimals):
    """Numbers among ``values`` are formatted by the kit (and recorded); words pass through.

    ``decimals``: places for every number (None: scientific), or a dict of places per name
    (names missing from it get 0) -> (filled values, source array, cells, places per cell).
    """
    numbers = {k: values[k] for k in number_keys(values)}
    src = _as_array([numbers[k] for k in numbers]) if numbers else np.zeros(0)
    places = {k: (decimals.get(k, 0) if isinstance(decimals, dict) else decimals)
              for k in numbers}
    shown = {k: (fmt(v, places[k]) if places[k] is not None else fmt_sci(v))
             for k, v in zip(numbers, src)}
    words = {k: str(v) for k, v in values.items() if k not in numbers}
    cells = {(i,): shown[k] for i, k in enumerate(numbers)}
    cell_places = {(i,): places[k] for i, k in enumerate(numbers)}
    return {**words, **shown}, src, cells, cell_places


def number_keys(values: dict) -> tuple[str, ...]:
    """The names among ``values`` whose values are numbers (shown and recorded), in order."""
    return tuple(k for k, v in values.items() if isinstance(v, (int, float, np.number))
                 and not isinstance(v, bool))


class NumberText(Text, Shows):
    """A sentence with numbers in it: ``NumberText("d_model = {d}", "cfg", decimals=0, d=32)``.

    Number values are formatted by the kit and recorded under ``name`` in keyword order;
    string values are inserted as they are.
    """

    def __init__(self, template: str, name: str, decimals: int | None = 2,
                 size: float = th.BODY, color: str | None = None, weight: str = "NORMAL",
                 **values):
        filled, src, cells, places = split_values(values, decimals)
        super().__init__(template.format(**filled), font=th.FONT, font_size=size,
                         color=color or th.current().text, weight=weight, use_svg_cache=True)
        self.record = Shown(name, src, cells, places, number_keys(values)) if cells else None


class NumberMathTex(MathTex, Shows):
    """A LaTeX formula with computed numbers: placeholders are ``<<name>>`` (braces are LaTeX's)."""

    def __init__(self, template: str, name: str, decimals: int | None = 2,
                 color: str | None = None, font_size: float = 40, **values):
        filled, src, cells, places = split_values(values, decimals)
        tex = template
        for k, v in filled.items():
            tex = tex.replace(f"<<{k}>>", v.replace(MINUS, "-").replace(TIMES, r"\times "))
        super().__init__(tex, color=color or th.current().text, font_size=font_size)
        self.record = Shown(name, src, cells, places, number_keys(values))


class NumberMatrix(VGroup, Shows):
    """A matrix of numbers from an array, optionally elided to the first columns and the last.

    ``cells[(i, j)]`` are the Num-like texts in grid position; ``entry(i, j)`` finds the text of
    source element (i, j); ``row(i)`` the whole shown row; brackets frame it.
    """

    def __init__(self, array, name: str, decimals: int = 2, max_cols: int | None = None,
                 row_labels: list[str] | None = None, col_labels: list[str] | None = None,
                 size: float = th.TINY, cell_w: float = 0.78, cell_h: float = 0.42,
                 color: str | None = None, brackets: bool = True):
        super().__init__()
        a = _as_array(array)
        if a.ndim == 1:
            a = a[None, :]
        n_rows, n_cols = a.shape
        cols = list(range(n_cols))
        if max_cols is not None and n_cols > max_cols:
            cols = list(range(max_cols - 1)) + [None, n_cols - 1]  # None: the "⋯" column
        theme = th.current()
        self.record = Shown(name, np.array(array, dtype=np.float64), {}, decimals)
        self.source_cols = cols
        self.grid = VGroup()
        self._entries = {}
        for i in range(n_rows):
            row = VGroup()
            for gj, j in enumerate(cols):
                if j is None:
                    cell = label("⋯", size, theme.muted)
                else:
                    shown = fmt(a[i, j], decimals)
                    cell = typeset(shown, size, color or theme.text)
                    key = (i, j) if np.ndim(array) == 2 else (j,)
                    self.record.cells[key] = shown
                    self._entries[(i, j)] = cell
                cell.move_to(RIGHT * gj * cell_w + DOWN * i * cell_h)
                row.add(cell)
            self.grid.add(row)
        self.add(self.grid)
        if brackets:
            self.brackets = _brackets(self.grid, theme.muted)
            self.add(self.brackets)
        if row_labels is not None:
            self.row_labels = VGroup(*(label(t, size, theme.muted) for t in row_labels))
            for lab, row in zip(self.row_labels, self.grid):
                lab.next_to(self.grid, LEFT, buff=0.35).set_y(row.get_y())
            self.add(self.row_labels)
        if col_labels is not None:
            self.col_labels = VGroup()
            for gj, j in enumerate(cols):
                lab = label("⋯" if j is None else col_labels[j], size * 0.85, theme.muted)
                if j is None:
                    lab.set_opacity(0)
                lab.next_to(self.grid, UP, buff=0.2).set_x(self.grid[0][gj].get_x())
                self.col_labels.add(lab)
            self.add(self.col_labels)

    def entry(self, i: int, j: int) -> Text:
        return self._entries[(i, j)]

    def row(self, i: int) -> VGroup:
        return self.grid[i]

    def column(self, j: int) -> VGroup:
        g = self.source_cols.index(j)
        return VGroup(*(row[g] for row in self.grid))


def _brackets(m: VMobject, colour: str, pad: float = 0.12) -> VGroup:
    left, right = m.get_left()[0] - 0.3, m.get_right()[0] + 0.3
    top, bottom = m.get_top()[1] + pad, m.get_bottom()[1] - pad
    tick = 0.12

    def bracket(x, sign):
        return VMobject(stroke_color=colour, stroke_width=2).set_points_as_corners(
            [[x + sign * tick, top, 0], [x, top, 0], [x, bottom, 0], [x + sign * tick, bottom, 0]])

    return VGroup(bracket(left, 1), bracket(right, -1))


# --------------------------------------------------------------------------- heatmaps
class Heatmap(Group, Shows):
    """An array as coloured cells. Small ones are squares (optionally with their numbers);
    large ones are one image (cheap to draw: a pixel per cell, nearest-neighbour scaled).
    """

    solid = True  # a filled picture: no text of the screen may cover it (the layout checks)

    def __init__(self, array, name: str, width: float, height: float | None = None,
                 diverging: bool = True, vmin: float | None = None, vmax: float | None = None,
                 show_values: bool = False, decimals: int = 2, size: float = th.TINY,
                 as_image: bool | None = None):
        super().__init__()
        a = _as_array(array)
        n_rows, n_cols = a.shape
        theme = th.current()
        if diverging:
            lim = np.abs(a).max() if vmin is None else max(abs(vmin), abs(vmax))
            rgb = theme.diverging(a, -lim, lim)
        else:
            rgb = theme.sequential(a, 0.0 if vmin is None else vmin, 1.0 if vmax is None else vmax)
        height = height if height is not None else width * n_rows / n_cols
        self.record = Shown(name, a, {}, decimals if show_values else None)
        cell_w, cell_h = width / n_cols, height / n_rows
        self.n_rows, self.n_cols = n_rows, n_cols
        if as_image is None:
            as_image = n_rows * n_cols > 150 and not show_values
        if as_image:
            img = ImageMobject(_rgba(rgb))
            img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
            img.stretch_to_fit_width(width).stretch_to_fit_height(height)
            self.cells = img
            self.add(img)
            self.frame = Rectangle(width=width, height=height, stroke_color=theme.grid,
                                   stroke_width=1)
            self.add(self.frame)
        else:
            self.cells = VGroup()
            for i in range(n_rows):
                for j in range(n_cols):
                    colour = _hex(rgb[i, j])
                    sq = Rectangle(width=cell_w, height=cell_h, stroke_color=theme.grid,
                                   stroke_width=1.5, fill_color=colour, fill_opacity=1)
                    sq.move_to([(j + 0.5) * cell_w, -(i + 0.5) * cell_h, 0])
                    self.cells.add(sq)
                    if show_values:
                        shown = fmt(a[i, j], decimals)
                        num = typeset(shown, size, theme.readable_on(rgb[i, j])).move_to(sq)
                        self.record.cells[(i, j)] = shown
                        sq.number = num
                        self.cells.add(num)
            self.add(self.cells)
        self.move_to([0, 0, 0])

    @property
    def cell_w(self) -> float:
        """Width of one cell as the heatmap is now (after any scaling)."""
        return self.cells.width / self.n_cols

    @property
    def cell_h(self) -> float:
        return self.cells.height / self.n_rows

    def cell_center(self, i: int, j: int) -> np.ndarray:
        """Centre of cell (i, j) wherever the heatmap now is."""
        ul = self.cells.get_corner(UP + LEFT)
        return ul + np.array([(j + 0.5) * self.cell_w, -(i + 0.5) * self.cell_h, 0])

    def outline(self, i: int, j: int, colour: str | None = None) -> Rectangle:
        """A frame around cell (i, j) to point at it."""
        return Rectangle(width=self.cell_w, height=self.cell_h, stroke_width=4,
                         stroke_color=colour or th.current().yellow).move_to(self.cell_center(i, j))

    def label_rows(self, labels: list[str], size: float = th.TINY) -> VGroup:
        group = VGroup(*(label(t, size, th.current().muted) for t in labels))
        for i, lab in enumerate(group):
            lab.next_to(self.cell_center(i, 0), LEFT, buff=self.cell_w / 2 + 0.15)
        return group

    def label_cols(self, labels: list[str], size: float = th.TINY) -> VGroup:
        group = VGroup(*(label(t, size, th.current().muted) for t in labels))
        for j, lab in enumerate(group):
            lab.next_to(self.cell_center(0, j), UP, buff=self.cell_h / 2 + 0.12)
        return group


class ColorBar(Group):
    """The colour scale of a heatmap with its end values (two recorded Nums)."""

    def __init__(self, vmin: float, vmax: float, name: str, height: float = 3.0,
                 diverging: bool = True, decimals: int = 1, steps: int = 64):
        super().__init__()
        theme = th.current()
        ramp = np.linspace(vmax, vmin, steps)[:, None]
        rgb = theme.diverging(ramp, vmin, vmax) if diverging else theme.sequential(ramp, vmin, vmax)
        self.bar = ImageMobject(_rgba(rgb))
        self.bar.stretch_to_fit_width(0.25).stretch_to_fit_height(height)
        self.top = Num(vmax, f"{name}.max", decimals, size=th.TINY)
        self.bottom = Num(vmin, f"{name}.min", decimals, size=th.TINY)
        self.top.next_to(self.bar, RIGHT, buff=0.1).align_to(self.bar, UP)
        self.bottom.next_to(self.bar, RIGHT, buff=0.1).align_to(self.bar, DOWN)
        self.add(self.bar, self.top, self.bottom)


def _rgba(rgb: np.ndarray) -> np.ndarray:
    """[h, w, 3] floats in [0, 1] -> [h, w, 4] opaque uint8 pixels."""
    alpha = np.ones(rgb.shape[:-1] + (1,))
    return (np.concatenate([rgb, alpha], axis=-1) * 255).round().astype(np.uint8)


def _hex(rgb) -> str:
    r, g, b = (round(float(c) * 255) for c in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


# --------------------------------------------------------------------------- blocks, arrows
class Block(VGroup):
    """A labelled rounded box (a layer, a sublayer, a tensor)."""

    def __init__(self, text: str, colour: str | None = None, width: float = 2.6,
                 height: float = 0.8, size: float = th.SMALL, fill_opacity: float = 0.25):
        super().__init__()
        theme = th.current()
        colour = colour or theme.blue
        self.box = RoundedRectangle(corner_radius=0.12, width=width, height=height,
                                    stroke_color=colour, stroke_width=2.5, fill_color=colour,
                                    fill_opacity=fill_opacity)
        self.text = label(text, size)
        if self.text.width > width - 0.2:
            self.text.scale_to_fit_width(width - 0.2)
        self.text.move_to(self.box)
        self.add(self.box, self.text)


def flow_arrow(start, end, colour: str | None = None, buff: float = 0.1) -> Arrow:
    """An arrow between two mobjects or points in the theme's muted colour."""
    a = start.get_center() if hasattr(start, "get_center") else start
    b = end.get_center() if hasattr(end, "get_center") else end
    return Arrow(a, b, buff=buff, stroke_width=3, max_tip_length_to_length_ratio=0.2,
                 color=colour or th.current().muted)


def token_boxes(tokens: list[str], colour: str | None = None, size: float = th.BODY,
                buff: float = 0.25) -> VGroup:
    """The words of a sentence, each in a box, in a row."""
    boxes = VGroup()
    for tok in tokens:
        text = label(tok, size)
        box = RoundedRectangle(corner_radius=0.1, width=max(text.width + 0.4, 0.9),
                               height=text.height + 0.35, stroke_color=colour or th.current().blue,
                               stroke_width=2.5)
        boxes.add(VGroup(box, text.move_to(box)))
    return boxes.arrange(RIGHT, buff=buff)


# --------------------------------------------------------------------------- plots
class LinePlot(VGroup, Shows):
    """Curves drawn from arrays on axes. ``series`` maps a legend text to (x, y) arrays;
    ``dots`` optionally marks sample points (x, y) on a series; series named in ``dashed`` are
    drawn dashed (to show a curve lying on another). Records every array.
    """

    def __init__(self, series: dict, name: str, x_range, y_range, width: float = 6.0,
                 height: float = 3.0, colours: list[str] | None = None, x_label: str = "",
                 y_label: str = "", dots: dict | None = None, axis_numbers: bool = True,
                 decimals: int = 0, stroke: float = 3.0, dashed: tuple = ()):
        super().__init__()
        theme = th.current()
        colours = colours or [theme.blue, theme.orange, theme.green, theme.purple, theme.red]
        self.axes = Axes(x_range=x_range, y_range=y_range, x_length=width, y_length=height,
                         tips=False, axis_config={"color": theme.muted, "stroke_width": 2,
                                                  "include_ticks": True, "tick_size": 0.05})
        self.add(self.axes)
        self.record = Shown(name, np.array([]), {}, None)
        sources, self.curves, self.dots = [], VGroup(), VGroup()
        for k, (key, (xs, ys)) in enumerate(series.items()):
            xs, ys = _as_array(xs), _as_array(ys)
            pts = self.axes.coords_to_point(np.stack([xs, ys], axis=1))
            curve = VMobject(stroke_color=colours[k % len(colours)], stroke_width=stroke)
            curve.set_points_as_corners(pts)
            if key in dashed:
                curve = DashedVMobject(curve, num_dashes=max(20, len(xs) * 2))
            curve.key = key
            self.curves.add(curve)
            sources.append(np.stack([xs, ys]))
        self.add(self.curves)
        for k, (key, (xs, ys)) in enumerate((dots or {}).items()):
            xs, ys = _as_array(xs), _as_array(ys)
            for x, y in zip(xs, ys):
                d = Square(0.07, stroke_width=0, fill_opacity=1,
                           fill_color=colours[list(series).index(key) % len(colours)]
                           if key in series else theme.text)
                self.dots.add(d.move_to(self.axes.coords_to_point(x, y)))
            sources.append(np.stack([xs, ys]))
        self.add(self.dots)
        self.record.source = np.concatenate(sources, axis=1) if sources else np.zeros((2, 0))
        for part in (self.curves, self.dots, *self.curves):  # parts a scene may draw alone
            part.record = self.record
        if axis_numbers:
            self.numbers = VGroup()
            for i, x in enumerate(_ticks(x_range)):
                n = Num(x, f"{name}.x_axis", decimals, size=th.TINY, color=theme.muted)
                self.numbers.add(n.next_to(self.axes.coords_to_point(x, y_range[0]), DOWN, 0.12))
            for y in _ticks(y_range):
                n = Num(y, f"{name}.y_axis", decimals, size=th.TINY, color=theme.muted)
                self.numbers.add(n.next_to(self.axes.coords_to_point(x_range[0], y), LEFT, 0.12))
            self.add(self.numbers)
        if x_label:
            self.x_label = label(x_label, th.TINY, theme.muted).next_to(self.axes.x_axis, DOWN,
                                                                         buff=0.45)
            self.add(self.x_label)
        if y_label:
            self.y_label = label(y_label, th.TINY, theme.muted).next_to(self.axes, UP, buff=0.1)
            self.y_label.align_to(self.axes, LEFT)
            self.add(self.y_label)

    def point(self, x: float, y: float) -> np.ndarray:
        return self.axes.coords_to_point(x, y)

    def hline(self, y: float, colour: str | None = None) -> Line:
        x0, x1 = self.axes.x_range[0], self.axes.x_range[1]
        return Line(self.point(x0, y), self.point(x1, y), stroke_width=1.5,
                    color=colour or th.current().grid)


def _ticks(rng) -> list[float]:
    lo, hi, step = rng[0], rng[1], rng[2]
    return list(np.arange(lo, hi + step / 2, step))
