"""Steps as data: LectureScene.construct runs prepare(), the title card and each declared step in
its own section; the steps setting (TVIZ_STEPS) chooses some; bad names are refused."""

from __future__ import annotations

import pytest
from manim import Dot, FadeIn, tempconfig

from scenes.kit.base import LectureScene, Region
from scenes.kit.dry import DryRenderer
from scenes.kit.settings import SettingsError, choose_steps, parse_steps


class Lecture(LectureScene):
    topic = "positional_encoding"  # real catalogue entries: its title and step headings
    steps = ("order", "formula", "values")

    def setup(self):
        super().setup()
        self.calls = []

    def prepare(self):
        self.calls.append("prepare")
        self.data = {k: k.upper() for k in self.steps}

    def _show(self, key):
        self.calls.append(key)
        assert self.data[key] == key.upper()  # a step reads only the prepared data
        assert [m for m in self.mobjects if m is not self.heading] == []  # a clear screen
        self.play(FadeIn(Dot()))

    def order(self):
        self._show("order")

    def formula(self):
        self._show("formula")

    def values(self):
        self._show("values")


def build(cls, monkeypatch, steps=None):
    monkeypatch.setenv("TVIZ_LANG", "en")
    monkeypatch.delenv("TVIZ_SENTENCE", raising=False)
    if steps is None:
        monkeypatch.delenv("TVIZ_STEPS", raising=False)
    else:
        monkeypatch.setenv("TVIZ_STEPS", steps)
    # manim's media_dir is this test process's own (tests/conftest.py)
    with tempconfig({"dry_run": True, "progress_bar": "none", "quality": "low_quality"}):
        scene = cls(renderer=DryRenderer())
        scene.render()
    return scene


def test_every_step_in_order_after_the_title(monkeypatch):
    scene = build(Lecture, monkeypatch)
    assert scene.calls == ["prepare", "order", "formula", "values"]
    assert scene.sections == ["title", "order", "formula", "values"]
    assert scene.section_names == ["00-title", "01-order", "02-formula", "03-values"]


@pytest.mark.parametrize("chosen,sections,names", [
    ("formula", ["formula"], ["02-formula"]),
    ("values, order", ["order", "values"], ["01-order", "03-values"]),
    ("title,formula", ["title", "formula"], ["00-title", "02-formula"]),
])
def test_chosen_steps_keep_their_numbers(monkeypatch, chosen, sections, names):
    scene = build(Lecture, monkeypatch, chosen)
    assert scene.calls == ["prepare", *[s for s in sections if s != "title"]]
    assert scene.sections == sections
    assert scene.section_names == names


def test_an_unknown_step_is_named_with_the_accepted_ones(monkeypatch):
    with pytest.raises(SystemExit, match="Lecture has no step 'softmax'.*TVIZ_STEPS.*"
                                         "accepted: title, order, formula, values"):
        build(Lecture, monkeypatch, "order,softmax")


def test_a_scene_without_steps_refuses_the_setting(monkeypatch):
    class Old(LectureScene):
        topic = "positional_encoding"

        def construct(self):
            self.title_card()

    assert build(Old, monkeypatch).sections == ["title"]
    with pytest.raises(SystemExit, match="Old does not declare its steps"):
        build(Old, monkeypatch, "order")


def test_a_step_without_its_method_is_an_error(monkeypatch):
    class Broken(Lecture):
        steps = ("order", "typo")

    with pytest.raises(TypeError, match="Broken.steps names 'typo'"):
        build(Broken, monkeypatch)


def test_step_names_are_parsed_and_checked():
    assert parse_steps("") == ()
    assert parse_steps(" qkv, softmax  weights ") == ("qkv", "softmax", "weights")
    with pytest.raises(SettingsError, match="'q/k'"):
        parse_steps("q/k")
    assert choose_steps((), ("a", "b"), "S") == ("title", "a", "b")
    assert choose_steps(("b", "title"), ("a", "b"), "S") == ("title", "b")


def test_the_stage_is_below_the_heading_and_above_the_subtitles(monkeypatch):
    scene = build(Lecture, monkeypatch, "order")
    stage = scene.stage()
    assert stage.y1 < scene.heading.get_bottom()[1]
    assert stage.y0 > -4.0 and stage.x0 < -7 and stage.x1 > 7


def test_a_region_fits_by_scaling_down_only():
    region = Region(-1.0, 1.0, -1.0, 1.0)
    big, small = Dot(radius=2.0), Dot(radius=0.1)
    region.fit(big)
    assert big.width == pytest.approx(2.0)
    region.fit(small)
    assert small.width == pytest.approx(0.2)


def test_a_step_named_like_a_scene_method_is_drawn_by_step_name(monkeypatch):
    class Shadow(LectureScene):
        topic = "add_and_norm"  # its step "add" has a heading there
        steps = ("add",)

        def step_add(self):
            self.drawn = True

    scene = build(Shadow, monkeypatch)
    assert scene.drawn and scene.section_names == ["00-title", "01-add"]

    class Unsafe(Lecture):
        steps = ("order", "wait")

    with pytest.raises(TypeError, match="'wait', which is Scene.wait: draw that step in a "
                                        "method step_wait"):
        build(Unsafe, monkeypatch)
