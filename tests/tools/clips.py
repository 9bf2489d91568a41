"""Tiny real videos as the render driver collects them (videos/<lang>-<theme>/), for the tests of
the decks, the lecture and the MP4 checks: H.264 written by Manim's segment encoder with the
kit's encoding (held pictures stored once, keyframes by time), 160x90 at 15 fps.

A fabricated scene has sections; section k of scene s is a box sliding over a background of
the scene's colour (an animation), then the box held still at a place of its own (the
section's last picture, which a deck shows as its poster).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np

W, H, FPS = 160, 90, 15
BACKGROUNDS = [(0x20, 0x40, 0x80), (0x70, 0x20, 0x30), (0x20, 0x60, 0x30)]
SLIDE = 6  # frames of the animation of a section


def _spec():
    from manim._config.video_encoder import VideoEncoderSpec

    return VideoEncoderSpec("mp4", "libx264", "yuv420p", W, H, Fraction(FPS),
                            (("preset", "ultrafast"), ("crf", "23")))


def picture(scene: int, section: int, step: int) -> np.ndarray:
    """The RGBA picture of frame ``step`` (0 .. SLIDE) of a section: the box's place ends at
    a column of the section's own."""
    p = np.empty((H, W, 4), np.uint8)
    p[..., :3], p[..., 3] = BACKGROUNDS[scene % len(BACKGROUNDS)], 255
    x = 8 + step * (12 + 6 * section) // SLIDE * 2
    p[30:60, x:x + 30, :3] = (240, 220, 40)
    return p


def last_picture(scene: int, section: int) -> np.ndarray:
    return picture(scene, section, SLIDE)[..., :3]


def _write(path: Path, plan: list[tuple[np.ndarray, int]]) -> None:
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    from scenes.kit import encoding

    assert encoding.install()
    enc = VideoSegmentEncoder(target=path, spec=_spec())
    for frame, repeat in plan:
        enc.write_frame(frame, repeat=repeat)
    enc.finish()


def _stamp(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def scene(folder: Path, cls: str, n: int, holds: list[int],
          cues: list[list[str]] | None = None) -> Path:
    """Write scene ``cls`` (number ``n``, for its colour) into ``folder``: its MP4, one clip per
    section (section k held ``holds[k]`` frames after its animation), sections/<cls>.json,
    and its .srt with ``cues[k]`` (texts) spread over section k; return the MP4."""
    folder = Path(folder)
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    names = ["00-title"] + [f"{k:02d}-step{k}" for k in range(1, len(holds))]
    plans, index, t, srt = [], [], 0.0, []
    for k, (name, hold) in enumerate(zip(names, holds, strict=True)):
        plan = [(picture(n, k, step), 1) for step in range(SLIDE)] + [(picture(n, k, SLIDE), hold)]
        plans += plan
        clip = f"{cls}_{k:04d}_{name}.mp4"
        _write(folder / "sections" / clip, plan)
        duration = (SLIDE + hold) / FPS
        index.append({"name": name, "type": "default.normal", "video": clip,
                      "duration": f"{duration:.6f}", "width": W, "height": H})
        texts = (cues[k] if cues else [])
        for j, text in enumerate(texts):
            a = t + duration * j / len(texts)
            b = t + duration * (j + 1) / len(texts)
            srt.append(f"{len(srt) + 1}\n{_stamp(a)} --> {_stamp(b)}\n{text}\n")
        t += duration
    (folder / "sections" / f"{cls}.json").write_text(json.dumps(index, indent=4))
    (folder / f"{cls}.srt").write_text("\n".join(srt), encoding="utf-8")
    video = folder / f"{cls}.mp4"
    _write(video, plans)
    return video
