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

Titles come from the string catalogue (scenes/kit/strings): a scene's title is
``<topic>.title`` in the folder's language, a section ``NN-<step>`` is titled by
``<topic>.<step>.heading`` (``00-title`` by the scene title). The catalogue is loaded without
importing manim (``scenes/kit/__init__`` does import manim, so the strings package is loaded on
its own), and scenes are found by scenes.tools.common's AST discovery.

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
from pathlib import Path
from urllib.parse import quote

from scenes.tools.common import (
    LANGS,
    REPO_ROOT,
    THEMES,
    SceneSpec,
    discover,
    kit_module,
    video_duration,
)

INDEX_NAME = "index.html"
UI_LANGS = ("zh", "en")
THEME_NAMES = ("dark", "light")


# ---------------------------------------------------------------- titles


def catalogue() -> dict[str, dict[str, str]]:
    """The string catalogue (scenes.kit.strings.STRINGS), without importing manim."""
    return kit_module("strings").STRINGS


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
    return {
        "id": cls,
        "topic": topic,
        "title": title,
        "duration": duration,
        "video": _url(mp4, root),
        "thumb": _url(files["png"], root) if files["png"].is_file() else None,
        "srt": _url(files["srt"], root) if files["srt"].is_file() else None,
        "vtt": _url(files["vtt"], root) if files["vtt"].is_file() else None,
        "sections": sections,
    }


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
        classes = sorted((p.stem for p in folder.glob("*.mp4")),
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
        })
    return {"folders": folders}


# ---------------------------------------------------------------- the page


def _embed_json(data) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML specials)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(lib: dict) -> str:
    """The whole page, with ``lib`` embedded."""
    first = lib["folders"][0] if lib["folders"] else {"lang": "zh", "theme": "dark"}
    return (
        PAGE.replace("__LANG__", first["lang"])
        .replace("__THEME__", first["theme"])
        .replace("__CSS__", CSS)
        .replace("__JS__", JS)
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


PAGE = """<!DOCTYPE html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scenes/player.py (python -m scenes player)">
<title>Transformer</title>
<link rel="icon" href="data:,">
<style>
__CSS__
</style>
</head>
<body class="theme-__THEME__">
<noscript><p class="noscript">This page needs JavaScript. / 本页需要启用 JavaScript。</p></noscript>

<section id="gallery" hidden>
  <header class="gallery-head">
    <h1 id="g-title"></h1>
    <nav id="folders"></nav>
  </header>
  <p id="g-empty" class="empty" hidden></p>
  <ul id="cards" class="cards"></ul>
  <footer id="g-keys" class="keys"></footer>
</section>

<section id="player" hidden>
  <header class="bar">
    <a id="back" class="btn" href="#"></a>
    <h1 id="p-title"></h1>
    <span id="p-count" class="count"></span>
    <button id="prev" class="btn" type="button">&#9664;</button>
    <button id="next" class="btn" type="button">&#9654;</button>
    <button id="subs" class="btn" type="button" aria-pressed="true"></button>
    <button id="auto" class="btn" type="button" aria-pressed="false"></button>
  </header>
  <div class="stage">
    <div id="screen" class="screen">
      <video id="video" preload="auto" playsinline></video>
      <div id="overlay" class="overlay" hidden></div>
      <div id="progress" class="progress"><div id="progress-bar"></div></div>
    </div>
    <aside class="side">
      <h2 id="p-sections"></h2>
      <ol id="sections" class="sections"></ol>
      <h2 id="p-files"></h2>
      <ul id="files" class="files"></ul>
    </aside>
  </div>
  <footer id="p-keys" class="keys"></footer>
</section>

<script type="application/json" id="library">__LIBRARY__</script>
<script>
__JS__
</script>
</body>
</html>
"""

CSS = r"""
:root { color-scheme: dark; }
body.theme-dark {
  --bg: #101318; --fg: #E8EAED; --muted: #9AA0A6; --panel: #1C2230; --line: #3C4043;
  --accent: #58A6FF; --accent-fg: #0B0F14; --screen: #101318;
}
body.theme-light {
  color-scheme: light;
  --bg: #FFFFFF; --fg: #1F2328; --muted: #57606A; --panel: #F1F5FB; --line: #D0D7DE;
  --accent: #0969DA; --accent-fg: #FFFFFF; --screen: #FFFFFF;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; height: 100%; }
body {
  background: var(--bg); color: var(--fg);
  font: 18px/1.45 "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
        "Microsoft YaHei", system-ui, sans-serif;
}
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.noscript { padding: 2rem; font-size: 1.3rem; }
.btn {
  display: inline-flex; align-items: center; gap: .35em; min-height: 2.4rem;
  padding: .3rem .9rem; border: 1px solid var(--line); border-radius: .45rem;
  background: var(--panel); color: var(--fg); font: inherit; text-decoration: none;
  cursor: pointer; white-space: nowrap;
}
.btn:hover { border-color: var(--accent); }
.btn[aria-pressed="true"], .btn.current { background: var(--accent); color: var(--accent-fg);
  border-color: var(--accent); }
.keys { color: var(--muted); font-size: .9rem; padding: .5rem 1.5rem; }
.keys kbd {
  display: inline-block; min-width: 1.5em; padding: 0 .35em; margin: 0 .1em;
  border: 1px solid var(--line); border-radius: .3em; background: var(--panel);
  color: var(--fg); font: inherit; text-align: center;
}

/* gallery */
#gallery { min-height: 100%; padding: 1.5rem 2rem; }
.gallery-head { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem;
  margin-bottom: 1.5rem; }
.gallery-head h1 { margin: 0; font-size: 2.1rem; }
#folders { display: flex; flex-wrap: wrap; gap: .5rem; }
.empty { font-size: 1.3rem; color: var(--muted); }
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.5rem;
  grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); }
.card { display: block; height: 100%; border: 1px solid var(--line); border-radius: .7rem;
  overflow: hidden; background: var(--panel); color: var(--fg); text-decoration: none; }
.card:hover, .card:focus-visible { border-color: var(--accent); outline-offset: 0; }
.thumb { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: cover;
  background: var(--screen); border-bottom: 1px solid var(--line); }
.thumb.none { display: flex; align-items: center; justify-content: center; padding: 1rem;
  color: var(--muted); font-size: 1.4rem; text-align: center; }
.card-body { padding: .8rem 1rem 1rem; }
.card-title { margin: 0 0 .3rem; font-size: 1.35rem; line-height: 1.3; }
.card-meta { color: var(--muted); }

/* player */
#player { height: 100%; display: flex; flex-direction: column; }
.bar { display: flex; align-items: center; gap: .6rem; padding: .6rem 1rem;
  border-bottom: 1px solid var(--line); }
.bar h1 { flex: 1; min-width: 0; margin: 0 .5rem; font-size: 1.4rem; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.count { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: .4rem; }
.stage { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 22rem; }
.screen { position: relative; min-height: 0; background: var(--screen); display: flex;
  align-items: center; justify-content: center; }
.screen video { width: 100%; height: 100%; object-fit: contain; background: var(--screen);
  cursor: pointer; }
video::cue { font-size: .8em; line-height: 1.3; color: #FFFFFF;
  background: rgba(0, 0, 0, .78); }
.overlay { position: absolute; right: 1.2rem; bottom: 1.6rem; padding: .5rem 1rem;
  border-radius: .5rem; background: var(--panel); color: var(--fg);
  border: 1px solid var(--line); font-size: 1.05rem; opacity: .95; pointer-events: none; }
.progress { position: absolute; left: 0; right: 0; bottom: 0; height: .35rem;
  background: transparent; cursor: pointer; }
#progress-bar { height: 100%; width: 0; background: var(--accent); opacity: .8; }
.side { overflow-y: auto; border-left: 1px solid var(--line); padding: .8rem 1rem 1.5rem; }
.side h2 { font-size: 1rem; margin: .6rem 0 .5rem; color: var(--muted); font-weight: 600;
  text-transform: uppercase; letter-spacing: .04em; }
.sections, .files { list-style: none; margin: 0; padding: 0; }
.sections li { display: flex; align-items: stretch; gap: .35rem; margin-bottom: .35rem; }
.sec { flex: 1; min-width: 0; display: grid; grid-template-columns: 2em 1fr auto; gap: .4rem;
  text-align: left; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: .45rem;
  background: var(--panel); color: var(--fg); font: inherit; font-size: .98rem; cursor: pointer; }
.sec .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.sec .d { color: var(--muted); font-variant-numeric: tabular-nums; }
.sec.current { border-color: var(--accent); box-shadow: inset 4px 0 0 var(--accent); }
.sec.current .n { color: var(--accent); font-weight: 700; }
.dl { display: flex; align-items: center; padding: 0 .55rem; border: 1px solid var(--line);
  border-radius: .45rem; text-decoration: none; font-size: .9rem; }
.files li { margin: .3rem 0; }
#screen:fullscreen { background: var(--screen); }
#screen:fullscreen .overlay { font-size: 1.3rem; }
@media (max-width: 60rem) {
  .stage { grid-template-columns: 1fr; grid-template-rows: minmax(0, 62vh) auto; }
  .side { border-left: 0; border-top: 1px solid var(--line); }
  #player { height: auto; min-height: 100%; }
}
"""

JS = r"""
(function () {
  "use strict";
  var LIB = JSON.parse(document.getElementById("library").textContent);
  var UI = {
    zh: {
      heading: "Transformer 讲解", back: "\u2190 全部场景", sections: "小节",
      files: "下载", full: "完整视频 MP4", srt: "字幕 SRT", vtt: "字幕 WebVTT",
      download: "下载", nSections: "{n} 节", subsOn: "字幕：开", subsOff: "字幕：关",
      autoOn: "自动连播：开", autoOff: "自动连播：关", trackLabel: "中文字幕",
      next: "下一节", prev: "上一节", ended: "本节结束 \u00b7 \u2192 下一节",
      lastEnded: "全部结束 \u00b7 Esc 返回目录", paused: "已暂停 \u00b7 K 继续",
      empty: "还没有视频。先运行 make videos（或 python -m scenes render），再重新打开本页。",
      noThumb: "无缩略图", dark: "深色", light: "浅色", langName: "中文",
      keysGallery: "<kbd>\u2190</kbd><kbd>\u2192</kbd> 选择 \u00b7 <kbd>Enter</kbd> 播放 \u00b7 <kbd>Tab</kbd> 切换语言/主题",
      keysPlayer: "<kbd>\u2192</kbd>/<kbd>空格</kbd> 下一节 \u00b7 <kbd>\u2190</kbd> 上一节 \u00b7 <kbd>S</kbd> 字幕 \u00b7 <kbd>K</kbd> 播放/暂停 \u00b7 <kbd>R</kbd> 重播 \u00b7 <kbd>A</kbd> 自动连播 \u00b7 <kbd>F</kbd> 全屏 \u00b7 <kbd>1</kbd>\u2013<kbd>9</kbd> 跳到小节 \u00b7 <kbd>Esc</kbd> 返回"
    },
    en: {
      heading: "The Transformer, explained", back: "\u2190 All scenes", sections: "Sections",
      files: "Downloads", full: "Full video MP4", srt: "Subtitles SRT", vtt: "Subtitles WebVTT",
      download: "Download", nSections: "{n} sections", subsOn: "Subtitles: on",
      subsOff: "Subtitles: off", autoOn: "Auto-advance: on", autoOff: "Auto-advance: off",
      trackLabel: "English subtitles", next: "Next section", prev: "Previous section",
      ended: "End of section \u00b7 \u2192 next", lastEnded: "The end \u00b7 Esc: all scenes",
      paused: "Paused \u00b7 K to play",
      empty: "No videos yet. Run make videos (or python -m scenes render), then reopen this page.",
      noThumb: "no thumbnail", dark: "dark", light: "light", langName: "English",
      keysGallery: "<kbd>\u2190</kbd><kbd>\u2192</kbd> choose \u00b7 <kbd>Enter</kbd> play \u00b7 <kbd>Tab</kbd> language/theme",
      keysPlayer: "<kbd>\u2192</kbd>/<kbd>Space</kbd> next section \u00b7 <kbd>\u2190</kbd> previous \u00b7 <kbd>S</kbd> subtitles \u00b7 <kbd>K</kbd> play/pause \u00b7 <kbd>R</kbd> replay \u00b7 <kbd>A</kbd> auto-advance \u00b7 <kbd>F</kbd> full screen \u00b7 <kbd>1</kbd>\u2013<kbd>9</kbd> go to section \u00b7 <kbd>Esc</kbd> back"
    }
  };

  function $(id) { return document.getElementById(id); }
  var video = $("video");
  var state = { view: null, folder: null, scene: null, index: 0, subs: true, auto: false };
  var tracks = {};     // lang -> TextTrack (addTextTrack tracks cannot be removed: one per lang)
  var trackCues = [];  // the cues currently in the active track

  function tr(key, lang) {
    var table = UI[lang || (state.folder ? state.folder.lang : "zh")] || UI.en;
    return table[key];
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function clock(seconds) {
    if (typeof seconds !== "number" || !isFinite(seconds)) return "\u2013";
    var s = Math.round(seconds), m = Math.floor(s / 60);
    return m + ":" + String(s % 60).padStart(2, "0");
  }
  function hashOf(folder, scene, index) {
    var h = "#" + encodeURIComponent(folder.id);
    if (scene) h += "/" + encodeURIComponent(scene.id);
    if (scene && index) h += "/" + (index + 1);
    return h;
  }
  function setHash(h) {
    if (location.hash === h) return;
    try { history.replaceState(null, "", h); } catch (e) { /* keep the old hash */ }
  }
  function applyFolder(folder) {
    state.folder = folder;
    var lang = folder ? folder.lang : "zh";
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.body.className = "theme-" + (folder ? folder.theme : "dark");
  }

  // ------------------------------------------------------------------ routing
  function route() {
    var parts = location.hash.replace(/^#/, "").split("/").map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    var folders = LIB.folders;
    var folder = folders.filter(function (f) { return f.id === parts[0]; })[0] || folders[0] || null;
    var scene = folder && parts[1] ? folder.scenes.filter(function (s) { return s.id === parts[1]; })[0] : null;
    if (folder && scene) {
      var n = parseInt(parts[2] || "1", 10);
      n = isFinite(n) ? Math.min(Math.max(n - 1, 0), scene.sections.length - 1) : 0;
      showPlayer(folder, scene, n);
    } else {
      showGallery(folder);
    }
  }

  // ------------------------------------------------------------------ gallery
  function showGallery(folder) {
    if (state.view === "player") { video.pause(); }
    state.view = "gallery";
    applyFolder(folder);
    $("player").hidden = true;
    $("gallery").hidden = false;
    $("g-title").textContent = tr("heading");
    document.title = tr("heading");
    $("g-keys").innerHTML = tr("keysGallery");

    var nav = $("folders");
    nav.textContent = "";
    LIB.folders.forEach(function (f) {
      var label = (UI[f.lang] || UI.en).langName + " \u00b7 " + tr(f.theme, f.lang);
      var a = el("a", { "class": "btn" + (f === folder ? " current" : ""), href: hashOf(f),
                        "data-folder": f.id, "aria-current": f === folder ? "page" : null }, label);
      nav.appendChild(a);
    });

    var list = $("cards");
    list.textContent = "";
    $("g-empty").hidden = !!(folder && folder.scenes.length);
    $("g-empty").textContent = tr("empty");
    if (!folder) { setHash(""); return; }
    folder.scenes.forEach(function (scene) {
      var li = el("li");
      var a = el("a", { "class": "card", href: hashOf(folder, scene), "data-scene": scene.id });
      if (scene.thumb) {
        a.appendChild(el("img", { "class": "thumb", src: scene.thumb, alt: "" }));
      } else {
        a.appendChild(el("div", { "class": "thumb none" }, scene.title));
      }
      var body = el("div", { "class": "card-body" });
      body.appendChild(el("h2", { "class": "card-title" }, scene.title));
      body.appendChild(el("div", { "class": "card-meta" },
        clock(scene.duration) + " \u00b7 " + tr("nSections").replace("{n}", scene.sections.length)));
      a.appendChild(body);
      li.appendChild(a);
      list.appendChild(li);
    });
    setHash(hashOf(folder));
    var first = list.querySelector(".card");
    if (first && !(document.activeElement && document.activeElement.closest && document.activeElement.closest("#gallery"))) {
      first.focus({ preventScroll: true });
    }
  }

  function moveCard(step) {
    var cards = Array.prototype.slice.call(document.querySelectorAll("#cards .card"));
    if (!cards.length) return;
    var i = cards.indexOf(document.activeElement);
    if (i < 0) { cards[0].focus(); return; }
    var target = cards[Math.min(Math.max(i + step, 0), cards.length - 1)];
    target.focus();
  }
  function cardsPerRow() {
    var cards = document.querySelectorAll("#cards .card");
    if (!cards.length) return 1;
    var top = cards[0].getBoundingClientRect().top, n = 0;
    for (var i = 0; i < cards.length; i++) {
      if (Math.abs(cards[i].getBoundingClientRect().top - top) < 2) n++; else break;
    }
    return Math.max(n, 1);
  }

  // ------------------------------------------------------------------ player
  function showPlayer(folder, scene, index) {
    var same = state.view === "player" && state.scene === scene;
    state.view = "player";
    applyFolder(folder);
    state.scene = scene;
    $("gallery").hidden = true;
    $("player").hidden = false;
    if (!same) { buildPlayer(); }
    load(index, true);
  }

  function buildPlayer() {
    var folder = state.folder, scene = state.scene;
    document.title = scene.title;
    $("p-title").textContent = scene.title;
    $("back").textContent = tr("back");
    $("back").setAttribute("href", hashOf(folder));
    $("prev").title = tr("prev");
    $("prev").setAttribute("aria-label", tr("prev"));
    $("next").title = tr("next");
    $("next").setAttribute("aria-label", tr("next"));
    $("p-sections").textContent = tr("sections");
    $("p-files").textContent = tr("files");
    $("p-keys").innerHTML = tr("keysPlayer");

    var list = $("sections");
    list.textContent = "";
    scene.sections.forEach(function (s, i) {
      var li = el("li");
      var b = el("button", { "class": "sec", type: "button", "data-index": i, title: s.name });
      b.appendChild(el("span", { "class": "n" }, String(i + 1)));
      b.appendChild(el("span", { "class": "t" }, s.title));
      b.appendChild(el("span", { "class": "d" }, clock(s.duration)));
      b.addEventListener("click", function (e) { load(i, true); if (e.detail) b.blur(); });
      li.appendChild(b);
      var dl = el("a", { "class": "dl", href: s.video, download: "", title: tr("download") + ": " + s.name }, "\u2913 MP4");
      li.appendChild(dl);
      list.appendChild(li);
    });

    var files = $("files");
    files.textContent = "";
    [["video", "full"], ["srt", "srt"], ["vtt", "vtt"]].forEach(function (pair) {
      if (!scene[pair[0]]) return;
      var li = el("li");
      li.appendChild(el("a", { href: scene[pair[0]], download: "" }, "\u2913 " + tr(pair[1])));
      files.appendChild(li);
    });

    // one subtitle track per language, built from the embedded cues (a track element cannot load a file:// .vtt)
    var lang = folder.lang;
    Object.keys(tracks).forEach(function (l) { if (l !== lang) tracks[l].mode = "disabled"; });
    if (!tracks[lang]) {
      tracks[lang] = video.addTextTrack("subtitles", tr("trackLabel"), lang === "zh" ? "zh-CN" : "en");
    }
    showSubs();
    showAuto();
  }

  function activeTrack() { return state.folder ? tracks[state.folder.lang] : null; }

  function setCues(cues) {
    var track = activeTrack();
    if (!track) return;
    trackCues.forEach(function (c) { try { c.track && c.track.removeCue(c); } catch (e) { /* gone */ } });
    trackCues = [];
    (cues || []).forEach(function (c) {
      // cue text is WebVTT markup: escape it, so that e.g. "<bos>" stays text
      var text = c[2].replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      var cue = new VTTCue(c[0], c[1], text);
      track.addCue(cue);
      trackCues.push(cue);
    });
  }

  function load(index, play) {
    var scene = state.scene;
    if (!scene.sections.length) return;
    index = Math.min(Math.max(index, 0), scene.sections.length - 1);
    var s = scene.sections[index];
    var changed = state.index !== index || video.getAttribute("src") !== s.video;
    state.index = index;
    if (changed) {
      video.setAttribute("src", s.video);
      video.setAttribute("data-section", s.name);
      setCues(s.cues);
    } else {
      video.currentTime = 0;
    }
    $("p-count").textContent = (index + 1) + " / " + scene.sections.length;
    var buttons = document.querySelectorAll("#sections .sec");
    for (var i = 0; i < buttons.length; i++) {
      var cur = i === index;
      buttons[i].classList.toggle("current", cur);
      if (cur) { buttons[i].setAttribute("aria-current", "step"); buttons[i].scrollIntoView({ block: "nearest" }); }
      else { buttons[i].removeAttribute("aria-current"); }
    }
    $("prev").disabled = index === 0;
    $("next").disabled = index === scene.sections.length - 1;
    hideOverlay();
    $("progress-bar").style.width = "0";
    setHash(hashOf(state.folder, scene, index));
    if (play) { playVideo(); }
  }

  function playVideo() {
    var p = video.play();
    if (p && p.catch) {
      p.catch(function () { if (video.paused) overlay(tr("paused")); });
    }
  }
  function togglePlay() {
    if (video.paused) {
      if (video.ended) video.currentTime = 0;
      hideOverlay();
      playVideo();
    } else {
      video.pause();
      overlay(tr("paused"));
    }
  }
  function next() {
    if (state.index < state.scene.sections.length - 1) load(state.index + 1, true);
  }
  function prev() {
    if (state.index > 0) load(state.index - 1, true);
  }
  function overlay(text) { var o = $("overlay"); o.textContent = text; o.hidden = false; }
  function hideOverlay() { $("overlay").hidden = true; }

  function showSubs() {
    var track = activeTrack();
    if (track) track.mode = state.subs ? "showing" : "hidden";
    var b = $("subs");
    b.textContent = tr(state.subs ? "subsOn" : "subsOff");
    b.setAttribute("aria-pressed", state.subs ? "true" : "false");
  }
  function toggleSubs() { state.subs = !state.subs; showSubs(); }
  function showAuto() {
    var b = $("auto");
    b.textContent = tr(state.auto ? "autoOn" : "autoOff");
    b.setAttribute("aria-pressed", state.auto ? "true" : "false");
  }
  function toggleAuto() { state.auto = !state.auto; showAuto(); }

  function fullscreen() {
    var screen = $("screen");
    var p = document.fullscreenElement ? document.exitFullscreen() : screen.requestFullscreen();
    if (p && p.catch) p.catch(function () { /* not allowed here */ });
  }

  video.addEventListener("ended", function () {
    var last = state.index >= state.scene.sections.length - 1;
    if (state.auto && !last) { next(); return; }
    overlay(tr(last ? "lastEnded" : "ended"));
  });
  video.addEventListener("play", hideOverlay);
  video.addEventListener("timeupdate", function () {
    var d = video.duration;
    $("progress-bar").style.width = (d > 0 ? 100 * video.currentTime / d : 0) + "%";
  });
  video.addEventListener("click", togglePlay);
  $("progress").addEventListener("click", function (e) {
    var r = this.getBoundingClientRect();
    if (video.duration > 0) video.currentTime = video.duration * (e.clientX - r.left) / r.width;
  });
  function button(id, action) {
    $(id).addEventListener("click", function (e) { action(); if (e.detail) this.blur(); });
  }
  button("prev", prev);
  button("next", next);
  button("subs", toggleSubs);
  button("auto", toggleAuto);

  // ------------------------------------------------------------------ keys
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var key = e.key;
    if (state.view === "player") {
      var t = e.target;
      var onControl = t && t !== document.body && /^(A|BUTTON)$/.test(t.tagName);
      if (onControl && (key === "Enter" || key === " ")) return;  // the focused control acts
      if (key === "ArrowRight" || key === " " || key === "PageDown") next();
      else if (key === "ArrowLeft" || key === "PageUp") prev();
      else if (key === "s" || key === "S") toggleSubs();
      else if (key === "k" || key === "K") togglePlay();
      else if (key === "r" || key === "R") load(state.index, true);
      else if (key === "a" || key === "A") toggleAuto();
      else if (key === "f" || key === "F") fullscreen();
      else if (key === "Home") load(0, true);
      else if (key === "End") load(state.scene.sections.length - 1, true);
      else if (/^[1-9]$/.test(key)) { var n = +key - 1; if (n < state.scene.sections.length) load(n, true); }
      else if (key === "Escape" || key === "Backspace") {
        if (document.fullscreenElement) return;
        location.hash = hashOf(state.folder);
      }
      else return;
      e.preventDefault();
    } else if (state.view === "gallery") {
      if (key === "ArrowRight") moveCard(1);
      else if (key === "ArrowLeft") moveCard(-1);
      else if (key === "ArrowDown") moveCard(cardsPerRow());
      else if (key === "ArrowUp") moveCard(-cardsPerRow());
      else return;
      e.preventDefault();
    }
  });

  window.addEventListener("hashchange", route);
  route();
  window.lecturePlayer = { state: state, library: LIB };  // for tests and the console
})();
"""


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
