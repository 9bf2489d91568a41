"""Slow: render every topic scene at -ql with the manim CLI, as a user would; check its outputs,
compare the last frame of every section with the golden stills, and check determinism."""

from __future__ import annotations

import pytest

from scenes.tools import golden
from scenes.tools.common import discover

SCENES = discover()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each scene rendered once (zh, dark, -ql) for all the checks below."""
    cache = {}

    def get(spec):
        if spec.cls not in cache:
            cache[spec.cls] = golden.render(spec, tmp_path_factory.mktemp(spec.module))
        return cache[spec.cls]
    return get


@pytest.mark.slow
@pytest.mark.parametrize("spec", SCENES, ids=lambda s: s.cls)
def test_renders_mp4_subtitles_and_sections(spec, rendered):
    out = rendered(spec)
    assert (out / f"{spec.cls}.mp4").stat().st_size > 10_000
    assert "-->" in (out / f"{spec.cls}.srt").read_text(encoding="utf-8")
    index = golden.sections(out, spec.cls)
    assert len(index) >= 2 and index[0]["name"] == "00-title"
    for section in index:
        assert (out / "sections" / section["video"]).stat().st_size > 1_000
        assert float(section["duration"]) > 0


@pytest.mark.slow
@pytest.mark.parametrize("spec", SCENES, ids=lambda s: s.cls)
def test_section_stills_match_the_golden_frames(spec, rendered):
    frames = golden.stills(rendered(spec), spec.cls)
    expected = sorted(p.stem for p in (golden.GOLDEN_DIR / spec.cls).glob("*.png"))
    assert expected == sorted(frames), (
        f"sections of {spec.cls} differ from tests/golden/{spec.cls}/; after an intended "
        f"change run: python -m scenes golden --scenes {spec.cls}")
    bad = {}
    for name, frame in frames.items():
        diff = golden.compare(frame, golden.read_png(golden.golden_path(spec.cls, name)))
        if not diff.ok:
            bad[name] = diff
    assert not bad, (f"{spec.cls}: stills differ from the golden frames: {bad}; after an "
                     f"intended change run: python -m scenes golden --scenes {spec.cls}")


@pytest.mark.slow
def test_rendering_twice_gives_identical_frames(rendered, tmp_path):
    spec = next(s for s in SCENES if s.cls == "PositionalEncoding")
    first = rendered(spec) / f"{spec.cls}.mp4"
    second = golden.render(spec, tmp_path, "--disable_caching") / f"{spec.cls}.mp4"
    a, b = golden.frame_hashes(first), golden.frame_hashes(second)
    assert len(a) > 100
    assert a == b
