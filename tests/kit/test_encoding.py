"""kit.encoding: encoding a held picture once shows the same pictures at the same times as
Manim's frame-by-frame encoding, in fewer stored frames."""

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
    """Write ``plan`` = [(frame, repeat), ...] with the currently installed encoder; returns
    (stored frames, the picture shown at each frame time 0, 1, 2, ... (1 / fps), duration s)."""
    enc = VideoSegmentEncoder(target=path, spec=spec())
    for frame, repeat in plan:
        enc.write_frame(frame, repeat=repeat)
    enc.finish()
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        frames = [(f.pts * stream.time_base, f.to_ndarray(format="rgb24"))
                  for f in c.decode(stream)]
        duration = c.duration / 1e6
    fps = spec().frame_rate
    shown = []
    for k in range(round(duration * fps)):  # the latest stored picture at each frame time
        t = Fraction(k) / fps
        shown.append(next(p for start, p in reversed(frames) if start <= t))
    return len(frames), shown, duration


def error(picture, source) -> float:
    """Mean |decoded - source| over pixels and the three colour channels."""
    return float(np.abs(picture.astype(int) - source[..., :3].astype(int)).mean())


@pytest.fixture
def original_then_installed():
    encoding.uninstall()
    yield
    encoding.install()


def test_same_pictures_at_the_same_times_as_manims_own_encoder(tmp_path,
                                                               original_then_installed):
    a, b = frames()
    plan = [(a, 3), (b, 1), (a, 2)]
    n_theirs, theirs, d_theirs = encode(tmp_path / "theirs.mp4", plan)
    assert encoding.install() and encoding.installed()
    n_ours, ours, d_ours = encode(tmp_path / "ours.mp4", plan)
    assert (n_theirs, n_ours) == (6, 5)  # a held picture is stored at its start and end
    assert d_ours == d_theirs == pytest.approx(6 / 15)
    assert len(ours) == len(theirs) == 6
    sources = [a, a, a, b, a, a]
    for mine, manims, src in zip(ours, theirs, sources, strict=True):  # x264 is lossy: both
        err_ours, err_theirs = error(mine, src), error(manims, src)  # within its coding noise
        assert err_ours < 2.5 and err_ours < err_theirs + 0.25, (err_ours, err_theirs)
    # and the video shows what was written: the box appears at frame 3 only
    box = [int(np.abs(f.astype(int) - ours[0].astype(int)).max() > 60) for f in ours]
    assert box == [0, 0, 0, 1, 0, 0]


def test_a_held_last_picture_keeps_its_duration(tmp_path):
    """The last stored picture of a segment lasts to its end (a wait at the end of a clip)."""
    assert encoding.installed()
    a, b = frames()
    n, shown, duration = encode(tmp_path / "tail.mp4", [(a, 1), (b, 45)])
    # 46 frames (3 s) at 15 fps: b stored at its start, again as a keyframe 2 s (30 frames)
    # into the segment, and as its last frame
    assert n == 4 and duration == pytest.approx(46 / 15) and len(shown) == 46
    assert error(shown[0], a) < 2.5 and all(error(f, b) < 2.5 for f in shown[1:])


def keyframes(path) -> tuple[list[float], float]:
    """The keyframes' times and the end of the video (s)."""
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        packets = [p for p in c.demux(stream) if p.pts is not None]
        keys = [float(p.pts * stream.time_base) for p in packets if p.is_keyframe]
        end = max(float((p.pts + p.duration) * stream.time_base) for p in packets)
    return keys, end


def test_keyframes_are_at_most_keyframe_seconds_apart(tmp_path):
    """x264's GOP counts stored frames, and a held picture is one stored frame: a hold of 7 s
    and an animation of 4 s get a keyframe every 2 s all the same; the pictures are unchanged."""
    assert encoding.installed() and encoding.KEYFRAME_SECONDS == 2.0
    a, b = frames()
    animation = [(a if k % 2 else b, 1) for k in range(60)]  # 4 s of changing pictures
    plan = [(a, 1), (b, 105), *animation, (a, 20)]
    n, shown, duration = encode(tmp_path / "keys.mp4", plan)
    total = 1 + 105 + 60 + 20
    assert duration == pytest.approx(total / 15) and len(shown) == total
    sources = [a] + [b] * 105 + [f for f, _ in animation] + [a] * 20
    assert all(error(got, src) < 2.5 for got, src in zip(shown, sources, strict=True))
    keys, end = keyframes(tmp_path / "keys.mp4")
    gaps = [y - x for x, y in zip(keys, keys[1:] + [end])]
    assert keys[0] == 0 and max(gaps) <= encoding.KEYFRAME_SECONDS + 1e-9, gaps
    # the 7-s hold is stored 4 times (at its start, then where 2 s have passed since the last
    # keyframe) and once as its last frame, not 105 times; the last hold (20 frames, starting
    # 16 frames after a keyframe) is cut where 2 s have passed, and has its last frame
    assert n == 1 + 5 + 60 + 3


@pytest.mark.parametrize("repeat, since_key, every, lengths", [
    (1, 0, 30, [(1, False)]),
    (1, 30, 30, [(1, True)]),  # a frame 2 s after the last keyframe is one
    (2, 0, 30, [(1, False), (1, False)]),  # held: its start and its last frame
    (114, 0, 30, [(30, False), (30, True), (30, True), (23, True), (1, False)]),
    (114, 20, 30, [(10, False), (30, True), (30, True), (30, True), (13, True), (1, False)]),
    (5, 29, 30, [(1, False), (3, True), (1, False)]),
])
def test_stored_lengths(repeat, since_key, every, lengths):
    got = encoding.stored_lengths(repeat, since_key, every)
    assert got == lengths and sum(n for n, _ in got) == repeat


def test_cached_segments_name_the_encoder():
    """Segments written by Manim's own encoder (or an older version of this one) have other
    cache keys, so Manim does not mix them into a video made by this one."""
    from manim.renderer import cairo_renderer

    assert encoding.installed()
    ours = cairo_renderer.video_encoder_fingerprint(spec())
    encoding.uninstall()
    try:
        theirs = cairo_renderer.video_encoder_fingerprint(spec())
    finally:
        encoding.install()
    assert ours != theirs and ours.endswith(encoding.ENCODER_ID) and ours.startswith(theirs)


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

    assert encoding.installed()


def test_a_gif_gets_every_frame(tmp_path, monkeypatch):
    """Manim makes a GIF by decoding the segments frame by frame: held pictures are stored
    once per frame for it."""
    from manim import config

    monkeypatch.setitem(config._d, "format", "gif")
    a, b = frames()
    n, shown, duration = encode(tmp_path / "gif.mp4", [(a, 1), (b, 5)])
    assert n == 6 and len(shown) == 6 and duration == pytest.approx(6 / 15)
