"""Slow: one short scene rendered whole (the manim command, as a user would) and section by
section (scenes.tools.sections on a pool of two workers, joined), both cold at -ql: the same
pictures at the same times (decoded frames compared at every section boundary, inside every
section and everywhere), the same durations, section index and subtitles.

A section rendered by itself can only equal the same section of a whole render when it starts
on its own screen: if ``LectureScene.step`` plays a transition over the previous step's last
picture (a curtain fading it out), that picture cannot be in a clip rendered alone, and the
durations already differ (the test says so first).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scenes.tools import golden
from scenes.tools.common import SceneSpec

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC = SceneSpec("positional_encoding", "PositionalEncoding", "positional_encoding")
STEPS = "title,order,formula"  # the title card and two steps: three sections, two boundaries
ENV = {"TVIZ_LANG": "zh", "TVIZ_THEME": "dark", "TVIZ_STEPS": STEPS}


def _run(argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TVIZ_")} | ENV
    done = subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"{' '.join(argv)}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """(whole, split): the output folders (480p15) of the two renders."""
    whole_media = tmp_path_factory.mktemp("whole")
    _run(golden.render_command(SPEC, whole_media, "--disable_caching"))
    split_media = tmp_path_factory.mktemp("split")
    _run([sys.executable, "-m", "scenes.tools.sections", "scene", "-ql", "--workers", "2",
          "--disable_caching", "--media", str(split_media), f"{SPEC.module}:{SPEC.cls}"])
    split = split_media / "zh-dark" / "videos" / SPEC.module / "480p15"
    return whole_media / "videos" / SPEC.module / "480p15", split


def decoded(video: Path) -> list[tuple[int, np.ndarray]]:
    """Every stored frame of the video: (pts in the stream's time base, RGB pixels)."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        return [(frame.pts, frame.to_ndarray(format="rgb24"))
                for frame in container.decode(stream)]


def end_pts(video: Path) -> int:
    """Where the video ends: its last packet's time plus duration (time base units)."""
    import av

    with av.open(str(video)) as container:
        packets = [p for p in container.demux(container.streams.video[0]) if p.dts is not None]
    return max(p.pts + p.duration for p in packets)


@pytest.mark.slow
def test_same_sections_with_the_same_durations(renders):
    whole, split = renders
    a, b = golden.sections(whole, SPEC.cls), golden.sections(split, SPEC.cls)
    assert [s["name"] for s in a] == ["00-title", "01-order", "02-formula"]
    for x, y in zip(a, b, strict=True):
        assert x["duration"] == y["duration"], (
            f"section {x['name']} lasts {x['duration']} s whole and {y['duration']} s split: "
            "does a section start on its own screen (LectureScene.step)?")
    assert a == b  # names, clips, sizes, frame counts, durations, frame rates
    assert end_pts(whole / f"{SPEC.cls}.mp4") == end_pts(split / f"{SPEC.cls}.mp4")


@pytest.mark.slow
def test_same_subtitles(renders):
    whole, split = renders
    text = (whole / f"{SPEC.cls}.srt").read_text(encoding="utf-8")
    assert text.count("-->") >= 6  # the title's and the steps' cues
    assert (split / f"{SPEC.cls}.srt").read_text(encoding="utf-8") == text


@pytest.mark.slow
def test_same_pictures_at_the_same_times(renders):
    whole, split = renders
    a, b = decoded(whole / f"{SPEC.cls}.mp4"), decoded(split / f"{SPEC.cls}.mp4")
    assert [pts for pts, _ in a] == [pts for pts, _ in b]  # every picture shown from the same time
    shown = dict(a)
    other = dict(b)
    # the section boundaries, from the whole render's own section clips
    clips = [whole / "sections" / s["video"] for s in golden.sections(whole, SPEC.cls)]
    starts = np.cumsum([0] + [end_pts(c) for c in clips])[:-1]
    times = [pts for pts, _ in a]
    for start, clip in zip(starts, clips, strict=True):
        inside = [t for t in times if start <= t < start + end_pts(clip)]
        assert inside and inside[0] == start  # a section starts with a picture of its own
        # its first and second pictures, one in the middle and its last
        for t in (inside[0], inside[min(1, len(inside) - 1)], inside[len(inside) // 2],
                  inside[-1]):
            assert np.array_equal(shown[t], other[t]), f"{clip.name}: the picture at pts {t}"
    digest = [hashlib.md5(f.tobytes()).hexdigest() for _, f in a]
    assert digest == [hashlib.md5(f.tobytes()).hexdigest() for _, f in b]
    assert len(set(digest)) > 20  # the scene moves: the comparison is not of blank frames


@pytest.mark.slow
def test_each_section_kept_its_record(renders):
    _, split = renders
    store = split.parents[2] / "split" / SPEC.module / "480p15" / SPEC.cls
    folders = sorted(p.name for p in store.iterdir())
    assert folders == ["00-title", "01-order", "02-formula-last"]
    for folder in folders:
        record = json.loads((store / folder / "section.json").read_text(encoding="utf-8"))
        assert record["section"] == folder.removesuffix("-last")
        assert f"positional_encoding.{record['section'][3:]}.heading" in record["reads"] or \
            record["section"] == "00-title"
        assert record["cues"] and record["time"] > 0
