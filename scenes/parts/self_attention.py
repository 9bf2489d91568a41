"""The self-attention lecture's pieces: the notes' file-cabinet picture (a note in hand,
folders with a label tab and contents)."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Line, Polygon, Rectangle, RoundedRectangle, VGroup

from scenes.kit import theme as th
from scenes.kit.mobjects import label


class StickyNote(VGroup):
    """The note in your hand: a sheet with a folded corner and a few lines of text."""

    def __init__(self, lines: list[str], colour: str | None = None, width: float = 2.8,
                 size: float = th.SMALL):
        super().__init__()
        theme = th.current()
        colour = colour or theme.yellow
        texts = VGroup(*(label(t, size) for t in lines)).arrange(DOWN, buff=0.15)
        width = max(width, texts.width + 0.6)  # the note grows to hold its text
        height = texts.height + 0.7
        fold = 0.3
        w, h = width / 2, height / 2
        self.sheet = Polygon([-w, h, 0], [w, h, 0], [w, -h + fold, 0], [w - fold, -h, 0],
                             [-w, -h, 0], stroke_color=colour, stroke_width=2.5,
                             fill_color=colour, fill_opacity=0.18)
        self.corner = Polygon([w, -h + fold, 0], [w - fold, -h + fold, 0], [w - fold, -h, 0],
                              stroke_color=colour, stroke_width=2, fill_color=colour,
                              fill_opacity=0.45)
        self.texts = texts.move_to(self.sheet)
        self.add(self.sheet, self.corner, self.texts)


class Folder(VGroup):
    """A folder: a tab carrying its label (the key) and a body holding sheets (the value)."""

    def __init__(self, tab_text: str, tab_colour: str, body_colour: str, width: float = 1.7,
                 height: float = 1.3, size: float = th.SMALL, sheets: int = 3):
        super().__init__()
        self.body = RoundedRectangle(corner_radius=0.08, width=width, height=height,
                                     stroke_color=body_colour, stroke_width=2.5,
                                     fill_color=body_colour, fill_opacity=0.12)
        self.tab_text = label(tab_text, size)
        tab_w = max(self.tab_text.width + 0.3, width * 0.55)
        self.tab = Rectangle(width=tab_w, height=self.tab_text.height + 0.2,
                             stroke_color=tab_colour, stroke_width=2.5, fill_color=tab_colour,
                             fill_opacity=0.35)
        self.tab.next_to(self.body, UP, buff=0).align_to(self.body, LEFT).shift(RIGHT * 0.12)
        self.tab_text.move_to(self.tab)
        self.sheets = VGroup(*(Line(LEFT * width * 0.32, RIGHT * width * 0.32,
                                    stroke_color=body_colour, stroke_width=2)
                               for _ in range(sheets)))
        self.sheets.arrange(DOWN, buff=height / (sheets + 1.5)).move_to(self.body)
        self.add(self.body, self.tab, self.tab_text, self.sheets)
