"""Render every topic scene x language x theme in parallel and collect the outputs.

``python -m scenes render`` (what ``make videos`` runs). Each job is one independent
``manim render`` process started from the repo root with TVIZ_LANG / TVIZ_THEME set and its
own media dir (media/<lang>-<theme>), so parallel jobs never share partial-movie folders.
Outputs are collected into videos/<lang>-<theme>/:

    <Scene>.mp4  <Scene>.srt  <Scene>.vtt  <Scene>.png (thumbnail)
    sections/<Scene>.json  sections/<Scene>_0000_<section>.mp4 ...

(every MP4 remuxed with its moov first, scenes/tools/mp4.py), then the decks and the whole
lecture of each folder rendered (<Scene>.pptx, Lecture.pptx, Lecture.mp4 .srt .vtt:
scenes/tools/classroom.py), then each rendered video's numbers file and handout
(<Scene>.numbers.json, <Scene>.pdf: scenes/tools/handout.py, a few processes at a time), and
then videos/index.html, the offline lecture player (scenes/tools/player.py), is rewritten from
everything in videos/.

Scenes are discovered by scenes.tools.common (parsed, not imported).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from scenes.tools import classroom, handout, player
from scenes.tools import mp4 as mp4tools
from scenes.tools.common import (
    BASE_SCENE,
    LANGS,
    QUALITY_DIRS,
    REPO_ROOT,
    THEMES,
    SceneSpec,
    discover,
    video_duration,
)

THUMB_WIDTH = 480


@dataclass
class Job:
    scene: SceneSpec
    lang: str
    theme: str
    quality: str
    status: str = "waiting"  # waiting | running | done | failed
    start: float | None = None
    end: float | None = None
    returncode: int | None = None
    note: str = ""
    proc: subprocess.Popen | None = field(default=None, repr=False)
    log_file: TextIO | None = field(default=None, repr=False)

    @property
    def variant(self) -> str:
        return f"{self.lang}-{self.theme}"

    @property
    def name(self) -> str:
        return f"{self.variant}-{self.scene.cls}"

    @property
    def media_dir(self) -> str:
        return f"media/{self.variant}"

    def env(self) -> dict[str, str]:
        return {"TVIZ_LANG": self.lang, "TVIZ_THEME": self.theme}

    def argv(self, python: str = sys.executable) -> list[str]:
        return [
            python,
            "-m",
            "manim",
            "render",
            f"-q{self.quality}",
            "--save_sections",
            "--media_dir",
            self.media_dir,
            self.scene.path,
            self.scene.cls,
        ]

    def elapsed(self, now: float | None = None) -> float:
        if self.start is None:
            return 0.0
        return (self.end if self.end is not None else (now or time.monotonic())) - self.start


def make_jobs(
    scenes: list[SceneSpec], langs: list[str], themes: list[str], quality: str
) -> list[Job]:
    return [Job(s, lang, theme, quality) for s in scenes for lang in langs for theme in themes]


def _display_python() -> str:
    """sys.executable, relative to the repo root when it lives there (e.g. .venv/bin/python)."""
    exe = Path(sys.executable)
    try:
        return str(exe.relative_to(REPO_ROOT))
    except ValueError:
        return str(exe)


# settings of the environment that a job's command line carries along (a machine that runs a
# line of the plan has not got this shell's environment)
CARRIED = ("TVIZ_STEPS", "TVIZ_SENTENCE", "TVIZ_REUSE")


def plan_lines(jobs: list[Job]) -> list[str]:
    """One shell command line per job, run from the repo root; with the TVIZ_ settings of
    CARRIED that are set here."""
    python = _display_python()
    carried = {k: os.environ[k] for k in CARRIED if k in os.environ}
    lines = []
    for job in jobs:
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**carried, **job.env()}.items())
        lines.append(f"{env} {shlex.join(job.argv(python))}")
    return lines


# ---------------------------------------------------------------- subtitles, thumbnails

_SRT_TIME = re.compile(r"^\s*(\d+:\d{2}:\d{2}),(\d{3})\s*-->\s*(\d+:\d{2}:\d{2}),(\d{3})(.*)$")


def srt_to_vtt(srt: str) -> str:
    """Convert SubRip text to WebVTT: a WEBVTT header, and dots instead of commas in times."""
    text = srt.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for line in text.split("\n"):
        m = _SRT_TIME.match(line)
        if m:
            line = f"{m[1]}.{m[2]} --> {m[3]}.{m[4]}{m[5]}"
        out.append(line)
    body = "\n".join(out).strip("\n")
    return "WEBVTT\n\n" + body + "\n" if body else "WEBVTT\n"


def make_thumbnail(video: Path, png: Path, width: int = THUMB_WIDTH) -> None:
    """A frame from the middle of ``video``, scaled to ``width`` px wide, as PNG."""
    middle = video_duration(video) / 2
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-ss",
            f"{middle:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-vf",
            f"scale={width}:-2",
            str(png),
        ],
        check=True,
        capture_output=True,
    )


def collect(job: Job, root: Path = REPO_ROOT) -> Path:
    """Copy a finished job's outputs from its media dir into videos/<lang>-<theme>/."""
    scene = job.scene
    src = root / job.media_dir / "videos" / scene.module / QUALITY_DIRS[job.quality]
    dst = root / "videos" / job.variant
    dst_sections = dst / "sections"
    dst_sections.mkdir(parents=True, exist_ok=True)

    mp4 = src / f"{scene.cls}.mp4"
    if not mp4.is_file():
        raise FileNotFoundError(f"manim finished but {mp4} does not exist")
    mp4tools.copy_faststart(mp4, dst / mp4.name)  # web-ready: moov first (scenes/tools/mp4.py)

    srt = src / f"{scene.cls}.srt"
    if srt.is_file():
        shutil.copy2(srt, dst / srt.name)
        (dst / f"{scene.cls}.vtt").write_text(
            srt_to_vtt(srt.read_text(encoding="utf-8")), encoding="utf-8"
        )

    # sections: copy exactly the clips the fresh index lists (the media dir may hold stale
    # clips of renamed sections); drop this scene's old clips from the destination first
    own_clip = re.compile(rf"^{re.escape(scene.cls)}_\d{{4}}_.*\.mp4$")
    for old in dst_sections.iterdir():
        if own_clip.match(old.name):
            old.unlink()
    index = src / "sections" / f"{scene.cls}.json"
    if index.is_file():
        for entry in json.loads(index.read_text(encoding="utf-8")):
            clip = src / "sections" / entry["video"]
            mp4tools.copy_faststart(clip, dst_sections / Path(entry["video"]).name)
        shutil.copy2(index, dst_sections / index.name)

    make_thumbnail(dst / mp4.name, dst / f"{scene.cls}.png")
    return dst


# ---------------------------------------------------------------- progress display


class Progress:
    """Per-job status: a live table on a terminal, one line per event otherwise."""

    def __init__(self, jobs: list[Job], stream: TextIO | None = None, tty: bool | None = None):
        self.jobs = jobs
        self.stream = stream = sys.stdout if stream is None else stream
        self.tty = stream.isatty() if tty is None else tty
        self.drawn = 0
        self.width = max(len(j.name) for j in jobs) if jobs else 0

    def _row(self, job: Job, now: float) -> str:
        t = f"{job.elapsed(now):7.1f}s" if job.start is not None else " " * 8
        status = job.status if not job.note else f"{job.status} ({job.note})"
        return f"  {job.name:<{self.width}}  {t}  {status}"

    def event(self, job: Job) -> None:
        if self.tty:
            self.draw()
            return
        done = sum(j.status in ("done", "failed") for j in self.jobs)
        line = f"[{done}/{len(self.jobs)}] {job.name}: {job.status}"
        if job.status != "running":
            line += f" after {job.elapsed():.1f}s"
        if job.note:
            line += f" ({job.note})"
        print(line, file=self.stream, flush=True)

    def draw(self) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F")
        rows = [self._row(j, now) for j in self.jobs]
        for row in rows:
            self.stream.write("\x1b[2K" + row + "\n")
        self.stream.flush()
        self.drawn = len(rows)

    def message(self, text: str) -> None:
        """Print text (e.g. a failed job's log tail) outside the live table."""
        print(text, file=self.stream, flush=True)
        self.drawn = 0  # the table is redrawn below the text


def _tail(path: Path, n: int = 25) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def run_jobs(
    jobs: list[Job], n_parallel: int, root: Path = REPO_ROOT, stream: TextIO | None = None
) -> bool:
    """Run jobs, at most ``n_parallel`` at once; collect outputs; True if all succeeded."""
    log_dir = root / "media" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    progress = Progress(jobs, stream)
    waiting = list(jobs)
    running: list[Job] = []
    progress.draw()
    try:
        while waiting or running:
            while waiting and len(running) < n_parallel:
                job = waiting.pop(0)
                # stays open while the job runs; closed when it ends
                job.log_file = open(log_dir / f"{job.name}.log", "w", encoding="utf-8")  # noqa: SIM115
                job.start = time.monotonic()
                job.status = "running"
                job.proc = subprocess.Popen(
                    job.argv(),
                    cwd=root,
                    env={**os.environ, **job.env()},
                    stdout=job.log_file,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
                running.append(job)
                progress.event(job)
            time.sleep(0.25)
            for job in list(running):
                assert job.proc is not None and job.log_file is not None
                rc = job.proc.poll()
                if rc is None:
                    continue
                running.remove(job)
                job.returncode = rc
                ok = rc == 0
                if ok:
                    try:
                        collect(job, root)
                    # a failed collection fails the job
                    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
                        ok = False
                        print(f"collecting outputs failed: {exc}", file=job.log_file)
                        job.note = f"collect failed: {exc}"
                else:
                    job.note = f"exit {rc}"
                job.log_file.close()
                job.end = time.monotonic()
                job.status = "done" if ok else "failed"
                progress.event(job)
                if not ok:
                    log = log_dir / f"{job.name}.log"
                    progress.message(
                        f"--- {job.name} failed; last lines of {log.relative_to(root)}:\n"
                        f"{_tail(log)}\n---"
                    )
            progress.draw()
    except KeyboardInterrupt:
        for job in running:
            if job.proc is not None:
                job.proc.terminate()
        for job in running:
            if job.proc is not None:
                job.proc.wait()
        raise
    return all(j.status == "done" for j in jobs)


def collect_jobs(jobs: list[Job], root: Path | None = None) -> bool:
    """Collect the outputs that the jobs' commands (``--plan``) left in the media dirs, one
    progress line per job; True if all were there."""
    root = REPO_ROOT if root is None else root
    for n, job in enumerate(jobs, start=1):
        video = (root / job.media_dir / "videos" / job.scene.module /
                 QUALITY_DIRS[job.quality] / f"{job.scene.cls}.mp4")
        try:
            if not video.is_file():
                raise FileNotFoundError(f"not rendered: no {video} (run its line of --plan, "
                                        "with the same --quality)")
            collect(job, root)
            job.status = "done"
        except (OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
            job.status, job.note = "failed", str(exc)
        note = f" ({job.note})" if job.note else ""
        print(f"[{n}/{len(jobs)}] collect {job.name}: {job.status}{note}", flush=True)
    return all(j.status == "done" for j in jobs)


def summary(jobs: list[Job], root: Path = REPO_ROOT) -> str:
    width = max([len(j.name) for j in jobs] + [3])
    lines = [f"{'job':<{width}}  {'status':<6}  {'time':>8}  output / log"]
    for j in jobs:
        where = (
            f"videos/{j.variant}/{j.scene.cls}.mp4"
            if j.status == "done"
            else f"media/logs/{j.name}.log"
        )
        lines.append(f"{j.name:<{width}}  {j.status:<6}  {j.elapsed():7.1f}s  {where}")
    failed = sum(j.status != "done" for j in jobs)
    lines.append(f"{len(jobs) - failed} done, {failed} failed")
    return "\n".join(lines)


# ---------------------------------------------------------------- command line


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenes",
        default="",
        help="comma-separated scene classes or module names (default: all discovered)",
    )
    parser.add_argument(
        "--langs", default=",".join(LANGS), help=f"comma-separated, of {', '.join(LANGS)}"
    )
    parser.add_argument("--themes", default="dark", help=f"comma-separated, of {', '.join(THEMES)}")
    parser.add_argument(
        "--quality",
        default="h",
        choices=list(QUALITY_DIRS),
        help="manim quality: l 480p15, m 720p30, h 1080p60, k 2160p60 (default h)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel manim processes (default: number of cores)",
    )
    parser.add_argument(
        "--plan", action="store_true",
        help="print the command lines and exit: one per section, then one per scene joining "
        "its sections (with --whole: one manim command per scene)",
    )
    parser.add_argument(
        "--collect", action="store_true",
        help="render nothing: collect what the --plan lines rendered into media/ (the same "
        "selection), then write the decks, the lecture and the player",
    )
    # sections as the unit of rendering (scenes/tools/sections.py); --whole: the path before
    parser.add_argument(
        "--whole", action="store_true",
        help="render each scene in one manim process, as before sections were jobs of their "
        "own (no section is kept between runs)",
    )


def _pick(parser, option: str, given: list[str], accepted: tuple[str, ...], what: str) -> list[str]:
    if not given:
        parser.error(f"{option} is empty (accepted {what}: {', '.join(accepted)})")
    for value in given:
        if value not in accepted:
            parser.error(f"unknown {what} '{value}' in {option} (accepted: {', '.join(accepted)})")
    return list(dict.fromkeys(given))


def select_scenes(parser, requested: list[str], available: list[SceneSpec]) -> list[SceneSpec]:
    if not available:
        parser.error(f"no scenes found: no class based on {BASE_SCENE} in scenes/*.py")
    if not requested:
        return available
    chosen: list[SceneSpec] = []
    for name in requested:
        matches = [s for s in available if name in (s.cls, s.module)]
        if not matches:
            accepted = ", ".join(s.cls for s in available)
            parser.error(f"unknown scene '{name}' in --scenes (accepted: {accepted})")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    langs = _pick(parser, "--langs", _split(args.langs), LANGS, "language")
    themes = _pick(parser, "--themes", _split(args.themes), THEMES, "theme")
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    scenes = select_scenes(parser, _split(args.scenes), discover())
    jobs = make_jobs(scenes, langs, themes, args.quality)

    from scenes.tools import sections

    try:
        if args.plan:
            print("\n".join(plan_lines(jobs) if args.whole else sections.plan_lines(jobs, REPO_ROOT)))
            return 0
        started = time.monotonic()
        if args.collect:
            ok = collect_jobs(jobs) if args.whole else sections.collect_jobs(jobs, REPO_ROOT)
        else:
            from scenes.tools import doctor

            doctor.require()
            n = min(args.jobs, len(jobs))
            if args.whole:
                print(f"Rendering {len(jobs)} job(s), {n} at a time, quality -q{args.quality}")
                ok = run_jobs(jobs, n)
            else:
                print(f"Rendering {len(jobs)} scene(s) section by section on {args.jobs} "
                      f"worker(s), quality -q{args.quality}")
                ok, rest = sections.run(jobs, args.jobs, REPO_ROOT)
                if rest:  # scenes without steps: one manim process each
                    ok = run_jobs(rest, min(args.jobs, len(rest))) and ok
    except sections.SectionError as e:
        parser.error(str(e))
    if not args.collect:
        print()
        print(summary(jobs))
        print(f"total {time.monotonic() - started:.1f}s; videos in {REPO_ROOT / 'videos'}")
    # the decks and the whole lecture of the folders just rendered (scenes/tools/classroom.py)
    done = sorted({j.variant for j in jobs if j.status == "done"})
    if done:
        ok = classroom.make(REPO_ROOT / "videos", only=done) and ok
    # the numbers file and the handout of every rendered video (scenes/tools/handout.py)
    rendered = [(j.variant, j.scene) for j in jobs if j.status == "done"]
    ok = handout.after_render(rendered, args.jobs, REPO_ROOT / "videos") and ok
    try:
        index = player.write_index(REPO_ROOT / "videos")
    except (OSError, ValueError) as exc:
        print(f"writing the lecture player failed: {exc}", file=sys.stderr)
        return 1
    print(f"lecture player: {index} (open {index.as_uri()})")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scenes render",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
