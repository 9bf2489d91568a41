"""Slow: the manim CLI as manim documents it, on one scene at -ql with one or two steps
(TVIZ_STEPS) to keep each render short: ``-s`` (the last frame as a PNG, no sections),
``--format gif`` (a GIF, sections only with ``--save_sections``), ``-a`` (every scene of the
file) and a plain render (an MP4 with one clip per section, as the lecture player needs)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import av
import pytest

from scenes.tools import golden
from scenes.tools.common import REPO_ROOT, discover, scene_classes

SCENE = "PositionalEncoding"
STEP = "order"  # a short step; -s leaves its last picture, the golden still 01-order
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spec():
    return next(s for s in discover() if s.cls == SCENE)


def manim(media: Path, steps: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m manim render -ql ARGS`` from the repo root, zh, dark, only ``steps``."""
    env = {**os.environ, "TVIZ_LANG": "zh", "TVIZ_THEME": "dark", "TVIZ_STEPS": steps}
    env.pop("TVIZ_SENTENCE", None)
    done = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--progress_bar",
                           "none", "--media_dir", str(media), *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"manim {' '.join(args)} failed:\n{done.stdout[-3000:]}" \
                                 f"{done.stderr[-3000:]}"
    return done


def section_name(spec, step: str) -> str:
    """The section name of ``step`` (``01-order``)."""
    steps = getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls).steps
    return f"{steps.index(step) + 1:02d}-{step}"


def out_dir(media: Path, spec) -> Path:
    return media / "videos" / spec.module / "480p15"


def test_s_saves_the_last_frame_as_png(spec, tmp_path):
    manim(tmp_path, STEP, "-s", spec.path, spec.cls)
    pngs = list((tmp_path / "images" / spec.module).glob(f"{spec.cls}*.png"))
    assert len(pngs) == 1, pngs
    frame = golden.read_png(pngs[0])
    expected = golden.read_png(golden.golden_path(spec.cls, section_name(spec, STEP)))
    assert golden.compare(frame, expected).ok
    assert not (tmp_path / "videos").exists() or not list((tmp_path / "videos").rglob("*.mp4"))


def gif_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def test_format_gif_makes_a_gif_and_no_clips(spec, tmp_path):
    manim(tmp_path, "title", "--format", "gif", spec.path, spec.cls)
    out = out_dir(tmp_path, spec)
    gifs = list(out.glob(f"{spec.cls}*.gif"))
    assert len(gifs) == 1 and gif_frames(gifs[0]) > 1
    assert not (out / "sections").exists()


def test_save_sections_adds_clips_to_a_gif(spec, tmp_path):
    manim(tmp_path, "title", "--format", "gif", "--save_sections", spec.path, spec.cls)
    out = out_dir(tmp_path, spec)
    assert list(out.glob(f"{spec.cls}*.gif"))
    index = json.loads((out / "sections" / f"{spec.cls}.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in index] == ["00-title"]
    assert (out / "sections" / index[0]["video"]).stat().st_size > 1_000


def test_a_renders_every_scene_of_the_file_with_its_clips(spec, tmp_path):
    """-a renders all scenes of the file; a plain MP4 render saves one clip per section
    without --save_sections."""
    classes = scene_classes((REPO_ROOT / spec.path).read_text(encoding="utf-8"))
    manim(tmp_path, f"title,{STEP}", "-a", spec.path)
    out = out_dir(tmp_path, spec)
    for cls in classes:
        assert (out / f"{cls}.mp4").stat().st_size > 10_000
        index = json.loads((out / "sections" / f"{cls}.json").read_text(encoding="utf-8"))
        assert [s["name"] for s in index] == ["00-title", section_name(spec, STEP)]
        assert "-->" in (out / f"{cls}.srt").read_text(encoding="utf-8")
