"""Dry builds (scenes.kit.dry) end where manim's own skipped render ends: the same mobjects on
screen with the same points, the same clock, the same subtitles; and a still is the screen."""

from __future__ import annotations

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    Square,
    Transform,
    VGroup,
    Write,
    tempconfig,
)
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.kit import dry
from scenes.kit.base import LectureScene
from scenes.kit.mobjects import label


class Moves(LectureScene):
    topic = "positional_encoding"

    def construct(self):
        self.title_card()
        self.step("order")
        a, b, c = Square(), Circle().shift(RIGHT), label("x")
        self.say("order.say1")
        self.play(FadeIn(a), Create(b), run_time=0.6)
        self.play(Write(c))
        self.play(a.animate.shift(RIGHT), run_time=0.5)
        self.play(Transform(b, Square().shift(RIGHT * 2)))
        d, e = Circle().shift(LEFT), Square().shift(LEFT * 2)
        self.play(LaggedStart(FadeIn(d), Create(e), lag_ratio=0.5))
        self.play(AnimationGroup(FadeOut(d), FadeIn(Circle().shift(UP))), run_time=0.3)
        # a group never added as a whole: taking it out takes out its parts (as manim does)
        self.play(FadeOut(VGroup(a, c)), run_time=0.4)
        self.wait(0.7)
        self.finish()


def run(renderer, media_dir):
    with tempconfig({"dry_run": True, "progress_bar": "none", "quality": "low_quality",
                     "media_dir": str(media_dir)}):
        scene = Moves(renderer=renderer)
        scene.render()
    return scene


def screen(scene):
    return [(type(m).__name__, np.round(m.get_all_points(), 6).tolist())
            for m in scene.mobjects]


def test_the_same_end_state_clock_and_subtitles_as_manims_skipped_render(monkeypatch, tmp_path):
    monkeypatch.setenv("TVIZ_LANG", "en")
    fast = run(dry.DryRenderer(), tmp_path)
    slow = run(CairoRenderer(skip_animations=True), tmp_path)
    assert screen(fast) == screen(slow)
    assert fast.renderer.time == slow.renderer.time
    assert fast.renderer.num_plays == slow.renderer.num_plays
    subs = [[(s.content, s.start, s.end) for s in sc.renderer.file_writer.subcaptions]
            for sc in (fast, slow)]
    assert subs[0] == subs[1]


def test_a_still_is_the_screen_at_the_video_size(monkeypatch, tmp_path):
    monkeypatch.setenv("TVIZ_LANG", "en")
    scene = dry.build(Moves, stills=True, media_dir=tmp_path)
    assert list(scene.stills) == ["00-title", "01-order"]
    frame = scene.stills["01-order"]
    assert frame.shape == (480, 854, 3) and frame.dtype == np.uint8
    bg = np.array([int(scene.theme.bg[i:i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(frame[2, 2].astype(int) - bg).max() <= 1  # a corner shows the background
    assert (np.abs(frame.astype(int) - bg).max(axis=-1) > 40).mean() > 0.001  # and a picture
