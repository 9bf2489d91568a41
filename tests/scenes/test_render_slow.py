"""Slow: one real render with the manim CLI, as a user would (-ql, zh, dark): its MP4, subtitles
and section clips; the last frame of every section equals the golden still (drawn by the dry
build the fast tests compare) up to the encoder's colour conversion; and rendering twice gives
identical frames. Every scene's stills are compared with the golden ones by the fast contract
test (tests/scenes/test_contract.py), without encoding a video."""

from __future__ import annotations

import pytest

from scenes.tools import golden
from scenes.tools.common import discover

SCENE = "PositionalEncoding"
# a decoded frame against the drawn one: yuv420p rounding (~2 per channel) and x264's coding
VIDEO_MEAN_TOLERANCE = 4.0
VIDEO_CHANGED_TOLERANCE = 0.03


@pytest.fixture(scope="module")
def spec():
    return next(s for s in discover() if s.cls == SCENE)


@pytest.fixture(scope="module")
def rendered(spec, tmp_path_factory):
    return golden.render(spec, tmp_path_factory.mktemp(spec.module))


@pytest.mark.slow
def test_renders_mp4_subtitles_and_sections(spec, rendered):
    out = rendered
    assert (out / f"{spec.cls}.mp4").stat().st_size > 10_000
    assert "-->" in (out / f"{spec.cls}.srt").read_text(encoding="utf-8")
    index = golden.sections(out, spec.cls)
    assert len(index) >= 2 and index[0]["name"] == "00-title"
    for section in index:
        assert (out / "sections" / section["video"]).stat().st_size > 1_000
        assert float(section["duration"]) > 0


@pytest.mark.slow
def test_section_ends_show_the_golden_stills(spec, rendered):
    frames = golden.stills(rendered, spec.cls)
    expected = sorted(p.stem for p in (golden.GOLDEN_DIR / spec.cls).glob("*.png"))
    assert expected == sorted(frames)
    for name, frame in frames.items():
        d = golden.compare(frame, golden.read_png(golden.golden_path(spec.cls, name)))
        assert d.mean <= VIDEO_MEAN_TOLERANCE and d.changed <= VIDEO_CHANGED_TOLERANCE, (name, d)


@pytest.mark.slow
def test_rendering_twice_gives_identical_frames(spec, rendered, tmp_path):
    first = rendered / f"{spec.cls}.mp4"
    second = golden.render(spec, tmp_path, "--disable_caching") / f"{spec.cls}.mp4"
    a, b = golden.frame_hashes(first), golden.frame_hashes(second)
    assert len(a) > 100
    assert a == b
