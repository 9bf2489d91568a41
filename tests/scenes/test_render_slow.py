"""Slow: render every topic scene at -ql with the manim CLI, as a user would, and check outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.render import REPO_ROOT, discover


@pytest.mark.slow
@pytest.mark.parametrize("spec", discover(), ids=lambda s: s.cls)
def test_renders_mp4_subtitles_and_sections(spec, tmp_path):
    env = {**os.environ, "TVIZ_LANG": "zh", "TVIZ_THEME": "dark"}
    env.pop("TVIZ_SENTENCE", None)
    cmd = [sys.executable, "-m", "manim", "render", "-ql", "--save_sections",
           "--progress_bar", "none", "--media_dir", str(tmp_path), spec.path, spec.cls]
    done = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = tmp_path / "videos" / spec.module / "480p15"
    mp4, srt = out / f"{spec.cls}.mp4", out / f"{spec.cls}.srt"
    assert mp4.stat().st_size > 10_000
    assert "-->" in srt.read_text(encoding="utf-8")
    index = json.loads((out / "sections" / f"{spec.cls}.json").read_text(encoding="utf-8"))
    assert len(index) >= 2
    for section in index:
        clip = out / "sections" / section["video"]
        assert clip.stat().st_size > 1_000, clip
        assert float(section["duration"]) > 0
    assert [s["name"][3:] for s in index][0] == "title"
