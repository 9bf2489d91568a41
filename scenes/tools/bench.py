"""Benchmark: how long each scene takes to render, against how long its video lasts.

For every scene (zh, dark), one after another so that the jobs don't compete for the cores:

1. cold at 1080p60 (-qh): a fresh media dir and --disable_caching;
2. cold at 480p15 (-ql): the same;
3. warm at the warm quality (-qh unless --warm-quality says otherwise): render into a fresh media
   dir with the cache on (reported as "primed"), then once more with nothing changed.

It prints a table (video duration, wall time, real-time factor = wall / duration, peak memory,
warm/cold ratio) and writes bench/results.json. Targets on the project's 2-core machine:
real-time factor <= 1.0 cold at 1080p60, and a re-render with nothing changed <= 10% of cold.
The load average before each run is recorded: figures taken on a busy machine are not figures.

    python -m scenes bench                        # every scene (about 30-40 minutes)
    python -m scenes bench --scenes LoRA --qualities h
    python -m scenes bench --encoder              # only the frame-encoding micro-benchmark
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

from scenes.tools.common import QUALITY_DIRS, REPO_ROOT, SceneSpec, discover, text_table

RESULTS = REPO_ROOT / "bench" / "results.json"
TARGET_RTF = 1.0
TARGET_WARM = 0.10


@dataclass
class Run:
    quality: str
    cache: str  # "off", "primed" (cache on, empty) or "warm" (cache on, nothing changed)
    wall: float  # seconds
    peak_mb: float  # peak resident memory of the render process
    load_before: float  # 1-minute load average when it started
    duration: float = 0.0  # seconds of video produced
    walls: list[float] = field(default_factory=list)  # every repeat's wall time (cold runs)

    @property
    def rtf(self) -> float:
        return self.wall / self.duration if self.duration else float("nan")


@dataclass
class SceneBench:
    scene: str
    runs: list[Run] = field(default_factory=list)

    def get(self, quality: str, cache: str) -> Run | None:
        return next((r for r in self.runs if r.quality == quality and r.cache == cache), None)

    def warm_ratio(self, quality: str) -> float | None:
        cold, warm = self.get(quality, "off"), self.get(quality, "warm")
        return warm.wall / cold.wall if cold and warm else None


def render_command(spec: SceneSpec, quality: str, media_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "manim", "render", f"-q{quality}", "--progress_bar", "none",
            "--media_dir", str(media_dir), *extra, spec.path, spec.cls]


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Run ``cmd``; (wall seconds, peak RSS in MB) of that process, or raise with its output."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            tail = out.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    return wall, usage.ru_maxrss / 1024


def video_duration(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        return float(container.duration) / 1e6


def measure(spec: SceneSpec, quality: str, cache: str, media_dir: Path, env: dict) -> Run:
    extra = ("--disable_caching",) if cache == "off" else ()
    load = os.getloadavg()[0]
    wall, peak = timed(render_command(spec, quality, media_dir, *extra), env)
    mp4 = media_dir / "videos" / spec.module / QUALITY_DIRS[quality] / f"{spec.cls}.mp4"
    return Run(quality, cache, round(wall, 2), round(peak, 1), round(load, 2),
               round(video_duration(mp4), 2))


def _log(line: str) -> None:
    print(line, flush=True)


def bench_scene(spec: SceneSpec, qualities: list[str], warm_quality: str | None,
                work: Path, log=_log, repeat: int = 1) -> SceneBench:
    """Cold runs are made ``repeat`` times and the fastest kept (a shared machine only ever
    slows a run down); every wall time is recorded."""
    env = {**os.environ, "TVIZ_LANG": "zh", "TVIZ_THEME": "dark"}
    env.pop("TVIZ_SENTENCE", None)
    env.pop("TVIZ_REUSE", None)
    result = SceneBench(spec.cls)
    plan = [(q, "off") for q in qualities]
    if warm_quality:
        plan += [(warm_quality, "primed"), (warm_quality, "warm")]
    for quality, cache in plan:
        media = work / f"{spec.cls}-{quality}-{'cold' if cache == 'off' else 'cached'}"
        runs = []
        for _ in range(repeat if cache == "off" else 1):
            if cache != "warm":
                shutil.rmtree(media, ignore_errors=True)
            runs.append(measure(spec, quality, cache, media, env))
        run = min(runs, key=lambda r: r.wall)
        run.walls = [r.wall for r in runs]
        run.peak_mb = max(r.peak_mb for r in runs)
        result.runs.append(run)
        log(f"  {spec.cls:<20} -q{quality} cache {cache:<6} {run.wall:7.1f} s wall  "
            f"{run.duration:6.1f} s video  RTF {run.rtf:5.2f}  {run.peak_mb:6.0f} MB  "
            f"(load before {run.load_before:.2f})"
            + (f"  runs {' '.join(f'{w:.1f}' for w in run.walls)}" if len(run.walls) > 1 else ""))
    return result


def table(results: list[SceneBench], qualities: list[str], warm_quality: str | None) -> str:
    head = ["scene", "video s"]
    for q in qualities:
        head += [f"cold {QUALITY_DIRS[q]} s", "RTF", "peak MB"]
    if warm_quality:
        head += [f"warm {QUALITY_DIRS[warm_quality]} s", "warm/cold"]
    rows = [head]
    for r in results:
        ref = r.get(qualities[0], "off") if qualities else r.runs[0]
        row = [r.scene, f"{ref.duration:.1f}"]
        for q in qualities:
            run = r.get(q, "off")
            row += [f"{run.wall:.1f}", f"{run.rtf:.2f}", f"{run.peak_mb:.0f}"]
        if warm_quality:
            warm, ratio = r.get(warm_quality, "warm"), r.warm_ratio(warm_quality)
            row += [f"{warm.wall:.1f}", "-" if ratio is None else f"{ratio:.1%}"]
        rows.append(row)
    return text_table(rows)


def verdicts(results: list[SceneBench], warm_quality: str | None) -> list[str]:
    """One line per missed target (empty when every target holds)."""
    missed = []
    for r in results:
        hd = r.get("h", "off")
        if hd and hd.rtf > TARGET_RTF:
            missed.append(f"{r.scene}: RTF {hd.rtf:.2f} at 1080p60 cold (target <= {TARGET_RTF})")
        ratio = r.warm_ratio(warm_quality) if warm_quality else None
        if ratio is not None and ratio > TARGET_WARM:
            missed.append(f"{r.scene}: re-render {ratio:.1%} of cold (target <= {TARGET_WARM:.0%})")
    return missed


# ---------------------------------------------------------------- encoder micro-benchmark
def encoder_bench(frames: int = 240, width: int = 1920, height: int = 1080) -> dict:
    """ms per frame of Manim's encoder with and without kit.encoding, fresh and held frames."""
    import numpy as np
    from manim import config
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    from scenes.kit import encoding

    options = tuple(sorted(config.video_encoder_options.items()))  # manim.cfg's x264 options
    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", width, height, Fraction(60), options)
    rng = np.random.default_rng(0)
    picture = np.zeros((height, width, 4), np.uint8)
    picture[..., 3] = 255
    for _ in range(40):  # boxes of colour, like a lecture frame
        y, x = rng.integers(0, height - 100), rng.integers(0, width - 300)
        picture[y:y + 80, x:x + 280, :3] = rng.integers(40, 255, 3)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, install in (("manim", False), ("kit", True)):
            encoding.install() if install else encoding.uninstall()
            for kind, repeat in (("fresh", 1), ("held", frames)):
                enc = VideoSegmentEncoder(target=Path(tmp) / f"{label}-{kind}.mp4", spec=spec)
                start = time.perf_counter()
                if repeat == 1:
                    for i in range(frames):
                        frame = picture.copy()
                        frame[i % height, :, :3] = 255  # every frame differs
                        enc.write_frame(frame, repeat=1)
                else:
                    enc.write_frame(picture, repeat=repeat)
                enc.finish()
                out[f"{label}_{kind}_ms"] = round((time.perf_counter() - start) / frames * 1e3, 2)
    encoding.install()
    return out


# ---------------------------------------------------------------- command line
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenes", default="", help="comma-separated scene classes (default: all)")
    parser.add_argument("--qualities", nargs="*", default=["h", "l"], choices=["l", "m", "h"],
                        help="qualities rendered cold, cache off (default: h l)")
    parser.add_argument("--warm-quality", default="h", choices=["l", "m", "h", "none"],
                        help="quality of the primed + warm pair (default h; none skips it)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="cold runs per scene and quality; the fastest is kept (default 1)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"default {RESULTS}")
    parser.add_argument("--encoder", action="store_true",
                        help="only the frame-encoding micro-benchmark")
    # sections as the unit of rendering: scenes/tools/sectionbench.py
    parser.add_argument("--split", default="also", choices=["off", "also", "only"],
                        help="the sections benchmark (split vs whole, one subtitle edited, all "
                        "scenes): after the runs above (also, the default), instead (only) or not")
    parser.add_argument("--split-quality", default="h", choices=["l", "m", "h"],
                        help="quality of the sections benchmark (default h)")
    parser.add_argument("--split-langs", default="zh,en",
                        help="languages of its all-scenes totals (default zh,en)")
    parser.add_argument("--split-longest", type=int, default=3,
                        help="scenes compared one by one, the longest first (default 3)")
    parser.add_argument("--split-no-totals", action="store_true",
                        help="skip the all-scenes totals (compare the --scenes given, in order)")
    parser.add_argument("--split-json", type=Path, default=REPO_ROOT / "bench" / "sections.json",
                        help="where the sections benchmark writes its figures")


def select(specs: list[SceneSpec], names: str) -> list[SceneSpec]:
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    known = {s.cls: s for s in specs}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise SystemExit(f"unknown scene(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in wanted] if wanted else specs


def run(args: argparse.Namespace) -> int:
    if args.encoder:
        print(json.dumps(encoder_bench(), indent=1))
        return 0
    from scenes.tools import doctor

    doctor.require()
    specs = select(discover(), args.scenes)
    if args.repeat < 1:
        raise SystemExit(f"--repeat {args.repeat}: give a whole number of runs, 1 or more")
    if args.split != "off":
        langs = [x.strip() for x in args.split_langs.split(",") if x.strip()]
        bad = [x for x in langs if x not in ("zh", "en")] or ([] if langs else ["(none)"])
        if bad:
            raise SystemExit(f"--split-langs {args.split_langs!r}: give zh, en or both")
    if args.split == "only":
        from scenes.tools import sectionbench

        return sectionbench.run(specs, args.split_quality, langs, args.split_longest,
                                not args.split_no_totals, args.split_json)
    warm = None if args.warm_quality == "none" else args.warm_quality
    print(f"benchmark: {len(specs)} scene(s), cold {' '.join(args.qualities) or '-'}, "
          f"warm {warm or '-'}, {args.repeat} run(s) each cold, {os.cpu_count()} cores",
          flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="tviz-bench-") as tmp:
        for spec in specs:
            results.append(bench_scene(spec, args.qualities, warm, Path(tmp),
                                       repeat=args.repeat))
    print()
    print(table(results, args.qualities, warm))
    missed = verdicts(results, warm)
    print("\n" + ("\n".join(missed) if missed else "every target holds"))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "repeat": args.repeat,
        "targets": {"rtf_1080p60_cold": TARGET_RTF, "warm_over_cold": TARGET_WARM},
        "scenes": [{"scene": r.scene, "runs": [asdict(x) | {"rtf": round(x.rtf, 3)}
                                               for x in r.runs],
                    "warm_over_cold": r.warm_ratio(warm) if warm else None} for r in results],
        "missed": missed,
    }
    args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.json}")
    if args.split == "also":
        from scenes.tools import sectionbench

        print()
        return sectionbench.run(specs, args.split_quality, langs, args.split_longest,
                                not args.split_no_totals, args.split_json)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
