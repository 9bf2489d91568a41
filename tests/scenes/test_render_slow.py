"""Slow: one real render with the manim CLI, as a user would (-ql, zh, dark): its MP4, subtitles
and section clips; the last frame of every section equals the golden still (drawn by the dry
build the fast tests compare) up to the encoder's colour conversion; and rendering twice gives
identical frames; every section clip starts on its own screen (its first decoded frame is the
background and the step's heading, as the dry build draws it). Every scene's stills are compared with the golden ones by the fast contract
test (tests/scenes/test_contract.py), without encoding a video."""

from __future__ import annotations

import importlib

import av
import numpy as np
import pytest

from scenes.tools import golden
from scenes.tools.common import discover
from tests.scenes.helpers import build

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


def first_frame(clip) -> np.ndarray:
    """The first decoded frame of a clip, RGB [height, width, 3]."""
    with av.open(str(clip)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="rgb24")


@pytest.mark.slow
def test_section_clips_start_on_their_own_screen(spec, rendered, monkeypatch, tmp_path):
    """The first frame of every clip is the background and the section's own heading (as the
    dry build draws the section's opening), not the last picture of the section before."""
    cls = getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls)
    dry = build(cls, monkeypatch, tmp_path)
    index = golden.sections(rendered, spec.cls)
    bg = np.array([int(dry.theme.bg.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)], np.uint8)
    previous = None
    for section in index:
        name = section["name"]
        first = first_frame(rendered / "sections" / section["video"])
        expected = dry.openings[name].frame if name in dry.openings else (
            np.broadcast_to(bg, first.shape))  # the title card fades in from the background
        d = golden.compare(first, np.ascontiguousarray(expected))
        assert d.mean <= VIDEO_MEAN_TOLERANCE and d.changed <= VIDEO_CHANGED_TOLERANCE, (name, d)
        if previous is not None:
            assert not golden.compare(first, dry.stills[previous]).ok, (
                f"{name} starts on the picture {previous} ends on")
        previous = name


@pytest.mark.slow
def test_the_srt_manim_writes_holds_the_cues_of_the_dry_build(spec, rendered, monkeypatch,
                                                              tmp_path):
    """The rendered .srt has the dry build's cues (two-line cues included), each up at least
    its reading time in the real video too, and its .vtt and the player read the same."""
    from scenes.kit.base import MIN_CAPTION, reading_time
    from scenes.tools import player, render

    cls = getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls)
    dry = build(cls, monkeypatch, tmp_path)
    text = (rendered / f"{spec.cls}.srt").read_text(encoding="utf-8")
    cues = player.parse_subtitles(text)
    assert [c for _, _, c in cues] == [c.content for c in dry.renderer.file_writer.subcaptions]
    assert any("\n" in c for _, _, c in cues)
    for start, end, cue in cues:  # the times of the real video (whole frames)
        assert end - start >= max(reading_time(cue, "zh"), MIN_CAPTION) - 2e-3, (cue, start, end)
    assert player.parse_subtitles(render.srt_to_vtt(text)) == cues
