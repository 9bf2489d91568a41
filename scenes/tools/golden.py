"""Golden frames: the last picture of every section of every scene at -ql (480p), zh, dark.

A still is drawn from a dry build (scenes.kit.dry: the scene's construct run to the end of each
section with nothing encoded), exactly as the video's frame before it is encoded; the slow test
checks that the rendered video's section ends show the same pictures (up to the encoder's
colour conversion). The fast contract test (tests/scenes/test_contract.py) compares every
scene's stills with the PNGs in tests/golden/<Scene>/, within a tolerance (fonts and cairo
versions move a few pixels). After an intended visual change, rewrite them and look at the
PNGs before committing:

    python -m scenes golden                       # every scene
    python -m scenes golden --scenes PositionalEncoding
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scenes.tools.common import REPO_ROOT, SceneSpec, discover, environment

GOLDEN_DIR = REPO_ROOT / "tests" / "golden"
LANG, THEME = "zh", "dark"
MEAN_TOLERANCE = 2.0  # mean |difference| per channel, in 0..255
CHANGED_TOLERANCE = 0.01  # fraction of pixels allowed to differ by more than CHANGED_LEVEL
CHANGED_LEVEL = 48


def render_command(spec: SceneSpec, media_dir: Path, *extra: str) -> list[str]:
    """The manim command that renders ``spec`` at -ql with its sections into ``media_dir``."""
    return [sys.executable, "-m", "manim", "render", "-ql", "--save_sections",
            "--progress_bar", "none", "--media_dir", str(media_dir), *extra, spec.path, spec.cls]


def render(spec: SceneSpec, media_dir: Path, *extra: str, lang: str = LANG,
           theme: str = THEME) -> Path:
    """Render ``spec`` (zh, dark by default) and return its output folder (480p15)."""
    env = {**os.environ, "TVIZ_LANG": lang, "TVIZ_THEME": theme}
    env.pop("TVIZ_SENTENCE", None)
    done = subprocess.run(render_command(spec, media_dir, *extra), cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"rendering {spec.cls} failed:\n{done.stdout[-3000:]}"
                           f"{done.stderr[-3000:]}")
    return Path(media_dir) / "videos" / spec.module / "480p15"


def sections(out_dir: Path, cls: str) -> list[dict]:
    """The section index manim wrote (name, video, width, height, duration, ...)."""
    return json.loads((out_dir / "sections" / f"{cls}.json").read_text(encoding="utf-8"))


def last_frame(clip: Path, width: int, height: int) -> np.ndarray:
    """The final frame of a clip as an RGB array [height, width, 3] (uint8)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-sseof", "-0.5", "-i", str(clip),
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    size = width * height * 3
    if len(raw) < size:
        raise ValueError(f"no frame decoded from {clip}")
    return np.frombuffer(raw[-size:], dtype=np.uint8).reshape(height, width, 3)


def stills(out_dir: Path, cls: str) -> dict[str, np.ndarray]:
    """{section name: its last frame} for a rendered scene."""
    return {s["name"]: last_frame(out_dir / "sections" / s["video"], int(s["width"]),
                                  int(s["height"]))
            for s in sections(out_dir, cls)}


def frame_hashes(video: Path) -> list[str]:
    """One MD5 per decoded frame (ffmpeg's framemd5): equal lists mean identical frames."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.rsplit(",", 1)[1].strip() for line in out.splitlines()
            if line and not line.startswith("#")]


@dataclass(frozen=True)
class Difference:
    mean: float  # mean |a - b| over pixels and channels
    changed: float  # fraction of pixels with some channel differing by more than CHANGED_LEVEL

    @property
    def ok(self) -> bool:
        return self.mean <= MEAN_TOLERANCE and self.changed <= CHANGED_TOLERANCE


def compare(a: np.ndarray, b: np.ndarray) -> Difference:
    """How far two frames of the same size are apart."""
    if a.shape != b.shape:
        raise ValueError(f"frame sizes differ: {a.shape} vs {b.shape}")
    d = np.abs(a.astype(np.int16) - b.astype(np.int16))
    return Difference(float(d.mean()), float((d.max(axis=-1) > CHANGED_LEVEL).mean()))


def golden_path(cls: str, section: str) -> Path:
    return GOLDEN_DIR / cls / f"{section}.png"


def read_png(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def write_png(path: Path, frame: np.ndarray) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(frame).save(path, optimize=True)


def dry_stills(spec: SceneSpec, media_dir: Path) -> dict[str, np.ndarray]:
    """{section name: its last picture} of ``spec`` built dry at -ql in zh on the dark theme
    with the settings' default sentence and every step."""
    import importlib

    from scenes.kit import dry

    settings = {"TVIZ_LANG": LANG, "TVIZ_THEME": THEME, "TVIZ_SENTENCE": None, "TVIZ_STEPS": None}
    with environment(settings):
        cls = getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls)
        return dry.build(cls, stills=True, media_dir=str(media_dir)).stills


def update(specs: list[SceneSpec]) -> None:
    """Build each scene dry and rewrite its golden PNGs (old sections' files are removed)."""
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            print(f"building {spec.cls} ...", flush=True)
            frames = dry_stills(spec, Path(tmp))
            folder = GOLDEN_DIR / spec.cls
            for old in folder.glob("*.png"):
                old.unlink()
            for name, frame in frames.items():
                write_png(golden_path(spec.cls, name), frame)
            print(f"  {len(frames)} stills -> {folder.relative_to(REPO_ROOT)}", flush=True)


def run(args: argparse.Namespace) -> int:
    specs = discover()
    wanted = [s for s in args.scenes.split(",") if s]
    unknown = sorted(set(wanted) - {s.cls for s in specs})
    if unknown:
        print(f"unknown scene {unknown[0]!r}; accepted: {', '.join(s.cls for s in specs)}",
              file=sys.stderr)
        return 2
    update([s for s in specs if not wanted or s.cls in wanted])
    return 0
