"""The whole lecture as one video: ``videos/<lang>-<theme>/Lecture.mp4`` (+ .srt, .vtt).

Every scene of the folder, in lecture order (scenes.tools.common.LECTURE_ORDER, as discovered),
joined without encoding a picture again: ffmpeg's concat demuxer copies the scenes' H.264
packets one after another (all scenes of a folder are rendered with the same encoder settings
and frame size; a folder that mixes qualities is refused with the sizes it holds). Into the
same MP4 go

* one chapter per scene, titled in the folder's language (``<topic>.title`` of the string
  catalogue, as the player titles it), and the lecture's title (the player's heading);
* soft subtitles (mov_text), one track per language: the folder's own, from the scenes' .srt
  with each cue moved by the scene's start, and the other language's where that language was
  rendered with the same theme (``en-dark`` for ``zh-dark``). The other language's video has
  other timings (its subtitles stay up for its own reading times), so its cues are moved onto
  this video section by section: a section starts and ends at the same place in both, and a
  cue inside it keeps its place relative to the section (its own times, when both languages
  have the same number of cues there). Each track carries its ISO 639-2 language tag; the
  folder's own is the default.

``Lecture.srt`` and ``Lecture.vtt`` beside it hold the folder's own track. The driver
(``python -m scenes render``) writes them after the renders; ``python -m scenes classroom``
writes them again from what videos/ holds.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scenes.tools import mp4 as mp4tools
from scenes.tools import player
from scenes.tools.common import LANGS, LECTURE, SceneSpec, discover

ISO_639_2 = {"zh": "chi", "en": "eng"}  # the language tags of the subtitle tracks
# what must be equal in every scene for their packets to be joined as they are
JOIN_KEYS = ("codec_name", "profile", "level", "width", "height", "pix_fmt", "time_base")

Cue = tuple[float, float, str]


class LectureError(ValueError):
    """Scenes that cannot be joined into one lecture."""


@dataclass(frozen=True)
class Part:
    """One scene of the lecture."""

    spec: SceneSpec
    title: str
    video: Path
    duration: float  # seconds: where its video ends (its last frame's end)
    sections: tuple[tuple[str, float], ...]  # (name, duration) of each section, in order
    cues: tuple[Cue, ...]  # its subtitles in its own time


def _sections(folder: Path, cls: str) -> tuple[tuple[str, float], ...]:
    index = folder / "sections" / f"{cls}.json"
    if not index.is_file():
        return ()
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
        return tuple((str(e["name"]), float(e["duration"])) for e in entries)
    except (ValueError, KeyError, TypeError) as exc:
        raise LectureError(f"{index}: not a section index ({exc})") from None


def _cues(folder: Path, cls: str) -> tuple[Cue, ...]:
    srt = folder / f"{cls}.srt"
    if not srt.is_file():
        return ()
    return tuple(player.parse_subtitles(srt.read_text(encoding="utf-8")))


def folder_language(folder: Path) -> str:
    lang = Path(folder).name.partition("-")[0]
    return lang if lang in LANGS else "en"


def parts(folder: Path, specs: list[SceneSpec] | None = None,
          strings: dict | None = None) -> list[Part]:
    """The scenes of ``folder`` that have a video, in lecture order (``specs``, default: the
    discovered scenes; a video of a scene no longer in the source is left out)."""
    folder = Path(folder)
    specs = discover() if specs is None else specs
    strings = player.catalogue() if strings is None else strings
    lang = folder_language(folder)
    found = []
    for spec in specs:
        video = folder / f"{spec.cls}.mp4"
        if not video.is_file():
            continue
        _, end = mp4tools.keyframe_times(video)
        found.append(Part(spec, player.scene_title(spec.cls, spec.topic, lang, strings), video,
                          end, _sections(folder, spec.cls), _cues(folder, spec.cls)))
    return found


def _parameter_sets(video: Path) -> str:
    """The H.264 sequence and picture parameter sets of the MP4's sample entry (avcC), hex."""
    import av  # PyAV, which Manim brings

    with av.open(str(video)) as container:
        return (container.streams.video[0].codec_context.extradata or b"").hex()


def check_joinable(found: list[Part]) -> None:
    """Refuse scenes whose streams differ in what a joined stream must share."""
    if not found:
        raise LectureError("no scene videos to join")
    first = None
    for part in found:
        stream = mp4tools.video_stream(part.video)
        key = {k: stream.get(k) for k in JOIN_KEYS}
        key["parameter sets"] = _parameter_sets(part.video)
        if first is None:
            first = (part, key)
            continue
        if key != first[1]:
            diff = ", ".join(f"{k} {first[1][k]} vs {key[k]}" if k in JOIN_KEYS else
                             f"{k} differ" for k in key if key[k] != first[1][k])
            raise LectureError(
                f"{first[0].video.name} and {part.video.name} in {part.video.parent} cannot be "
                f"joined without encoding again ({diff}): render every scene of the folder at "
                f"one quality (python -m scenes render --quality ...)")


def starts(found: list[Part]) -> list[float]:
    """Where each scene starts in the lecture (s)."""
    out, t = [], 0.0
    for part in found:
        out.append(t)
        t += part.duration
    return out


def lecture_cues(found: list[Part]) -> list[Cue]:
    """Every scene's cues, moved by the scene's start."""
    return [(a + t0, b + t0, text) for part, t0 in zip(found, starts(found), strict=True)
            for a, b, text in part.cues]


def section_bounds(sections: tuple[tuple[str, float], ...]) -> list[tuple[float, float]]:
    """(start, end) of each section (s), the sections played back to back."""
    out, t = [], 0.0
    for _, d in sections:
        out.append((t, t + d))
        t += d
    return out


def section_of(t: float, bounds: list[tuple[float, float]]) -> int:
    """The section a time falls in (past the end: the last one)."""
    return max([0] + [k for k, (a, _) in enumerate(bounds) if a <= t])


def section_of_cue(cue: Cue, bounds: list[tuple[float, float]]) -> int:
    """The section a cue belongs to: the one it overlaps most (a cue's times are rounded to
    milliseconds, the sections' are not: a cue of a section may start a little before it)."""
    overlaps = [min(cue[1], b) - max(cue[0], a) for a, b in bounds]
    best = max(range(len(bounds)), key=lambda k: overlaps[k]) if bounds else 0
    return best if bounds and overlaps[best] > 0 else section_of(cue[0], bounds)


def retime(cues: tuple[Cue, ...], theirs: tuple[tuple[str, float], ...],
           ours: tuple[tuple[str, float], ...], our_cues: tuple[Cue, ...] = ()) -> list[Cue]:
    """The cues of another rendering of a scene (its sections ``theirs``) moved onto this one
    (sections ``ours``, by the same names): each section's start and end onto ours and the
    times between them linearly, or, in a section with as many of our own cues (``our_cues``)
    as theirs, onto our cues' times. Sections that differ by name: no cues."""
    if [n for n, _ in theirs] != [n for n, _ in ours] or not ours:
        return []
    a_bounds, b_bounds = section_bounds(theirs), section_bounds(ours)

    def warp(t: float) -> float:
        k = section_of(t, a_bounds)
        (a0, a1), (b0, b1) = a_bounds[k], b_bounds[k]
        if t >= a1:  # past the end of the last section
            return b1 + (t - a1)
        return b0 + (t - a0) * ((b1 - b0) / (a1 - a0))

    mine: list[list[Cue]] = [[] for _ in a_bounds]
    for cue in cues:
        mine[section_of_cue(cue, a_bounds)].append(cue)
    here: list[list[Cue]] = [[] for _ in b_bounds]
    for cue in our_cues:
        here[section_of_cue(cue, b_bounds)].append(cue)
    out: list[Cue] = []
    for theirs_here, ours_here in zip(mine, here, strict=True):
        if theirs_here and len(theirs_here) == len(ours_here):
            out.extend((o[0], o[1], t[2]) for t, o in zip(theirs_here, ours_here, strict=True))
        else:
            out.extend((warp(a), warp(b), text) for a, b, text in theirs_here)
    return [c for c in out if c[1] > c[0]]


def other_tracks(folder: Path, found: list[Part], specs: list[SceneSpec] | None = None,
                 strings: dict | None = None) -> dict[str, list[Cue]]:
    """The other languages' subtitles on this folder's lecture, for every language rendered
    with the same theme beside it (folder ``<lang>-<theme>``)."""
    folder = Path(folder)
    lang, _, theme = folder.name.partition("-")
    tracks: dict[str, list[Cue]] = {}
    for other in LANGS:
        sibling = folder.with_name(f"{other}-{theme}")
        if other == lang or not sibling.is_dir():
            continue
        cues: list[Cue] = []
        for part, t0 in zip(found, starts(found), strict=True):
            cls = part.spec.cls
            if not (sibling / f"{cls}.mp4").is_file():
                continue
            moved = retime(_cues(sibling, cls), _sections(sibling, cls), part.sections,
                           part.cues)
            cues.extend((a + t0, b + t0, text) for a, b, text in moved)
        if cues:
            tracks[other] = cues
    return tracks


# ---------------------------------------------------------------- writing


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def compose_srt(cues: list[Cue]) -> str:
    blocks = [f"{n}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{text}"
              for n, (a, b, text) in enumerate(cues, start=1)]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def compose_vtt(cues: list[Cue]) -> str:
    blocks = [f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n" if blocks else "WEBVTT\n"


def _meta_escape(text: str) -> str:
    """A value of an ffmetadata file: ``= ; # \\`` and line ends escaped with a backslash."""
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


def ffmetadata(title: str, found: list[Part]) -> str:
    """The lecture's title and one chapter per scene, as an ffmetadata file (milliseconds)."""
    lines = [";FFMETADATA1", f"title={_meta_escape(title)}"]
    for part, t0 in zip(found, starts(found), strict=True):
        lines += ["", "[CHAPTER]", "TIMEBASE=1/1000", f"START={round(t0 * 1000)}",
                  f"END={round((t0 + part.duration) * 1000)}", f"title={_meta_escape(part.title)}"]
    return "\n".join(lines) + "\n"


def concat_list(found: list[Part]) -> str:
    """The concat demuxer's input: each scene's file and its duration (which places the next)."""
    def quoted(path: Path) -> str:
        return "'" + str(path.resolve()).replace("'", "'\\''") + "'"

    return "".join(f"file {quoted(p.video)}\nduration {p.duration:.6f}\n" for p in found)


def build(folder: Path, specs: list[SceneSpec] | None = None,
          strings: dict | None = None) -> Path:
    """Write ``folder``/Lecture.mp4, .srt and .vtt from the scenes the folder holds; return the
    MP4's path."""
    folder = Path(folder)
    strings = player.catalogue() if strings is None else strings
    found = parts(folder, specs, strings)
    check_joinable(found)
    lang = folder_language(folder)
    title = player.ui_text()["heading"][lang]
    own = lecture_cues(found)
    tracks = {lang: own, **other_tracks(folder, found, specs, strings)}
    (folder / f"{LECTURE}.srt").write_text(compose_srt(own), encoding="utf-8")
    (folder / f"{LECTURE}.vtt").write_text(compose_vtt(own), encoding="utf-8")

    out = folder / f"{LECTURE}.mp4"
    tmp = folder / f".{LECTURE}.tmp.mp4"
    with tempfile.TemporaryDirectory(prefix="tviz-lecture-") as work:
        work = Path(work)
        (work / "list.txt").write_text(concat_list(found), encoding="utf-8")
        (work / "meta.txt").write_text(ffmetadata(title, found), encoding="utf-8")
        # auto_convert 0: the packets as they are (no parameter sets copied into them; every
        # scene has the same ones, check_joinable made sure)
        argv = ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-auto_convert",
                "0", "-i", str(work / "list.txt"), "-i", str(work / "meta.txt")]
        subs = [(code, cues) for code, cues in tracks.items() if cues]
        for code, cues in subs:
            path = work / f"{code}.srt"
            path.write_text(compose_srt(cues), encoding="utf-8")
            argv += ["-f", "srt", "-i", str(path)]
        argv += ["-map", "0:v:0"]
        for n in range(len(subs)):
            argv += ["-map", f"{n + 2}:0"]
        argv += ["-map_metadata", "1", "-map_chapters", "1", "-c:v", "copy", "-c:s", "mov_text"]
        for n, (code, _) in enumerate(subs):
            name = player.ui_text()["langName"][code]
            argv += [f"-metadata:s:s:{n}", f"language={ISO_639_2[code]}",
                     f"-metadata:s:s:{n}", f"title={name}",
                     f"-metadata:s:s:{n}", f"handler_name={name}",
                     f"-disposition:s:{n}", "default" if code == lang else "0"]
        argv += ["-movflags", "+faststart", str(tmp)]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise LectureError(f"joining {len(found)} scene(s) into {out} failed: "
                                   f"{done.stderr.strip()[-800:]}")
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
    return out
