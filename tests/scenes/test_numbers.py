"""The numbers files (scenes.tools.numbers): every scene's file holds exactly the records of its
dry build, section by section, each number with its text, its full-precision value and where it
comes from; every scene's ``origins`` names things that exist, covers every number and has no
entry that nothing uses.

The builds are the session's (tests/scenes/helpers.build, shared with the contract test): the
zh build on the dark theme and the en build on the light one with another sentence.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from scenes import strings
from scenes.tools import numbers, player
from tests.scenes.helpers import OTHER_SENTENCE
from tests.scenes.test_contract import SPECS, grouped, scene_class

BUILDS = {"zh-dark": {}, "en-light": {"lang": "en", "theme": "light",
                                       "sentence": OTHER_SENTENCE}}


@pytest.fixture(params=[grouped(s) for s in SPECS], ids=lambda s: s.cls)
def spec(request):
    return request.param


def written(scene, tmp_path) -> dict:
    """The numbers file of ``scene`` as the driver writes it, read back."""
    path = tmp_path / f"{type(scene).__name__}{numbers.SUFFIX}"
    path.write_text(numbers.dumps(numbers.document(scene, "key")), encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("variant", list(BUILDS))
def test_the_file_equals_the_records_of_the_dry_build(spec, variant, build_scene, tmp_path):
    scene = build_scene(scene_class(spec), **BUILDS[variant])
    doc = written(scene, tmp_path)
    assert (doc["scene"], doc["topic"], doc["lang"], doc["theme"]) == (
        spec.cls, spec.topic, scene.lang, scene.theme.name)
    assert doc["sentence"] == " ".join(scene.words) and doc["inputs"] == "key"
    assert doc["title"] == strings.t(f"{spec.topic}.title", scene.lang)
    assert [s["name"] for s in doc["sections"]] == scene.section_names
    for section, step in zip(doc["sections"], scene.sections, strict=True):
        assert section["title"] == player.section_title(
            section["name"], spec.topic, scene.lang, strings.STRINGS, doc["title"])
        # the records the test's own observer saw in this step, in the order they were shown
        records = scene.records_by_step[step]
        assert [r["name"] for r in section["records"]] == [r.name for r in records], step
        for entry, record in zip(section["records"], records):
            source = np.asarray(record.source, dtype=np.float64)
            assert entry["shape"] == list(source.shape)
            assert entry["drawn"] == (not record.cells)
            assert [tuple(n["index"]) for n in entry["numbers"]] == list(record.cells)
            assert [n["text"] for n in entry["numbers"]] == list(record.cells.values())
            for n in entry["numbers"]:
                exact = source[tuple(n["index"])] if n["index"] else source
                assert n["value"] == float(exact), (record.name, n)  # full precision
                # one origin for the record, or one for each of its numbers
                assert bool(entry["origin"]) != bool(n.get("origin")), (record.name, n)
                expected = numbers.origin_of(type(scene).origins, record, n.get("key"))
                assert (n.get("origin") or entry["origin"]) == expected
            if record.keys:
                assert [n["key"] for n in entry["numbers"]] == list(record.keys)
            if not entry["numbers"]:
                assert entry["origin"]
    # every record of the build is in the file, once
    assert sum(len(s["records"]) for s in doc["sections"]) == len(scene.shown)


def test_every_origin_names_something_that_exists(spec):
    cls = scene_class(spec)
    assert isinstance(cls.origins, dict) and cls.origins, f"{spec.cls} has no origins"
    problems = {o: numbers.ref_problem(numbers.ref_of(o), cls) for o in cls.origins.values()}
    assert {o: p for o, p in problems.items() if p} == {}


def test_every_origin_is_used(spec, build_scene):
    """No entry of a scene's origins is left over from a number it no longer shows (over both
    builds: some numbers are shown only for some sentences)."""
    cls = scene_class(spec)
    used = set()
    for kw in BUILDS.values():
        used |= numbers.entries_used(cls.origins, build_scene(cls, **kw).shown)
    assert set(cls.origins) - used == set()


def test_a_number_without_an_origin_is_named(build_scene):
    spec = SPECS[0]
    scene = build_scene(scene_class(spec))
    record = next(r for r in scene.shown if r.cells and not r.keys)
    with pytest.raises(numbers.OriginError, match=rf"{spec.cls} shows '{record.name}'"):
        numbers.record_entry(record, {}, spec.cls)
