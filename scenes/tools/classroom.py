"""What is made of the rendered videos for a lecture hall: the PowerPoint decks and the whole
lecture as one video, per folder videos/<lang>-<theme>/.

    <Scene>.pptx      scenes/tools/deck.py     one per scene video of the folder
    Lecture.pptx      scenes/tools/deck.py     every scene, in lecture order
    Lecture.mp4 .srt .vtt   scenes/tools/lecture.py

``python -m scenes render`` runs this after its renders (one progress line per output) and
``python -m scenes classroom`` runs it on what videos/ holds now. Like make, an output is
written again only when it is missing or older than one of the files it is made of (the
collected videos keep the times of the renders, so a render that was kept leaves its deck
alone); ``--force`` writes every output.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from scenes.tools import deck, lecture, player
from scenes.tools.common import LANGS, REPO_ROOT, THEMES, SceneSpec, discover


@dataclass
class Output:
    """One file to write, what it is made of, and how."""

    path: Path
    inputs: list[Path]
    make: Callable[[], Path]

    def stale(self) -> bool:
        if not self.path.is_file():
            return True
        made = self.path.stat().st_mtime
        return any(p.is_file() and p.stat().st_mtime > made for p in self.inputs)


def _scene_inputs(folder: Path, cls: str) -> list[Path]:
    index = folder / "sections" / f"{cls}.json"
    clips = sorted((folder / "sections").glob(f"{cls}_*.mp4"))
    return [folder / f"{cls}.mp4", folder / f"{cls}.srt", index, *clips]


def folders(videos_dir: Path) -> list[Path]:
    """The folders videos/<lang>-<theme>/ that hold a scene video, languages and themes in
    their usual order."""
    known = [f"{lang}-{theme}" for lang in LANGS for theme in THEMES]
    found = [d for d in Path(videos_dir).iterdir() if d.is_dir() and d.name in known] \
        if Path(videos_dir).is_dir() else []
    return sorted(found, key=lambda d: known.index(d.name))


def outputs(folder: Path, specs: list[SceneSpec], strings: dict) -> list[Output]:
    """Everything to write for one folder, in the order it is written."""
    scenes = [s for s in specs if (folder / f"{s.cls}.mp4").is_file()]
    if not scenes:
        return []
    out = [Output(folder / f"{s.cls}.pptx", _scene_inputs(folder, s.cls),
                  lambda s=s: deck.scene_deck(folder, s, strings)) for s in scenes]
    every = [p for s in scenes for p in _scene_inputs(folder, s.cls)]
    theme = folder.name.partition("-")[2]
    siblings = [folder.with_name(f"{lang}-{theme}") for lang in LANGS
                if folder.with_name(f"{lang}-{theme}") != folder]
    other = [p for sib in siblings for s in scenes
             for p in (sib / f"{s.cls}.srt", sib / "sections" / f"{s.cls}.json")]
    out.append(Output(folder / f"{lecture.LECTURE}.mp4", every + other,
                      lambda: lecture.build(folder, scenes, strings)))
    out.append(Output(folder / f"{lecture.LECTURE}.pptx", every,
                      lambda: deck.lecture_deck(folder, scenes, strings)))
    return out


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def make(videos_dir: Path, only: list[str] | None = None, specs: list[SceneSpec] | None = None,
         force: bool = False, stream: TextIO | None = None) -> bool:
    """Write the decks and the lecture of every folder of ``videos_dir`` (or of the folders
    named in ``only``), one progress line per output; True when every one was written."""
    stream = sys.stdout if stream is None else stream
    specs = discover() if specs is None else specs
    strings = player.catalogue()
    todo = []
    for folder in folders(videos_dir):
        if only is not None and folder.name not in only:
            continue
        todo += [(folder, o) for o in outputs(folder, specs, strings)]
    stale = [(f, o) for f, o in todo if force or o.stale()]
    kept = len(todo) - len(stale)
    print(f"Decks and lecture: {len(stale)} to write" + (f", {kept} up to date" if kept else ""),
          file=stream, flush=True)
    ok = True
    started = time.monotonic()
    for n, (folder, out) in enumerate(stale, start=1):
        name = f"{folder.name}/{out.path.name}"
        t0 = time.monotonic()
        try:
            out.make()
        except (OSError, ValueError) as exc:  # DeckError, LectureError, Mp4Error are ValueErrors
            ok = False
            print(f"[{n}/{len(stale)}] {name}: failed after {time.monotonic() - t0:.1f}s: {exc}",
                  file=stream, flush=True)
            continue
        print(f"[{n}/{len(stale)}] {name}: done after {time.monotonic() - t0:.1f}s "
              f"({_mb(out.path)})", file=stream, flush=True)
    if stale:
        print(f"decks and lecture: {time.monotonic() - started:.1f}s", file=stream, flush=True)
    return ok


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--videos", type=Path, default=REPO_ROOT / "videos",
                        help="the folder with the <lang>-<theme>/ folders (default: videos/)")
    parser.add_argument("--force", action="store_true",
                        help="write every output, also those newer than their inputs")


def run(args: argparse.Namespace) -> int:
    videos = Path(args.videos)
    if not folders(videos):
        print(f"no <lang>-<theme> folder with videos in {videos}: render first "
              "(make videos / python -m scenes render)", file=sys.stderr)
        return 1
    ok = make(videos, force=args.force)
    player.write_index(videos)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes classroom", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
