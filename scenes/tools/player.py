"""The offline lecture player: ``videos/index.html``.

``python -m scenes render`` rewrites it after collecting; ``python -m scenes player`` rewrites
it from whatever is in videos/ now. The page works opened from the file system (file://): no
server, no network, nothing external. Everything it needs besides the video files is inside
the page itself: the scene list, section list and subtitle cues are embedded as JSON (a
``<script type="application/json">``), because Chromium treats every file:// URL as its own
origin, so neither ``<track src=...vtt>`` nor ``fetch()`` of a local file works there. The
subtitle track is built in JavaScript (``addTextTrack`` + ``VTTCue``), one section at a time;
the .srt/.vtt files stay as downloads. ``<video src>`` of a local file plays fine.

What it reads, per folder videos/<lang>-<theme>/ (written by scenes.tools.render.collect):

    <Scene>.mp4 .srt .vtt .png      sections/<Scene>.json   sections/<Scene>_0000_<name>.mp4 ...

and links what scenes/tools/classroom.py made of them: each scene's deck <Scene>.pptx and the
whole lecture, Lecture.mp4 (with chapters) .srt .vtt and Lecture.pptx (Lecture is no scene).

Titles come from the string catalogue (scenes/strings): a scene's title is
``<topic>.title`` in the folder's language, a section ``NN-<step>`` is titled by
``<topic>.<step>.heading`` (``00-title`` by the scene title). The catalogue is loaded without
importing manim (``scenes/kit/__init__`` does import manim, so the strings package is loaded on
its own), and scenes are found by scenes.tools.common's AST discovery.

The page is package data in scenes/tools/player_assets/: ``index.html`` (the template),
``player.css`` and ``player.js``, inlined into the written page, and ``ui.toml``, the page's
own interface text in zh and en, written into the script as its table ``UI``.

Page: a gallery per folder (thumbnail, title, duration, number of sections) and a player that
steps through a scene's sections like slides. Keys: Right/Space/PageDown next section,
Left/PageUp previous, S subtitles on/off, K play/pause, R replay, A auto-advance, F full
screen, 1-9 a section, Esc back to the gallery.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import tomllib

from scenes.tools.common import (
    LANGS,
    LECTURE,
    REPO_ROOT,
    THEMES,
    SceneSpec,
    discover,
    video_duration,
)

INDEX_NAME = "index.html"
ASSETS = "scenes.tools.player_assets"  # the page's template, style sheet and script
UI_LANGS = ("zh", "en")
UI_LINE = 100  # bytes a line of the interface text in the page's script
THEME_NAMES = ("dark", "light")


# ---------------------------------------------------------------- titles


def catalogue() -> dict[str, dict[str, str]]:
    """The string catalogue (scenes/strings/*.toml); reading it imports neither manim nor numpy."""
    from scenes import strings

    return strings.STRINGS


def _text(strings: dict, key: str, lang: str) -> str | None:
    entry = strings.get(key)
    if not entry:
        return None
    return entry.get(lang) or entry.get("en") or next(iter(entry.values()), None)


def scene_title(cls: str, topic: str, lang: str, strings: dict) -> str:
    """``<topic>.title`` in ``lang``; the class name when the catalogue has no title."""
    return (topic and _text(strings, f"{topic}.title", lang)) or cls


def section_title(name: str, topic: str, lang: str, strings: dict, scene: str) -> str:
    """The heading of section ``NN-<step>``: ``<topic>.<step>.heading`` (or ``<step>.heading``);
    ``00-title`` gets the scene title; anything else its own name."""
    m = re.fullmatch(r"\d+-(.+)", name)
    if not m:
        return name
    step = m[1]
    if step == "title":
        return scene
    for key in (f"{topic}.{step}.heading" if topic else None, f"{step}.heading"):
        text = key and _text(strings, key, lang)
        if text:
            return text
    return name


# ---------------------------------------------------------------- subtitles

_CUE_TIME = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})"
)


def _seconds(stamp: str) -> float:
    hms, frac = re.split(r"[,.]", stamp)
    parts = [int(p) for p in hms.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return h * 3600 + m * 60 + s + int(frac.ljust(3, "0")[:3]) / 1000


def parse_subtitles(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of each cue of SubRip or WebVTT text, in file order."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[tuple[float, float, str]] = []
    i = 0
    while i < len(lines):
        m = _CUE_TIME.match(lines[i])
        i += 1
        if not m:
            continue
        body = []
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        if body:
            cues.append((_seconds(m[1]), _seconds(m[2]), "\n".join(body)))
    return cues


def split_cues(
    cues: list[tuple[float, float, str]], durations: list[float], min_overlap: float = 0.05
) -> list[list[list]]:
    """The cues of each section, in that section's own time (sections are played back to
    back in the full video). A cue over a boundary is cut there and appears in both."""
    out: list[list[list]] = []
    start = 0.0
    for duration in durations:
        end = start + duration
        own = []
        for a, b, text in cues:
            lo, hi = max(a, start), min(b, end)
            if hi - lo >= min_overlap:
                own.append([round(lo - start, 3), round(hi - start, 3), text])
        out.append(own)
        start = end
    return out


# ---------------------------------------------------------------- scanning videos/


def _url(path: Path, root: Path) -> str:
    return quote(path.relative_to(root).as_posix(), safe="/")


def _probe_duration(path: Path) -> float | None:
    try:
        return video_duration(path)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _folder_key(name: str) -> tuple:
    lang, _, theme = name.partition("-")
    known = lang in LANGS and theme in THEMES
    if known:
        return (0, LANGS.index(lang), THEMES.index(theme), name)
    return (1, 0, 0, name)


def scan_scene(folder: Path, root: Path, cls: str, topic: str, lang: str, strings: dict) -> dict:
    """One scene of a folder: its files, title, sections (with their cues) and duration."""
    mp4 = folder / f"{cls}.mp4"
    title = scene_title(cls, topic, lang, strings)
    files = {ext: folder / f"{cls}.{ext}" for ext in ("srt", "vtt", "png")}
    sub_file = files["srt"] if files["srt"].is_file() else files["vtt"]
    cues = parse_subtitles(sub_file.read_text(encoding="utf-8")) if sub_file.is_file() else []

    sections = []
    index = folder / "sections" / f"{cls}.json"
    entries = []
    if index.is_file():
        try:
            entries = json.loads(index.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"{index}: not valid JSON ({exc})") from None
    durations = []
    for n, entry in enumerate(entries):
        name = str(entry.get("name", f"{n:02d}"))
        clip = folder / "sections" / Path(str(entry.get("video", ""))).name
        try:
            duration = float(entry.get("duration", 0.0))
        except (TypeError, ValueError):
            duration = 0.0
        durations.append(duration)
        sections.append({
            "name": name,
            "title": section_title(name, topic, lang, strings, title),
            "video": _url(clip, root) if clip.is_file() and entry.get("video") else None,
            "duration": round(duration, 3),
        })
    # the cue times are those of the full video, where the sections play back to back;
    # a section whose clip is missing keeps its time slot but cannot be played
    for section, own in zip(sections, split_cues(cues, durations), strict=True):
        section["cues"] = own
    sections = [s for s in sections if s["video"]]
    if sections:
        duration = round(sum(durations), 3)
    else:  # no section index (or no clips): the whole video is the one section
        duration = _probe_duration(mp4)
        sections = [{
            "name": "full",
            "title": title,
            "video": _url(mp4, root),
            "duration": duration,
            "cues": [[round(a, 3), round(b, 3), t] for a, b, t in cues],
        }]
    scene = {
        "id": cls,
        "topic": topic,
        "title": title,
        "duration": duration,
        "video": _url(mp4, root),
        "thumb": _url(files["png"], root) if files["png"].is_file() else None,
        "srt": _url(files["srt"], root) if files["srt"].is_file() else None,
        "vtt": _url(files["vtt"], root) if files["vtt"].is_file() else None,
        "sections": sections,
        **classroom_links(folder, root, cls),
    }
    # the handout and numbers links, each section's "numbers in this section" (handout.py)
    from scenes.tools import handout

    return handout.annotate(scene, folder, root, lang)


# ---------------------------------------------------------------- decks and the lecture


def classroom_links(folder: Path, root: Path, cls: str) -> dict:
    """The scene's deck (scenes/tools/deck.py), if the folder has it."""
    deck = folder / f"{cls}.pptx"
    return {"deck": _url(deck, root) if deck.is_file() else None}


def lecture_links(folder: Path, root: Path) -> dict | None:
    """The whole lecture of a folder (scenes/tools/lecture.py, deck.py): its video (with
    chapters), deck and subtitles, those the folder has; None without video and deck."""
    files = {key: folder / f"{LECTURE}.{ext}"
             for key, ext in (("video", "mp4"), ("deck", "pptx"), ("srt", "srt"), ("vtt", "vtt"))}
    if not (files["video"].is_file() or files["deck"].is_file()):
        return None
    links = {key: _url(path, root) if path.is_file() else None for key, path in files.items()}
    links["duration"] = _probe_duration(files["video"]) if files["video"].is_file() else None
    return links


def library(
    videos_dir: Path,
    specs: list[SceneSpec] | None = None,
    strings: dict | None = None,
) -> dict:
    """Everything the page shows, from the folders videos/<lang>-<theme>/ that hold videos.

    Scenes are in discovery order (``specs``, default scenes.tools.discover()); videos of
    scenes no longer in the source follow, by name, titled by their class name.
    """
    videos_dir = Path(videos_dir)
    specs = discover() if specs is None else specs
    strings = catalogue() if strings is None else strings
    order = {s.cls: n for n, s in enumerate(specs)}
    topics = {s.cls: s.topic for s in specs}
    folders = []
    dirs = [d for d in videos_dir.iterdir() if d.is_dir()] if videos_dir.is_dir() else []
    for folder in sorted(dirs, key=lambda d: _folder_key(d.name)):
        classes = sorted((p.stem for p in folder.glob("*.mp4") if p.stem != LECTURE),
                         key=lambda c: (order.get(c, len(order)), c))
        if not classes:
            continue
        lang, _, theme = folder.name.partition("-")
        lang = lang if lang in UI_LANGS else "en"
        theme = theme if theme in THEME_NAMES else "dark"
        folders.append({
            "id": folder.name,
            "lang": lang,
            "theme": theme,
            "scenes": [scan_scene(folder, videos_dir, c, topics.get(c, ""), lang, strings)
                       for c in classes],
            "lecture": lecture_links(folder, videos_dir),
        })
    return {"folders": folders}


# ---------------------------------------------------------------- the page


def _embed_json(data) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML specials)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def asset(name: str) -> str:
    """The text of a file of the page (scenes/tools/player_assets/<name>)."""
    return resources.files(ASSETS).joinpath(name).read_text(encoding="utf-8")


def ui_text() -> dict[str, dict[str, str]]:
    """The player's own interface text, ``{key: {lang: text}}`` (player_assets/ui.toml)."""
    return tomllib.loads(asset("ui.toml"))


def _js_string(text: str) -> str:
    """A JavaScript string literal: CJK and full-width characters as they are, other non-ASCII
    characters (arrows, dots, dashes) as \\uXXXX; nothing that could end the <script>."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif code < 0x20 or 0x7F <= code < 0x3000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + re.sub(r"</(script)", r"<\/\1", "".join(out), flags=re.IGNORECASE) + '"'


def _js_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_$][\w$]*", key) else _js_string(key)


def ui_script(table: dict[str, dict[str, str]] | None = None) -> str:
    """The interface text as the object literal ``UI`` of player.js, ``{zh: {key: "..."},
    en: {...}}``: the items of a language wrapped at UI_LINE bytes a line."""
    table = ui_text() if table is None else table
    lines = ["{"]
    for n, lang in enumerate(UI_LANGS):
        lines.append(f"    {lang}: {{")
        items = [f"{_js_key(key)}: {_js_string(texts[lang])}" for key, texts in table.items()]
        line = ""
        for i, item in enumerate(items):
            item += "," if i < len(items) - 1 else ""
            longer = f"{line} {item}" if line else f"      {item}"
            if line and len(longer.encode("utf-8")) > UI_LINE:
                lines.append(line)
                longer = f"      {item}"
            line = longer
        lines.append(line)
        lines.append("    }," if n < len(UI_LANGS) - 1 else "    }")
    lines.append("  }")
    return "\n".join(lines)


def render_html(lib: dict) -> str:
    """The whole page: the template with the style sheet, the script (with the interface text)
    and ``lib`` inlined."""
    first = lib["folders"][0] if lib["folders"] else {"lang": "zh", "theme": "dark"}
    return (
        asset("index.html").replace("__LANG__", first["lang"])
        .replace("__THEME__", first["theme"])
        .replace("__CSS__", asset("player.css"))
        .replace("__JS__", asset("player.js").replace("__UI__", ui_script()))
        .replace("__LIBRARY__", _embed_json(lib))
    )


def write_index(
    videos_dir: Path | None = None,
    specs: list[SceneSpec] | None = None,
    strings: dict | None = None,
    lib: dict | None = None,
) -> Path:
    """Write videos/index.html from what videos/ holds now (or from ``lib``); return its path."""
    videos_dir = Path(videos_dir or REPO_ROOT / "videos")
    videos_dir.mkdir(parents=True, exist_ok=True)
    page = render_html(library(videos_dir, specs, strings) if lib is None else lib)
    index = videos_dir / INDEX_NAME
    tmp = index.with_name(f".{INDEX_NAME}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    return index


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--videos",
        type=Path,
        default=REPO_ROOT / "videos",
        help="the folder with the <lang>-<theme>/ folders (default: videos/ of the repo)",
    )


def run(args: argparse.Namespace) -> int:
    videos = Path(args.videos)
    if not videos.is_dir():
        print(f"no folder {videos}: render first (make videos / python -m scenes render)",
              file=sys.stderr)
        return 1
    lib = library(videos)
    index = write_index(videos, lib=lib)
    n = sum(len(f["scenes"]) for f in lib["folders"])
    print(f"wrote {index}: {n} video(s) in {len(lib['folders'])} folder(s)")
    print(f"open {index.resolve().as_uri()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes player", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
