"""kit.encoding: converting a frame once gives the same video as Manim's per-frame conversion."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes.kit import encoding

W, H = 64, 48


def spec():
    return VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p",
                            width=W, height=H, frame_rate=Fraction(15),
                            options=(("preset", "ultrafast"), ("crf", "23")))


def frames():
    """Two different RGBA pictures: a gradient and a box."""
    y, x = np.mgrid[0:H, 0:W]
    a = np.zeros((H, W, 4), np.uint8)
    a[..., 0], a[..., 1], a[..., 3] = x * 4, y * 5, 255
    b = a.copy()
    b[10:30, 20:50, :3] = (240, 200, 20)
    return a, b


def encode(path, plan):
    """Write ``plan`` = [(frame, repeat), ...] with the currently installed write_frame."""
    enc = VideoSegmentEncoder(target=path, spec=spec())
    for frame, repeat in plan:
        enc.write_frame(frame, repeat=repeat)
    enc.finish()
    with av.open(str(path)) as c:
        decoded = [(f.pts, f.to_ndarray(format="rgb24")) for f in c.decode(video=0)]
    return decoded


@pytest.fixture
def original_then_installed():
    encoding.uninstall()
    yield
    encoding.install()


def test_same_pixels_and_timestamps_as_manims_own_encoder(tmp_path, original_then_installed):
    a, b = frames()
    plan = [(a, 3), (b, 1), (a, 2)]
    theirs = encode(tmp_path / "theirs.mp4", plan)
    assert encoding.install() and encoding.installed()
    ours = encode(tmp_path / "ours.mp4", plan)
    assert len(ours) == len(theirs) == 6
    assert [p for p, _ in ours] == [p for p, _ in theirs]
    assert sorted(p for p, _ in ours) == [p for p, _ in ours]  # consecutive, increasing
    for (_, mine), (_, manims) in zip(ours, theirs, strict=True):
        assert np.array_equal(mine, manims)
    # and the video shows what was written: the box appears in frame 3 only
    box = [int(np.abs(f.astype(int) - ours[0][1]).max() > 60) for _, f in ours]
    assert box == [0, 0, 0, 1, 0, 0]


def test_bad_frames_are_still_refused_with_manims_messages(tmp_path):
    assert encoding.installed()
    enc = VideoSegmentEncoder(target=tmp_path / "x.mp4", spec=spec())
    a, _ = frames()
    with pytest.raises(ValueError, match="repeat must be a positive integer"):
        enc.write_frame(a, repeat=0)
    with pytest.raises(ValueError, match="must have shape"):
        enc.write_frame(a[:10], repeat=1)
    enc.abort()


def test_the_lecture_kit_installs_it():
    import scenes.kit.base  # noqa: F401  (importing the kit is what installs it)

    assert VideoSegmentEncoder.write_frame is encoding.write_frame
