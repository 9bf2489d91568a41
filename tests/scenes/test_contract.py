"""What every topic scene owes, checked on every discovered scene (a new scene gets it for free).

Each scene is built dry (no frame encoded) twice: in zh on the dark theme with the settings'
sentence, and in en on the light theme with another sentence; the builds are shared with the
scene's own oracle tests (tests/scenes/helpers.build). The golden section stills are the last picture of
every section of the zh-dark build, drawn as the video shows it (scenes.tools.golden). Every
step also builds alone (TVIZ_STEPS=<step>) and then shows exactly what it shows in the lecture.
"""

from __future__ import annotations

import importlib
import re

import pytest

from scenes import strings
from scenes.tools import golden
from scenes.tools.common import discover
from tests.scenes.helpers import (
    CJK,
    OTHER_SENTENCE,
    assert_same_records,
    assert_shown_faithfully,
    subtitles,
)

SPECS = discover()
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"")


def scene_class(spec):
    return getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls)


def grouped(spec, *rest):
    """A parameter whose test runs in the worker of its scene's group (pytest-xdist loadgroup)."""
    return pytest.param(spec, *rest, marks=pytest.mark.xdist_group(spec.module))


@pytest.fixture(params=[grouped(s) for s in SPECS], ids=lambda s: s.cls)
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
    assert subtitles(scene)[0] == strings.t(f"{scene.topic}.subtitle", scene.lang)
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


def test_en_light_with_another_sentence(spec, build_scene):
    """The other language, the other theme and another sentence, in one build."""
    scene = build_scene(scene_class(spec), lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert scene.lang == "en" and scene.theme.name == "light"
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


STEPS = [grouped(spec, key) for spec in SPECS for key in scene_class(spec).steps]


@pytest.mark.parametrize("spec,key", STEPS, ids=lambda v: v if isinstance(v, str) else v.cls)
def test_each_step_builds_alone(spec, key, build_scene):
    """A lecturer who edits one step renders only it: the step's section alone, under its
    number, on a clear screen, with exactly the numbers and subtitles it has in the lecture."""
    cls = scene_class(spec)
    whole = build_scene(cls)
    alone = build_scene(cls, steps=key)
    number = list(cls.steps).index(key) + 1
    assert alone.sections == [key] and alone.section_names == [f"{number:02d}-{key}"]
    assert_same_records(alone.records_by_step[key], whole.records_by_step[key], key)
    assert subtitles(alone) == [s for s in subtitles(whole)
                                if s in subtitles(alone)], "the step's subtitles, in order"
    assert alone.layout == [], alone.layout


def test_the_title_and_two_steps_build_together(spec, build_scene):
    cls = scene_class(spec)
    keys = ("title", cls.steps[0], cls.steps[-1])
    whole = build_scene(cls)
    some = build_scene(cls, steps=",".join(keys))
    assert some.sections == list(keys)
    for key in keys[1:]:
        assert_same_records(some.records_by_step[key], whole.records_by_step[key], key)


LONGEST = "我 是 一个 学生 猫 坐 在 垫子"  # as many words as the settings accept (MAX_WORDS)
# sentences of other lengths, none of them in the corpus, one typed without spaces
OTHER_LENGTHS = ("猫", "老师喜欢猫", "我 的 狗 很 可爱", "我 在 家 看 书 和 电脑")


@pytest.mark.slow  # ten more dry builds: with the slow tests, not in the fast suite
def test_the_longest_sentence_fits(spec, build_scene):
    """The longest sentence the settings accept lays out: nothing leaves the frame or overlaps
    (a scene with a sentence of its own keeps it)."""
    from scenes.kit.settings import MAX_WORDS

    assert len(LONGEST.split()) == MAX_WORDS
    scene = build_scene(scene_class(spec), sentence=LONGEST)
    assert_shown_faithfully(scene)
    assert scene.layout == [], scene.layout


@pytest.mark.slow
@pytest.mark.parametrize("sentence", OTHER_LENGTHS)
def test_sentences_of_other_lengths_fit(spec, sentence, build_scene):
    """1, 3, 5 and 7 words, none of them a corpus sentence (the last a LoRA pair the base model
    gets wrong), one typed without spaces: every number reads back and nothing
    leaves the frame or overlaps, in en on the light theme."""
    scene = build_scene(scene_class(spec), lang="en", theme="light", sentence=sentence)
    assert_shown_faithfully(scene)
    assert scene.layout == [], scene.layout
