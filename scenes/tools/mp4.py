"""Web-ready MP4s: the moov atom first (+faststart), and what the tests and the README measure.

Manim writes its MP4s (the scene's and every section clip) with PyAV's default MP4 muxer,
which puts the index (``moov``) after the media data (``mdat``): a browser, PowerPoint or an LMS
page must then read the whole file, or seek to its end, before the first frame plays. Manim
cannot be told otherwise (it opens the output container without options), so the render
driver copies every MP4 it collects into videos/ through :func:`copy_faststart`: ``ffmpeg -c
copy -movflags +faststart``, a remux (no picture is encoded again; about a tenth of a second a
clip), which writes ``moov`` before ``mdat``.

The rest of what makes them play everywhere is decided where they are encoded:

* H.264 in yuv420p (Manim's default for MP4): x264 with ``preset = ultrafast`` (manim.cfg)
  writes the Constrained Baseline profile (no CABAC, no B-frames), the subset of Main that
  every H.264 decoder plays, at the level x264 picks for the frame size and rate (3.0 at
  480p15, 4.2 at 1080p60);
* keyframes by time (scenes/kit/encoding.py, ``KEYFRAME_SECONDS``): never more than two seconds
  apart, held pictures included.

Helpers here read what a file holds: its top-level boxes (:func:`boxes`), its keyframe times
(:func:`keyframe_times`) and its video stream (:func:`video_stream`).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
from pathlib import Path

# the profiles every H.264 decoder of PowerPoint, Keynote, LibreOffice and browsers plays
PLAYABLE_PROFILES = ("Constrained Baseline", "Main", "High")
PLAYABLE_PIXEL_FORMATS = ("yuv420p",)


class Mp4Error(ValueError):
    """A file that is not the MP4 it should be."""


def boxes(path: Path) -> list[tuple[str, int, int]]:
    """The top-level boxes of an ISO-BMFF (MP4) file: (type, offset, size), in file order."""
    path = Path(path)
    total = path.stat().st_size
    found = []
    with path.open("rb") as f:
        offset = 0
        while offset < total:
            f.seek(offset)
            header = f.read(8)
            if len(header) < 8:
                raise Mp4Error(f"{path}: a box header is cut off at byte {offset}")
            size, kind = struct.unpack(">I4s", header)
            if size == 1:  # a 64-bit size follows the type
                large = f.read(8)
                if len(large) < 8:
                    raise Mp4Error(f"{path}: a 64-bit box size is cut off at byte {offset}")
                size = struct.unpack(">Q", large)[0]
            elif size == 0:  # the box runs to the end of the file
                size = total - offset
            name = kind.decode("latin-1")
            if size < 8 or offset + size > total:
                raise Mp4Error(f"{path}: box {name!r} at byte {offset} has size {size}, "
                               f"beyond the file's {total} bytes")
            found.append((name, offset, size))
            offset += size
    return found


def moov_first(path: Path) -> bool:
    """True when the file's ``moov`` box comes before its (first) ``mdat`` box."""
    kinds = [kind for kind, _, _ in boxes(path)]
    if "moov" not in kinds or "mdat" not in kinds:
        raise Mp4Error(f"{path}: top-level boxes {kinds} lack moov or mdat")
    return kinds.index("moov") < kinds.index("mdat")


def _run(argv: list[str], what: str) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise Mp4Error(f"{what}: cannot run {argv[0]} ({exc})") from None
    if done.returncode != 0:
        raise Mp4Error(f"{what}: {argv[0]} exited {done.returncode}: "
                       f"{done.stderr.strip()[-600:]}")
    return done.stdout


def copy_faststart(src: Path, dst: Path) -> Path:
    """Copy the MP4 ``src`` to ``dst`` with its ``moov`` first (a remux: every stream, its
    packets and metadata as they are) and the times of ``src``. Written beside ``dst`` and
    renamed, so a reader of ``dst`` never sees half a file."""
    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.stem}.faststart{dst.suffix}")
    try:
        _run(["ffmpeg", "-v", "error", "-y", "-i", str(src), "-map", "0", "-c", "copy",
              "-map_metadata", "0", "-movflags", "+faststart", str(tmp)],
             f"making {dst.name} web-ready")
        st = src.stat()  # keeps the source's times, as a copy does: a kept render stays older
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))  # than the decks made of it
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return dst


def keyframe_times(path: Path) -> tuple[list[float], float]:
    """The presentation times (s) of the video's keyframes, in order, and the video's end."""
    out = _run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=pts_time,duration_time,flags", "-of", "json", str(path)],
               f"reading the keyframes of {path}")
    packets = [p for p in json.loads(out).get("packets", []) if p.get("pts_time") is not None]
    if not packets:
        raise Mp4Error(f"{path}: no video packets")
    keys = sorted(float(p["pts_time"]) for p in packets if "K" in p.get("flags", ""))
    end = max(float(p["pts_time"]) + float(p.get("duration_time") or 0) for p in packets)
    return keys, end


def keyframe_gaps(path: Path) -> list[float]:
    """Seconds from each keyframe to the next (the last one: to the end of the video)."""
    keys, end = keyframe_times(path)
    return [b - a for a, b in zip(keys, keys[1:] + [end])]


def video_stream(path: Path) -> dict:
    """The first video stream as ffprobe reports it (codec_name, profile, level, pix_fmt, ...)."""
    out = _run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams", "-of",
                "json", str(path)], f"reading the video stream of {path}")
    streams = json.loads(out).get("streams", [])
    if not streams:
        raise Mp4Error(f"{path}: no video stream")
    return streams[0]


def check_web_ready(path: Path) -> list[str]:
    """What keeps ``path`` from playing at once everywhere (empty: nothing)."""
    problems = []
    if not moov_first(path):
        problems.append("moov after mdat (not +faststart)")
    stream = video_stream(path)
    if stream.get("codec_name") != "h264":
        problems.append(f"codec {stream.get('codec_name')} (expected h264)")
    if stream.get("profile") not in PLAYABLE_PROFILES:
        problems.append(f"H.264 profile {stream.get('profile')} (expected one of "
                        f"{', '.join(PLAYABLE_PROFILES)})")
    if stream.get("pix_fmt") not in PLAYABLE_PIXEL_FORMATS:
        problems.append(f"pixel format {stream.get('pix_fmt')} (expected yuv420p)")
    return problems
