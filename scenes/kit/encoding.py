"""Faster video encoding for Manim 0.22: convert each picture once and encode it once.

Manim hands every frame to PyAV as RGBA and encodes a held picture (a ``wait``, a still
stretch) once per output frame: ``wait(3)`` at 60 fps converts the same picture to yuv420p and
runs x264 on it 180 times. Measured on this project's 2-core machine at 1920x1080 (``python -m
scenes bench --encoder``, see the README for the figures).

``install()`` replaces ``VideoSegmentEncoder.write_frame`` and ``finish`` with versions that

* wrap manim's own copy of the frame (``from_numpy_buffer``: Manim hands the array over and
  never touches it again) instead of copying it once more, convert it to yuv420p once, and
* encode a held picture twice, not ``repeat`` times: once lasting ``repeat - 1`` frames and
  once more as the stretch's last frame (so a clip still ends on a frame of its own, as
  ``ffmpeg -sseof`` and players expect). The picture is shown for exactly as long as before;
  the MP4 stores it twice (variable frame rate, like a screen recording).

Decoded, the video shows the same pictures at the same times; the segment's duration (and so
every later timestamp, section and subtitle) is unchanged. It checks that Manim's encoder still
has the attributes it relies on and leaves Manim untouched (with a warning) if not.

Keyframes by time, not by frame count: x264's GOP (``keyint``, 250 frames) counts stored
frames, and a held picture is one stored frame however long it lasts, so a GOP could span a
long hold. Every segment (one animation or wait) starts with a keyframe; besides, a stored
frame that starts ``KEYFRAME_SECONDS`` or more after its segment's last keyframe is made one,
and a picture held longer than that is stored again wherever that much time has passed (each
copy a keyframe): a seek that lands on the keyframe at or before its target (players' fast
seek, ``ffmpeg -ss`` without decoding) is at most that far off, and an exact seek decodes at
most that much video. While installed, ``ENCODER_ID`` is part of the cache key of every
partial movie file, so segments that another encoder wrote are not reused.
"""

from __future__ import annotations

import warnings
from contextlib import suppress
from fractions import Fraction

import av
from av.video.frame import PictureType
from av.video.reformatter import VideoReformatter
from manim import config

try:
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
except ImportError:  # another Manim layout: nothing to speed up
    VideoSegmentEncoder = None
try:  # where Manim names the encoder in the cache key of a partial movie file
    from manim.renderer import cairo_renderer
except ImportError:
    cairo_renderer = None

_NEEDED = ("_validate_frame", "_operation_error", "write_frame", "finish", "_stream",
           "_container", "_closed", "_next_pts")
KEYFRAME_SECONDS = 2.0  # at most this long between two keyframes of a segment
# part of every cached segment's key while installed: segments that Manim's own encoder (or an
# earlier version of this one) wrote are not reused; change it when the stored frames change
ENCODER_ID = f"scenes.kit.encoding: encode once, keyframes every {KEYFRAME_SECONDS}s"
_original = {name: getattr(VideoSegmentEncoder, name, None) for name in ("write_frame", "finish")}
_original_fingerprint = getattr(cairo_renderer, "video_encoder_fingerprint", None)


def fingerprint(spec) -> str:
    """Manim's cache identity of the encoder settings, and ENCODER_ID."""
    return f"{_original_fingerprint(spec)}+{ENCODER_ID}"


def _mux(self, packets) -> None:
    """Mux encoded packets, each lasting as many frames as its picture was held."""
    durations = self.__dict__.setdefault("_held", {})
    for packet in packets:
        if packet.pts in durations:  # packets come back in the codec's time base (1 / fps)
            packet.duration = durations.pop(packet.pts)
        self._container.mux(packet)


def keyframe_every(frame_rate: Fraction) -> int:
    """Frames (1 / fps) from one keyframe to the next at most: KEYFRAME_SECONDS, at least 1."""
    return max(1, int(KEYFRAME_SECONDS * frame_rate))


def stored_lengths(repeat: int, since_key: int, every: int) -> list[tuple[int, bool]]:
    """How a picture shown for ``repeat`` frames is stored, ``since_key`` frames after the
    segment's last keyframe: (frames each stored copy lasts, is it a forced keyframe), copies in
    order. Held: stored again wherever ``every`` frames have passed since the last keyframe
    (that copy a keyframe), and once more as its last frame; so keyframes are never more than
    ``every`` frames apart."""
    lengths = []
    rest = repeat - 1 if repeat > 1 else repeat
    while rest > 0:
        key = since_key >= every
        since_key = 0 if key else since_key
        length = min(rest, every - since_key)
        lengths.append((length, key))
        since_key += length
        rest -= length
    if repeat > 1:
        lengths.append((1, since_key >= every))
    return lengths


def write_frame(self, pixels, *, repeat: int = 1) -> None:
    """Encode ``pixels`` (RGBA), shown for ``repeat`` frames from the next PTS on: stored once
    for the first ``repeat - 1`` frames and once more as the last frame of the stretch."""
    self._validate_frame(pixels, repeat)
    try:
        frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
        # one converter per segment: its scaling context is made once, not once per frame
        reformatter = self.__dict__.get("_reformatter")
        if reformatter is None:
            reformatter = self.__dict__["_reformatter"] = VideoReformatter()
        frame = reformatter.reformat(frame, format=self.spec.pixel_format)
        frame.time_base = Fraction(self.spec.frame_rate.denominator,
                                   self.spec.frame_rate.numerator)
        held = self.__dict__.setdefault("_held", {})
        # a GIF is made by decoding the segments frame by frame, durations dropped: give it
        # every frame (and leave its keyframes to the GIF)
        every = keyframe_every(self.spec.frame_rate)
        last_key = self.__dict__.setdefault("_last_key", 0)  # a segment starts with one
        lengths = ([(1, False)] * repeat if config.format == "gif"
                   else stored_lengths(repeat, self._next_pts - last_key, every))
        for length, key in lengths:
            frame.pts = self._next_pts
            frame.pict_type = PictureType.I if key else PictureType.NONE
            if key:
                self._last_key = frame.pts
            held[frame.pts] = length
            self._next_pts += length
            # the encoder keeps its own reference to the frame's data and properties,
            # so the same frame object can be sent again with the next timestamp
            _mux(self, self._stream.encode(frame))
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def finish(self) -> None:
    """Flush the encoder (with the held durations) and close the segment."""
    if self._closed:
        return
    self._closed = True
    try:
        _mux(self, self._stream.encode())
    except BaseException as error:
        with suppress(av.FFmpegError, OSError):
            self._container.close()
        raise self._operation_error("finish", error) from error
    try:
        self._container.close()
    except BaseException as error:
        raise self._operation_error("finish", error) from error


def installed() -> bool:
    return (VideoSegmentEncoder is not None and VideoSegmentEncoder.write_frame is write_frame
            and VideoSegmentEncoder.finish is finish)


def install() -> bool:
    """Use the encode-once ``write_frame``; True when it is in place."""
    if VideoSegmentEncoder is None:
        return False
    probe = VideoSegmentEncoder.__init__.__code__.co_names
    missing = [a for a in _NEEDED if not hasattr(VideoSegmentEncoder, a) and a not in probe]
    if missing:
        warnings.warn(f"scenes.kit.encoding: Manim's VideoSegmentEncoder lacks {missing}; "
                      "frames are encoded the default (slower) way", stacklevel=2)
        return False
    VideoSegmentEncoder.write_frame = write_frame
    VideoSegmentEncoder.finish = finish
    if _original_fingerprint is not None:
        cairo_renderer.video_encoder_fingerprint = fingerprint
    return True


def uninstall() -> None:
    """Back to Manim's own encoder (used by the tests to compare the two)."""
    if VideoSegmentEncoder is not None:
        for name, original in _original.items():
            if original is not None:
                setattr(VideoSegmentEncoder, name, original)
    if _original_fingerprint is not None:
        cairo_renderer.video_encoder_fingerprint = _original_fingerprint
