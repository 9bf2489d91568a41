"""Build topic scenes without rendering, and check what they showed."""

from __future__ import annotations

import numpy as np
from manim import tempconfig
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.kit.numbers import parse, tolerance


def build(scene_cls, monkeypatch, media_dir, lang="zh", theme="dark", sentence=None):
    """Run ``construct`` with every animation skipped; returns the scene (records, sections)."""
    monkeypatch.setenv("TVIZ_LANG", lang)
    monkeypatch.setenv("TVIZ_THEME", theme)
    if sentence is None:
        monkeypatch.delenv("TVIZ_SENTENCE", raising=False)
    else:
        monkeypatch.setenv("TVIZ_SENTENCE", sentence)
    with tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none",
                     "media_dir": str(media_dir)}):
        scene = scene_cls(renderer=CairoRenderer(skip_animations=True))
        scene.render()
    return scene


def subtitles(scene) -> list[str]:
    return [s.content for s in scene.renderer.file_writer.subcaptions]


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

