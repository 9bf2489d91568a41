"""What every topic scene owes, checked on every discovered scene (a new scene gets it for free).

Each scene is built dry (no frame encoded) in zh on the dark theme with the settings' sentence,
in en on the light theme, and with another sentence; the builds are shared with the scene's own
oracle tests (tests/scenes/helpers.build). The golden section stills are the last picture of
every section of the zh-dark build, drawn as the video shows it (scenes.tools.golden).
"""

from __future__ import annotations

import importlib
import re

import pytest

from scenes import strings
from scenes.tools import golden
from scenes.tools.common import discover
from tests.scenes.helpers import CJK, assert_shown_faithfully, subtitles

SPECS = discover()
OTHER_SENTENCE = "猫 坐 在 垫子 上"  # the notes' example: every scene takes it
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"")


def scene_class(spec):
    return getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls)


@pytest.fixture(params=SPECS, ids=lambda s: s.cls)
def spec(request):
    return request.param


def test_every_topic_scene_is_discovered():
    assert len(SPECS) >= 10
    assert len({s.cls for s in SPECS}) == len(SPECS)


def check_sections_and_subtitles(scene):
    """Sections: the title card, then the declared steps in order (all of them), each named
    NN-step; one subtitle at least per section, the first the topic's subtitle, in order, in the
    scene's language; the background is the theme's."""
    assert scene.sections[0] == "title"
    declared = type(scene).steps
    if declared:
        assert scene.sections == ["title", *declared]
    assert scene.section_names == [f"{i:02d}-{k}" for i, k in enumerate(scene.sections)]
    subs = [s for s in scene.renderer.file_writer.subcaptions]
    assert len(subs) >= len(scene.sections)
    assert subs[0].content == strings.t(f"{scene.topic}.subtitle", scene.lang)
    starts = [s.start for s in subs]
    assert starts == sorted(starts), "subtitles come in order"
    assert all(s.end > s.start for s in subs)
    for text in subtitles(scene):
        if scene.lang == "zh":
            assert CJK.search(text), f"a zh subtitle without Chinese: {text!r}"
        else:
            rest = QUOTED.sub("", text)
            for word in sorted(scene.words, key=len, reverse=True):
                rest = rest.replace(word, "")
            assert not CJK.search(rest), f"Chinese in an en subtitle outside quotes: {text!r}"
    assert str(scene.camera.background_color).upper() == scene.theme.bg.upper()


def test_zh_dark(spec, build_scene):
    scene = build_scene(scene_class(spec))
    assert scene.lang == "zh" and scene.theme.name == "dark"
    check_sections_and_subtitles(scene)
    assert_shown_faithfully(scene)
    assert scene.layout == [], scene.layout


def test_en_light(spec, build_scene):
    scene = build_scene(scene_class(spec), lang="en", theme="light")
    assert scene.lang == "en" and scene.theme.name == "light"
    check_sections_and_subtitles(scene)
    assert_shown_faithfully(scene)
    assert scene.layout == [], scene.layout


def test_another_sentence(spec, build_scene):
    scene = build_scene(scene_class(spec), sentence=OTHER_SENTENCE)
    assert scene.words == tuple(OTHER_SENTENCE.split())
    check_sections_and_subtitles(scene)
    assert_shown_faithfully(scene)
    assert scene.layout == [], scene.layout


def test_section_stills_match_the_golden_frames(spec, build_scene):
    scene = build_scene(scene_class(spec))
    expected = sorted(p.stem for p in (golden.GOLDEN_DIR / spec.cls).glob("*.png"))
    assert expected == sorted(scene.stills), (
        f"sections of {spec.cls} differ from tests/golden/{spec.cls}/; after an intended "
        f"change run: python -m scenes golden --scenes {spec.cls}")
    bad = {}
    for name, frame in scene.stills.items():
        diff = golden.compare(frame, golden.read_png(golden.golden_path(spec.cls, name)))
        if not diff.ok:
            bad[name] = diff
    assert not bad, (f"{spec.cls}: stills differ from the golden frames: {bad}; after an "
                     f"intended change run: python -m scenes golden --scenes {spec.cls} and look "
                     f"at the PNGs")
