"""Benchmark of sections as the unit of rendering (``python -m scenes bench --split ...``),
measured side by side in one run, in a scratch copy of the repo (its scenes/ copied, so that a
subtitle can be edited; assets/ and manim.cfg linked), zh and dark unless told otherwise:

1. every selected scene x language, cold (fresh media/ and videos/), through the render driver
   as ``make videos`` runs it: ``render --whole`` (one manim process per scene, two at a time)
   against ``render`` (sections on a pool of two workers); both collect, write the decks, the
   lecture and the player. Figure: wall time / seconds of video (target <= TARGET_TOTAL);
2. the three longest scenes (by their video), each cold with manim's cache off: the whole scene
   in one manim process (today's path) against its sections on a pool of two workers, joined
   (target: split <= TARGET_SPLIT x whole); then one step's subtitle text edited and the scene
   rendered again (exactly that one section renders; target <= TARGET_RERENDER x cold).

Every run records its wall time, the CPU seconds it used (its processes and their children:
a figure that a busy machine changes less) and the machine's load average before and during it:
figures taken on a busy machine are not figures, so rerun on an idle one::

    python -m scenes bench --split only                      # -qh, every scene, zh
    python -m scenes bench --split only --split-quality l --scenes PositionalEncoding,LoRA
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scenes.tools.common import (
    QUALITY_DIRS,
    REPO_ROOT,
    SceneSpec,
    environment,
    text_table,
    video_duration,
)

RESULTS = REPO_ROOT / "bench" / "sections.json"
TARGET_SPLIT = 0.6  # split cold / whole cold, for the three longest scenes
TARGET_RERENDER = 0.2  # re-render after one subtitle edit / split cold
TARGET_TOTAL = 0.22  # make videos wall / video duration (zh and en, 1080p60)
LONGEST = 3
WORKERS = 2
# appended to one subtitle of the scene to edit it (no digits: the strings tests forbid them)
EDIT = {"zh": "再看一遍。", "en": " Look once more."}


@dataclass
class Timed:
    what: str
    wall: float
    cpu: float  # user + system seconds of the process and its children
    load_before: float
    load_during: float  # mean 1-minute load average sampled while it ran
    video: float = 0.0  # seconds of video it made
    note: str = ""

    @property
    def rtf(self) -> float:
        return self.wall / self.video if self.video else float("nan")


@dataclass
class SceneFigures:
    scene: str
    video: float
    whole: Timed
    split: Timed
    rerender: Timed
    edited: str = ""  # the subtitle edited
    rendered_again: list[str] = field(default_factory=list)

    @property
    def split_over_whole(self) -> float:
        return self.split.wall / self.whole.wall

    @property
    def rerender_over_split(self) -> float:
        return self.rerender.wall / self.split.wall

    @property
    def rerender_over_whole(self) -> float:
        return self.rerender.wall / self.whole.wall


def run_timed(what: str, argv: list[str], cwd: Path, env: dict, log) -> Timed:
    """Run ``argv``; its wall time, CPU time and the load around it (raises on failure)."""
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(2.0):
            samples.append(os.getloadavg()[0])

    before = os.getloadavg()[0]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        done = subprocess.run(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                              check=False)
        wall = time.perf_counter() - start
        stop.set()
        sampler.join()
        if done.returncode != 0:
            out.seek(0)
            text = out.read().decode(errors="replace")
            failures = [line for line in text.splitlines() if "failed" in line][:20]
            raise RuntimeError(f"{what}: {' '.join(argv)} failed ({done.returncode}):\n"
                               + "\n".join(failures) + "\n...\n" + text[-3000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    during = sum(samples) / len(samples) if samples else os.getloadavg()[0]
    t = Timed(what, round(wall, 2), round(cpu, 2), round(before, 2), round(during, 2))
    log(f"  {what:<44} {t.wall:8.1f} s wall {t.cpu:8.1f} s CPU  load {t.load_before:.1f} -> "
        f"{t.load_during:.1f}")
    return t


def scratch_repo(into: Path) -> Path:
    """A copy of the repo to render in: scenes/ copied (its strings get edited), assets/ and
    manim.cfg linked."""
    root = into / "repo"
    shutil.copytree(REPO_ROOT / "scenes", root / "scenes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("assets", "manim.cfg"):
        (root / name).symlink_to(REPO_ROOT / name)
    return root


def say_ids(toml: Path, step: str) -> list[str]:
    """The subtitle ids (``<step>.sayN``) of a step in a topic's strings file, in file order."""
    return re.findall(rf"^\[({re.escape(step)}\.say[^\]]*)\]\s*$", toml.read_text("utf-8"),
                      flags=re.MULTILINE)


def edit_subtitle(toml: Path, key: str, lang: str) -> str:
    """Append EDIT[lang] to the ``lang`` text of ``[key]``; the old file text (to restore)."""
    text = toml.read_text(encoding="utf-8")
    head = text.index(f"[{key}]\n")
    line = re.compile(rf'^{lang} = "(.*)"$', re.MULTILINE).search(text, head)
    if line is None:
        raise ValueError(f"{toml.name}: no {lang} text under [{key}]")
    edited = text[:line.end(1)] + EDIT[lang] + text[line.end(1):]
    toml.write_text(edited, encoding="utf-8")
    return text


def _videos_seconds(videos: Path) -> float:
    return sum(video_duration(p) for p in videos.glob("*-*/*.mp4") if p.stem != "Lecture")


def totals(root: Path, scenes: list[SceneSpec], langs: list[str], quality: str, env: dict,
           log) -> dict:
    """``make videos`` both ways, cold: (Timed whole, Timed split) and each scene's video."""
    python = sys.executable
    selection = ["--scenes", ",".join(s.cls for s in scenes), "--langs", ",".join(langs),
                 "--themes", "dark", "--quality", quality, "--jobs", str(WORKERS)]
    out = {}
    durations: dict[str, float] = {}
    for path, extra in (("whole", ["--whole"]), ("split", [])):
        for folder in ("media", "videos"):
            shutil.rmtree(root / folder, ignore_errors=True)
        t = run_timed(f"all {len(scenes)} scene(s) x {','.join(langs)}: {path}",
                      [python, "-m", "scenes", "render", *selection, *extra], root, env, log)
        t.video = round(_videos_seconds(root / "videos"), 2)
        out[path] = t
        if path == "whole":
            for s in scenes:
                mp4 = root / "videos" / f"{langs[0]}-dark" / f"{s.cls}.mp4"
                durations[s.cls] = video_duration(mp4)
    out["durations"] = durations
    return out


def dry_durations(scenes: list[SceneSpec], lang: str) -> dict[str, float]:
    """Each scene's video duration in ``lang`` on the dark theme, from a dry build (no frame
    drawn): how the longest scenes are found when the totals are not rendered."""
    import importlib

    from scenes.kit.dry import build

    settings = {k: None for k in os.environ if k.startswith("TVIZ_")}
    with (environment(settings | {"TVIZ_LANG": lang, "TVIZ_THEME": "dark"}),
          tempfile.TemporaryDirectory(prefix="tviz-dry-") as media):
        return {s.cls: float(build(getattr(importlib.import_module(f"scenes.{s.module}"),
                                           s.cls), media_dir=media).renderer.time)
                for s in scenes}


def scene_figures(root: Path, spec: SceneSpec, quality: str, lang: str, env: dict,
                  work: Path, log) -> SceneFigures:
    """One scene: whole cold, split cold (two workers), then one subtitle edited and again."""
    python = sys.executable
    scene = f"{spec.module}:{spec.cls}"
    whole_media, split_media = work / f"{spec.cls}-whole", work / f"{spec.cls}-split"
    for d in (whole_media, split_media):
        shutil.rmtree(d, ignore_errors=True)
    whole = run_timed(f"{spec.cls}: whole, cold", [
        python, "-m", "manim", "render", f"-q{quality}", "--save_sections", "--progress_bar",
        "none", "--disable_caching", "--media_dir", str(whole_media), spec.path, spec.cls],
        root, env, log)
    whole.video = round(video_duration(whole_media / "videos" / spec.module /
                                       QUALITY_DIRS[quality] / f"{spec.cls}.mp4"), 2)
    report = work / f"{spec.cls}-report.json"
    split_argv = [python, "-m", "scenes.tools.sections", "scene", f"-q{quality}", "--workers",
                  str(WORKERS), "--disable_caching", "--media", str(split_media), "--report",
                  str(report), scene]
    split = run_timed(f"{spec.cls}: split on {WORKERS} workers, cold", split_argv, root, env, log)
    first = json.loads(report.read_text())
    split.video = round(video_duration(Path(first["out"]) / f"{spec.cls}.mp4"), 2)
    # one step's subtitle: the middle step's first
    from scenes.tools.sections import Inputs

    steps = Inputs(root).scene(spec).steps
    step = steps[len(steps) // 2]
    toml = root / "scenes" / "strings" / f"{spec.topic or spec.module}.toml"
    ids = say_ids(toml, step)
    if not ids:
        raise ValueError(f"{toml.name} has no subtitle of step {step!r} to edit")
    old = edit_subtitle(toml, ids[0], lang)
    try:
        rerender = run_timed(f"{spec.cls}: {ids[0]} edited, again", split_argv, root, env, log)
    finally:
        toml.write_text(old, encoding="utf-8")
    again = json.loads(report.read_text())
    rerender.video = round(video_duration(Path(again["out"]) / f"{spec.cls}.mp4"), 2)
    rerender.note = f"rendered {', '.join(again['rendered'])}; kept {len(again['kept'])}"
    return SceneFigures(spec.cls, whole.video, whole, split, rerender, ids[0], again["rendered"])


def table(figures: list[SceneFigures]) -> str:
    head = ["scene", "video s", "whole s", "split s", "split/whole", "again s", "again/split",
            "again/whole", "CPU whole", "CPU split", "load"]
    rows = [head]
    for f in figures:
        loads = [f.whole.load_during, f.split.load_during, f.rerender.load_during]
        rows.append([f.scene, f"{f.video:.1f}", f"{f.whole.wall:.1f}", f"{f.split.wall:.1f}",
                     f"{f.split_over_whole:.2f}", f"{f.rerender.wall:.1f}",
                     f"{f.rerender_over_split:.2f}", f"{f.rerender_over_whole:.2f}",
                     f"{f.whole.cpu:.0f}", f"{f.split.cpu:.0f}",
                     f"{min(loads):.1f}-{max(loads):.1f}"])
    return text_table(rows)


def verdicts(figures: list[SceneFigures], total: dict | None) -> list[str]:
    missed = []
    for f in figures:
        if f.split_over_whole > TARGET_SPLIT:
            missed.append(f"{f.scene}: split cold {f.split_over_whole:.2f} x whole "
                          f"(target <= {TARGET_SPLIT})")
        if f.rerender_over_split > TARGET_RERENDER:
            missed.append(f"{f.scene}: re-render after one subtitle {f.rerender_over_split:.2f} x "
                          f"cold (target <= {TARGET_RERENDER})")
        if len(f.rendered_again) != 1:
            missed.append(f"{f.scene}: editing {f.edited} rendered {f.rendered_again or 'nothing'}"
                          " again (expected its one section)")
    if total and total["split"].rtf > TARGET_TOTAL:
        missed.append(f"all scenes: {total['split'].rtf:.2f} x their video (target <= "
                      f"{TARGET_TOTAL} for zh and en at 1080p60)")
    return missed


def run(scenes: list[SceneSpec], quality: str, langs: list[str], longest: int = LONGEST,
        do_totals: bool = True, json_path: Path = RESULTS, log=print) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TVIZ_")}
    env |= {"TVIZ_LANG": langs[0], "TVIZ_THEME": "dark"}
    log(f"sections benchmark: {len(scenes)} scene(s), -q{quality}, {','.join(langs)}, "
        f"{WORKERS} workers, {os.cpu_count()} cores; load now "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="tviz-sections-bench-") as tmp:
        root = scratch_repo(Path(tmp))
        total = None
        if do_totals:
            total = totals(root, scenes, langs, quality, env, log)
            order = sorted(scenes, key=lambda s: -total["durations"][s.cls])
        else:
            durations = dry_durations(scenes, langs[0])
            order = sorted(scenes, key=lambda s: -durations[s.cls])
        figures = [scene_figures(root, spec, quality, langs[0], env, Path(tmp), log)
                   for spec in order[:longest]]
    log("")
    log(table(figures))
    if total:
        w, s = total["whole"], total["split"]
        log(f"\nall {len(scenes)} scene(s), {','.join(langs)}, {s.video:.0f} s of video: "
            f"whole {w.wall:.0f} s ({w.rtf:.2f} x video, {w.cpu:.0f} s CPU, load "
            f"{w.load_during:.1f}); split {s.wall:.0f} s ({s.rtf:.2f} x video, {s.cpu:.0f} s "
            f"CPU, load {s.load_during:.1f}); split/whole {s.wall / w.wall:.2f}")
    missed = verdicts(figures, total)
    log("\n" + ("\n".join(missed) if missed else "every target holds"))
    payload = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"), "quality": quality, "langs": langs,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "targets": {"split_over_whole": TARGET_SPLIT, "rerender_over_cold": TARGET_RERENDER,
                    "total_rtf": TARGET_TOTAL},
        "scenes": [asdict(f) | {"split_over_whole": round(f.split_over_whole, 3),
                                "rerender_over_split": round(f.rerender_over_split, 3),
                                "rerender_over_whole": round(f.rerender_over_whole, 3)}
                   for f in figures],
        "totals": None if total is None else {
            k: asdict(total[k]) | {"rtf": round(total[k].rtf, 3)} for k in ("whole", "split")},
        "missed": missed,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    log(f"wrote {json_path}")
    return 0
