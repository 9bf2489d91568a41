"""The self-attention lecture's pieces: the notes' file-cabinet picture (a note in hand,
folders with a label tab and contents), and three layout helpers that are generic (they belong
in the kit: a tint scale beside SPACE and PACE, equal columns of a region, clearing a step's
stage)."""

from __future__ import annotations

from dataclasses import dataclass

from manim import DOWN, LEFT, RIGHT, UP, FadeOut, Line, Polygon, Rectangle, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.base import Region
from scenes.kit.mobjects import label
from scenes.kit.theme import SPACE


@dataclass(frozen=True)
class Tints:
    """How much of a colour a filled shape shows (``fill_opacity=``), faintest to fullest."""

    faint: float = 0.15  # a sheet, a folder: the colour only hints
    light: float = 0.35  # a tab, a band
    strong: float = 0.85  # a bar that carries a value


TINT = Tints()


def columns(region: Region, k: int) -> list[Region]:
    """``region`` cut into ``k`` equal columns, left to right."""
    w = region.width / k
    return [Region(region.x0 + c * w, region.x0 + (c + 1) * w, region.y0, region.y1)
            for c in range(k)]


def fade_stage(scene, run_time: float, keep=()):
    """Fade out everything a step drew but its heading and ``keep`` (one FadeOut per top-level
    mobject of the scene, so that a dry build removes exactly what a render hides)."""
    keep = (scene._heading, *keep)
    scene.play(*(FadeOut(m) for m in scene.mobjects if not any(m is k for k in keep)),
               run_time=run_time)


class StickyNote(VGroup):
    """The note in your hand: a sheet with a folded corner and a few lines of text."""

    def __init__(self, lines: list[str], colour: str | None = None, size: float = th.SMALL):
        super().__init__()
        colour = colour or th.current().yellow
        texts = VGroup(*(label(t, size) for t in lines)).arrange(DOWN, buff=SPACE.xs)
        w, h = texts.width / 2 + SPACE.lg, texts.height / 2 + SPACE.md
        fold = SPACE.md
        self.sheet = Polygon([-w, h, 0], [w, h, 0], [w, -h + fold, 0], [w - fold, -h, 0],
                             [-w, -h, 0], stroke_color=colour, stroke_width=2,
                             fill_color=colour, fill_opacity=TINT.faint)
        self.corner = Polygon([w, -h + fold, 0], [w - fold, -h + fold, 0], [w - fold, -h, 0],
                              stroke_color=colour, stroke_width=2, fill_color=colour,
                              fill_opacity=TINT.light)
        self.texts = texts.move_to(self.sheet)
        self.add(self.sheet, self.corner, self.texts)


class Folder(VGroup):
    """A folder ``width`` wide: a tab carrying its label (the key) and a body holding sheets
    (the value)."""

    sheets_held = 3

    def __init__(self, tab_text: str, tab_colour: str, body_colour: str, width: float,
                 size: float = th.SMALL):
        super().__init__()
        height = width / 2 + SPACE.lg
        self.body = RoundedRectangle(corner_radius=SPACE.xs, width=width, height=height,
                                     stroke_color=body_colour, stroke_width=2,
                                     fill_color=body_colour, fill_opacity=TINT.faint)
        self.tab_text = label(tab_text, size)
        self.tab = Rectangle(width=max(self.tab_text.width + SPACE.md, width / 2),
                             height=self.tab_text.height + SPACE.sm, stroke_color=tab_colour,
                             stroke_width=2, fill_color=tab_colour, fill_opacity=TINT.light)
        self.tab.next_to(self.body, UP, buff=0).align_to(self.body, LEFT).shift(RIGHT * SPACE.xs)
        self.tab_text.move_to(self.tab)
        n = self.sheets_held
        self.sheets = VGroup(*(Line(LEFT, RIGHT, stroke_color=body_colour, stroke_width=2)
                               .scale_to_fit_width(width - SPACE.xl) for _ in range(n)))
        self.sheets.arrange(DOWN, buff=height / (n + 2)).move_to(self.body)
        self.add(self.body, self.tab, self.tab_text, self.sheets)
