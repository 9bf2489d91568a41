"""scenes.tools.mp4: the top-level boxes of an MP4, the +faststart remux the driver collects
through, and what makes a video play at once everywhere (profile, pixel format, keyframes)."""

from __future__ import annotations

import os
import struct
import subprocess

import pytest

from scenes.kit import encoding
from scenes.tools import mp4
from tests.tools import clips


def box(kind: bytes, payload: bytes = b"", large: bool = False) -> bytes:
    if large:
        return struct.pack(">I4sQ", 1, kind, 16 + len(payload)) + payload
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def test_boxes_read_32_and_64_bit_sizes_and_a_box_to_the_end(tmp_path):
    f = tmp_path / "a.mp4"
    f.write_bytes(box(b"ftyp", b"isom0000") + box(b"moov", b"x" * 5) +
                  box(b"mdat", b"y" * 20, large=True) + struct.pack(">I4s", 0, b"free") + b"zz")
    assert mp4.boxes(f) == [("ftyp", 0, 16), ("moov", 16, 13), ("mdat", 29, 36),
                            ("free", 65, 10)]
    assert mp4.moov_first(f)


@pytest.mark.parametrize("data, message", [
    (box(b"ftyp") + b"\x00\x00", "cut off at byte 8"),
    (box(b"ftyp") + struct.pack(">I4s", 99, b"mdat"), "'mdat' at byte 8 has size 99"),
    (box(b"ftyp") + box(b"mdat"), r"lack moov or mdat"),
])
def test_a_broken_file_is_named(tmp_path, data, message):
    f = tmp_path / "broken.mp4"
    f.write_bytes(data)
    with pytest.raises(mp4.Mp4Error, match=message):
        mp4.moov_first(f)


def test_copy_faststart_moves_moov_first_and_keeps_packets_and_times(tmp_path):
    src = tmp_path / "manim.mp4"  # as ffmpeg (and Manim, through PyAV) writes it: moov last
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=s=64x36:d=2:r=15",
                    "-pix_fmt", "yuv420p", "-metadata", "comment=kept", str(src)], check=True)
    os.utime(src, (1_000_000, 1_000_000))
    kinds = [k for k, _, _ in mp4.boxes(src)]
    assert kinds.index("mdat") < kinds.index("moov")
    dst = mp4.copy_faststart(src, tmp_path / "out" / "web.mp4")
    assert mp4.moov_first(dst) and sorted(kinds) == sorted(k for k, _, _ in mp4.boxes(dst))
    assert mp4.keyframe_times(dst) == mp4.keyframe_times(src)
    assert dst.stat().st_mtime == 1_000_000  # as a copy: a kept render stays old
    tags = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags=comment",
                           "-of", "csv=p=0", str(dst)], capture_output=True, text=True,
                          check=True).stdout
    assert tags.strip() == "kept"
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left


def test_copy_faststart_names_a_file_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(mp4.Mp4Error, match="making out.mp4 web-ready: ffmpeg exited"):
        mp4.copy_faststart(bad, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()


def test_the_kit_encoders_videos_are_web_ready_after_the_remux(tmp_path):
    """H.264 in yuv420p of a profile every player decodes, keyframes at most 2 s apart over
    long held pictures, and moov first once collected."""
    folder = tmp_path / "zh-dark"
    video = clips.scene(folder, "Alpha", 0, [80, 3, 45])  # holds of 5.3 s and 3 s
    assert mp4.check_web_ready(video) == ["moov after mdat (not +faststart)"]
    web = mp4.copy_faststart(video, tmp_path / "web.mp4")
    assert mp4.check_web_ready(web) == []
    stream = mp4.video_stream(web)
    assert (stream["codec_name"], stream["pix_fmt"]) == ("h264", "yuv420p")
    assert stream["profile"] in mp4.PLAYABLE_PROFILES
    gaps = mp4.keyframe_gaps(web)
    assert max(gaps) <= encoding.KEYFRAME_SECONDS + 1e-6, gaps
    _, end = mp4.keyframe_times(web)
    assert end == pytest.approx((3 * clips.SLIDE + 80 + 3 + 45) / clips.FPS)
