"""Build topic scenes without rendering, and check what they showed."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import numpy as np
import pytest
from manim import Text, tempconfig

from scenes import strings
from scenes.kit.dry import DryRenderer, still
from scenes.kit.numbers import parse, tolerance
from scenes.tools.numbers import Sectioned

CJK = re.compile(r"[\u4e00-\u9fff]")


# one build per (scene class, language, theme, sentence, chosen steps) for the whole session:
# the scene tests and the contract test read the same dry build
_BUILT: dict[tuple, object] = {}
GOLDEN_SETTINGS = ("zh", "dark", None, None)  # the builds whose section stills are golden
OTHER_SENTENCE = "猫 坐 在 垫子 上"  # the notes' example: the en-light builds take it


def build(scene_cls, monkeypatch, media_dir, lang="zh", theme="dark", sentence=None,
          steps=None):
    """Run ``construct`` with every animation skipped; returns the scene (records, sections,
    ``layout``: what :func:`layout_problems` found at the end of every step, ``openings``:
    how every section's clip starts, and for the golden settings ``stills``: each section's
    last picture). Builds are shared by the session
    (a scene is not changed by the checks that read it)."""
    if steps is None:  # the steps a test chose with monkeypatch.setenv("TVIZ_STEPS", ...)
        steps = os.environ.get("TVIZ_STEPS") or None
    observed_cls = observed(scene_cls)
    key = (observed_cls, lang, theme, sentence, steps)
    if key in _BUILT:
        return _BUILT[key]
    monkeypatch.setenv("TVIZ_LANG", lang)
    monkeypatch.setenv("TVIZ_THEME", theme)
    for var, value in (("TVIZ_SENTENCE", sentence), ("TVIZ_STEPS", steps)):
        if value is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, value)
    observed_cls.draw_stills = (lang, theme, sentence, steps) == GOLDEN_SETTINGS
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none",
                     "media_dir": str(media_dir)}):
        scene = observed_cls(renderer=DryRenderer())
        scene.render()
    _BUILT[key] = scene
    return scene


def built_once(scene_cls, media_dir, **kw):
    """Body of a module-scoped fixture: ``yield from built_once(Scene, media_dir)``."""
    mp = pytest.MonkeyPatch()
    try:
        yield build(scene_cls, mp, media_dir, **kw)
    finally:
        mp.undo()


def assert_same_records(mine, theirs, where="") -> None:
    """Two lists of records show the same numbers: names, sources, texts and places."""
    assert [r.name for r in mine] == [r.name for r in theirs], where
    for a, b in zip(mine, theirs):
        np.testing.assert_array_equal(np.asarray(a.source), np.asarray(b.source),
                                      err_msg=f"{where} {a.name}")
        assert a.cells == b.cells and a.decimals == b.decimals, f"{where} {a.name}"


def assert_shows_exactly(scene, expected: dict, atol: float = 1e-9) -> None:
    """The scene showed exactly the named numbers of ``expected``, each from its value."""
    shown = set(records(scene))
    assert shown == set(expected), (f"shown without an expected value: {shown - set(expected)}; "
                                    f"expected but not shown: {set(expected) - shown}")
    for name, value in expected.items():
        assert_values(scene, name, value, atol)


def subtitles(scene) -> list[str]:
    """The narration paragraphs the scene said (each shown as one or more subtitle cues)."""
    return [n.text for n in scene.narration]


def cues(scene) -> list:
    """The subtitle cues manim writes to the .srt (srt.Subtitle: content, start, end)."""
    return list(scene.renderer.file_writer.subcaptions)


def assert_sections_and_subtitles(scene, sections: list[str], per_step: int = 1,
                                  chinese_words=()) -> None:
    """The scene has exactly ``sections``; its subtitles come in order, the first being the
    topic's subtitle (the title card) and then at least ``per_step`` per step; its background
    is its theme's. zh subtitles are Chinese; en ones have Chinese only as the sentence's own words
    and ``chinese_words`` (examples the lecture quotes)."""
    assert scene.sections == sections
    subs = subtitles(scene)
    assert len(subs) >= 1 + per_step * (len(sections) - 1)
    assert subs[0] == strings.t(scene.key("subtitle"), scene.lang)
    starts = [s.start for s in scene.renderer.file_writer.subcaptions]
    assert starts == sorted(starts), "subtitles must come in order"
    if scene.lang == "zh":
        assert all(CJK.search(s) for s in subs), "zh subtitles need Chinese"
    else:
        quoted = sorted({*getattr(scene, "words", ()), *chinese_words}, key=len, reverse=True)
        for sub in subs:
            rest = sub
            for w in quoted:
                rest = rest.replace(w, "")
            assert not CJK.search(rest), f"Chinese in an en subtitle: {sub!r}"
    assert str(scene.camera.background_color).upper() == scene.theme.bg.upper()


def records(scene) -> dict[str, list]:
    """Records grouped by name."""
    out: dict[str, list] = {}
    for r in scene.shown:
        out.setdefault(r.name, []).append(r)
    return out


def assert_shown_faithfully(scene):
    """Every shown text reads back to its source value within half a unit of its last place."""
    assert scene.shown, "the scene showed no numbers"
    for r in scene.shown:
        src = np.asarray(r.source)
        for index, text in r.cells.items():
            value = float(src[index]) if index else float(src)
            assert abs(parse(text) - value) <= tolerance(text, r.places(index)), (
                f"{r.name}{list(index)} shows {text!r} for {value!r}")


class Each(list):
    """Expected values one per record, in the order the records were shown."""

    def __init__(self, *values):
        super().__init__(values)


def assert_values(scene, name, expected, atol=1e-9):
    """The records called ``name`` come from exactly ``expected``: one array for all of them,
    or ``Each(a, b, ...)``: one per record in the order they were shown."""
    found = records(scene).get(name)
    assert found, f"the scene showed nothing called {name!r}"
    each = expected if isinstance(expected, Each) else [expected] * len(found)
    assert len(each) == len(found), f"{name}: {len(found)} shown, {len(each)} expected"
    for r, e in zip(found, each):
        np.testing.assert_allclose(np.asarray(r.source, dtype=float),
                                   np.asarray(e, dtype=float), atol=atol, rtol=0,
                                   err_msg=name)



# ------------------------------------------------------------------ what the screen showed
FRAME_X, FRAME_TOP = 7.1, 4.0
SAFE_BOTTOM = -3.5  # the bottom 0.5 is left to the players' subtitles


def bbox(m) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of a mobject's points."""
    pts = m.get_all_points()
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return lo[0], hi[0], lo[1], hi[1]


def _meets(a, b, tol=0.01):
    return a[0] < b[1] - tol and b[0] < a[1] - tol and a[2] < b[3] - tol and b[2] < a[3] - tol


def layout_problems(scene, where: str, blocks: tuple = ()) -> list[str]:
    """What is wrong with the screen now: a text (or a mobject of a ``blocks`` class) leaving
    the frame or entering the players' subtitle band, one text covering another, a text
    covering a block it is not part of."""
    from manim import MathTex, Text

    texts, solids = {}, {}
    for top in scene.mobjects:
        for m in top.get_family():
            if isinstance(m, (Text, MathTex)) and len(m.get_all_points()):
                texts[id(m)] = m
            if (blocks and isinstance(m, blocks)) or getattr(type(m), "solid", False):
                solids[id(m)] = m
    problems = []
    measured = {**texts, **solids}
    box = {key: bbox(m) for key, m in measured.items()}  # each measured once
    for key, m in measured.items():
        x0, x1, y0, y1 = box[key]
        if x0 < -FRAME_X or x1 > FRAME_X or y1 > FRAME_TOP or y0 < SAFE_BOTTOM:
            problems.append(f"{where}: {getattr(m, 'text', m)!r} leaves the frame")
    texts = list(texts.values())
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if (_meets(box[id(a)], box[id(b)]) and a not in b.get_family()
                    and b not in a.get_family()):
                problems.append(f"{where}: {getattr(a, 'text', a)!r} overlaps "
                                f"{getattr(b, 'text', b)!r}")
        for blk in solids.values():
            if _meets(box[id(a)], box[id(blk)]) and a not in blk.get_family():
                problems.append(f"{where}: {getattr(a, 'text', a)!r} covers a {type(blk).__name__}")
    return problems


_OBSERVED: dict[tuple, type] = {}


@dataclass
class Opening:
    """How a section's clip starts: what is on screen (``mobjects``, the step's ``heading``),
    which of it was on screen when the last section ended (``left_over``, ids) and, for the
    golden settings, the picture (``frame``)."""

    mobjects: list
    heading: object
    left_over: set
    frame: np.ndarray | None


def on_screen(scene) -> set[int]:
    """The ids of every mobject (and part) on screen."""
    return {id(part) for m in [*scene.mobjects, *scene.foreground_mobjects]
            for part in m.get_family()}


def observed(scene_cls, blocks: tuple = ()):
    """``scene_cls`` that looks at the screen at the end of every step (before the next step's
    clears the screen, and at ``finish``): it keeps what :func:`layout_problems` found in
    ``.layout`` (a mobject of a ``blocks`` class, or of a class marked ``solid``, counts as a
    block), the texts on screen in ``.seen``, the texts it added in ``.texts``, how each section
    opens in ``.openings`` and, when ``draw_stills`` is set, each section's last picture in
    ``.stills``. One class per (scene, blocks), and an observed class observes itself."""
    if getattr(scene_cls, "observes", None) is not None:
        return scene_cls
    # mobjects whose class says it is ``solid`` (a Heatmap, ...) are blocks anyway
    blocks = tuple(sorted({b for b in blocks if not getattr(b, "solid", False)},
                          key=lambda c: c.__name__))
    key = (scene_cls, blocks)
    if key in _OBSERVED:
        return _OBSERVED[key]

    # Sectioned: the records of each section, as the numbers files have them
    bases = (scene_cls,) if issubclass(scene_cls, Sectioned) else (Sectioned, scene_cls)

    class Observed(*bases):
        observes = tuple(blocks)
        draw_stills = False

        def setup(self):
            super().setup()
            self.layout = []
            self.stills = {}
            self.records_by_step = {}  # step key -> the records it added (numbers, subtitles)
            self._records_seen = 0
            self.texts = []  # every Text added, in order
            self.seen = {}  # step key -> the texts on screen when it ended
            self.openings = {}  # section name -> Opening: the screen its clip starts with
            self._last_screen = set()  # ids of what was on screen when the last step ended

        def add(self, *mobjects):
            for m in mobjects:
                self.texts += [t for t in m.get_family() if isinstance(t, Text)]
            return super().add(*mobjects)

        def end_of_step(self):
            super().end_of_step()
            self.layout += layout_problems(self, self.sections[-1], self.observes)
            self.records_by_step[self.sections[-1]] = self.shown[self._records_seen:]
            self.seen[self.sections[-1]] = [m.text for top in self.mobjects
                                            for m in top.get_family() if isinstance(m, Text)]
            self._records_seen = len(self.shown)
            if self.draw_stills:
                self.stills[self.section_names[-1]] = still(self)
            self._last_screen = on_screen(self)

        def start_of_step(self):
            super().start_of_step()
            self.openings[self.section_names[-1]] = Opening(
                mobjects=list(self.mobjects), heading=self.heading,
                left_over=on_screen(self) & self._last_screen,
                frame=still(self) if self.draw_stills else None)

    Observed.__name__ = Observed.__qualname__ = scene_cls.__name__
    _OBSERVED[key] = Observed
    return Observed


watched = observed
