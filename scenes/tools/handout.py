"""Printable handouts: ``videos/<lang>-<theme>/<Scene>.pdf``, A4.

One block per section: its heading, its last picture (the last frame of the section's clip),
its subtitles as running text, and a small table of the numbers it shows, from the scene's
numbers file (scenes/tools/numbers.py: each number's name, the text on screen, its exact value
and where it comes from). The page is HTML (the template and style sheet in
scenes/tools/handout_assets/, its texts in zh and en in ui.toml), printed to PDF by headless
Chromium (``chromium --headless --print-to-pdf``); Chinese is set in the Noto CJK font, as real
text (selectable, searchable).

What it reads, per folder videos/<lang>-<theme>/ (written by the render driver):

    <Scene>.numbers.json   <Scene>.srt   sections/<Scene>.json   sections/<Scene>_0000_<name>.mp4 ...

The stills and the page are kept in media/<lang>-<theme>/handouts/<Scene>/ with the key of
their inputs: a handout whose inputs did not change is not printed again.

    python -m scenes handout                   # every rendered scene of every videos/<variant>/
    python -m scenes handout --numbers         # write the numbers files first (as make videos)
    python -m scenes handout --scenes LoRA --langs zh --themes dark --force
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import tomllib

from scenes.tools import numbers as nums
from scenes.tools.common import REPO_ROOT, SceneSpec

ASSETS = "scenes.tools.handout_assets"  # the page's template, style sheet and texts
CHROMIUM = "chromium"
STILL_WIDTH = 1280  # px of a section's picture in the PDF (about 180 dpi across the page)
STILL_QUALITY = 4  # ffmpeg's JPEG quality scale: 2 (best) .. 31
SHOWN_MAX = 6  # texts of a record listed in its row; the rest is counted
EXACT_MAX = 2  # records of at most this many numbers list every exact value
EXACT_DIGITS = 10  # significant digits of an exact value in the tables
NAMES_MAX = 3  # names of one row (the same number shown by several records)
PRINT_TIMEOUT = 120  # seconds Chromium may take to print one handout


# ---------------------------------------------------------------- the page's texts


def asset(name: str) -> str:
    return resources.files(ASSETS).joinpath(name).read_text(encoding="utf-8")


def ui_text() -> dict[str, dict[str, str]]:
    """The handout's own texts, ``{key: {lang: text}}`` (handout_assets/ui.toml)."""
    return tomllib.loads(asset("ui.toml"))


def ui(lang: str, table: dict | None = None) -> dict[str, str]:
    table = ui_text() if table is None else table
    return {key: texts.get(lang) or texts["en"] for key, texts in table.items()}


# ---------------------------------------------------------------- subtitles


def section_cues(cues: list[tuple[float, float, str]], durations: list[float]) -> list[list[str]]:
    """The cue texts of each section: a cue belongs to the section it starts in (sections play
    back to back in the full video; a cue running over a boundary is not repeated)."""
    out: list[list[str]] = [[] for _ in durations]
    ends, t = [], 0.0
    for d in durations:
        t += d
        ends.append(t)
    for start, _, text in cues:
        k = next((i for i, end in enumerate(ends) if start < end - 1e-6), len(ends) - 1)
        if out:
            out[k].append(text)
    return out


_HAN = re.compile(r"[\u3400-\u9fff]")  # Chinese characters
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef]")  # 。，、：“” and full-width forms


def _joint(a: str, b: str) -> str:
    """What goes between two cues of Chinese text ending in ``a`` and starting with ``b``: the
    text puts a space around Latin words and numbers, none next to Chinese punctuation or
    between two Chinese characters."""
    if _CJK_PUNCT.match(a) or _CJK_PUNCT.match(b) or (_HAN.match(a) and _HAN.match(b)):
        return ""
    return " "


def running_text(texts: list[str], lang: str) -> str:
    """Cues (of one or two lines each) as one paragraph; a line break inside a cue is the
    player's, not the text's (Chinese lines are joined as :func:`_joint` says, English with a
    space)."""
    out = ""
    for text in texts:
        for line in (ln.strip() for ln in text.splitlines()):
            if not line:
                continue
            if out:
                out += _joint(out[-1], line[0]) if lang == "zh" else " "
            out += line
    return out


# ---------------------------------------------------------------- the numbers tables


def short_name(name: str, topic: str) -> str:
    """A record's name without the scene's prefixes: "subtitle:self_attention.input.say1" and
    "self_attention.input.shape" -> "input.say1", "input.shape"."""
    name = name.removeprefix("subtitle:")
    return name.removeprefix(f"{topic}.") if topic else name


def exact(value: float) -> str:
    """An exact value as the tables print it: EXACT_DIGITS significant digits, a real minus."""
    text = f"{value:.{EXACT_DIGITS}g}"
    return text.replace("-", "\u2212")


def table_rows(section: dict, topic: str, texts: dict[str, str]) -> list[dict[str, str]]:
    """The rows of a section's table: one per record name (a matrix, a chart; the ticks of an
    axis, shown by one number mobject each, together), one per number of a text or subtitle.
    A number shown again with the same text and origin (a subtitle says what a caption shows,
    three heatmaps of one kind) is one row with the names of all (NAMES_MAX at most)
    -> [{name, shown, exact, origin}]."""
    rows: dict[tuple, dict] = {}  # by (what is shown, origin), in the order first shown

    def add(key, name, shown, values, origin):
        new = key not in rows
        row = rows.setdefault(key, {"names": [], "shown": [], "values": [], "origin": origin})
        if name not in row["names"]:
            row["names"].append(name)
        if new or key[0] == "numbers":  # a number shown again is not listed again
            row["shown"] += shown
            row["values"] += values

    for record in section["records"]:
        name = short_name(record["name"], topic)
        numbers = record["numbers"]
        if record["drawn"]:
            shape = "\u00d7".join(str(n) for n in record["shape"]) or "1"
            add(("drawn", shape, record["origin"]), name, [texts["drawn"].format(shape=shape)],
                [], record["origin"])
        elif any("key" in n for n in numbers):
            for n in numbers:
                origin = n.get("origin") or record["origin"]
                add(("text", n["text"], origin), f"{name} \u00b7 {n['key']}", [n["text"]],
                    [n["value"]], origin)
        else:  # all numbers of one name and origin in one row (a matrix, an axis's ticks)
            add(("numbers", name, record["origin"]), name, [n["text"] for n in numbers],
                [n["value"] for n in numbers], record["origin"])
    out = []
    for row in rows.values():
        names, shown, values = row["names"], row["shown"], row["values"]
        more = len(shown) - SHOWN_MAX
        out.append({
            "name": ", ".join(names[:NAMES_MAX]) + (" \u2026" if len(names) > NAMES_MAX else ""),
            "shown": "  ".join(shown[:SHOWN_MAX]) + (" " + texts["more"].format(n=more)
                                                     if more > 0 else ""),
            "exact": "  ".join(exact(v) for v in values[:EXACT_MAX])
                     + (" \u2026" if len(values) > EXACT_MAX else ""),
            "origin": row["origin"]})
    return out


# ---------------------------------------------------------------- the page


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def data_uri(jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def page(doc: dict, sections: list[dict], texts: dict[str, str]) -> str:
    """The handout as one HTML page: ``doc`` is the numbers file, ``sections`` per section
    {name, title, still (a data: URI or None), narration, rows} in the video's order."""
    lang = doc["lang"]
    blocks = []
    for n, s in enumerate(sections, start=1):
        still = (f'<img class="still" src="{s["still"]}" alt="{_e(s["title"])}">' if s["still"]
                 else f'<div class="still none">{_e(texts["no_still"])}</div>')
        narration = (f'<p class="narration">{_e(s["narration"])}</p>' if s["narration"] else "")
        if s["rows"]:
            body = "".join(
                f'<tr><td class="name">{_e(r["name"])}</td><td class="shown">{_e(r["shown"])}'
                f'</td><td class="exact">{_e(r["exact"])}</td>'
                f'<td class="origin">{_e(r["origin"])}</td></tr>' for r in s["rows"])
            table = (f'<table class="numbers"><caption>{_e(texts["numbers"])}</caption>'
                     f'<thead><tr><th>{_e(texts["col_name"])}</th><th>{_e(texts["col_shown"])}'
                     f'</th><th>{_e(texts["col_exact"])}</th><th>{_e(texts["col_origin"])}</th>'
                     f'</tr></thead><tbody>{body}</tbody></table>')
        else:
            table = f'<p class="no-numbers">{_e(texts["no_numbers"])}</p>'
        blocks.append(
            f'<section class="sec" data-section="{_e(s["name"])}">'
            f'<div class="head"><h2><span class="n">{n}</span> {_e(s["title"])}</h2>'
            f'{still}</div>{narration}{table}</section>')
    meta = texts["meta"].format(sentence=doc["sentence"], variant=f"{lang}-{doc['theme']}")
    return (asset("handout.html")
            .replace("__LANG__", "zh-CN" if lang == "zh" else "en")
            .replace("__TITLE__", _e(f"{doc['title']} \u00b7 {texts['handout']}"))
            .replace("__CSS__", asset("handout.css"))
            .replace("__H1__", _e(doc["title"]))
            .replace("__KIND__", _e(texts["handout"]))
            .replace("__META__", _e(meta))
            .replace("__NOTE__", _e(texts["note"]))
            .replace("__SECTIONS__", "\n".join(blocks)))


# ---------------------------------------------------------------- inputs


class HandoutError(RuntimeError):
    """A handout cannot be made (a file it needs is missing, Chromium failed)."""


def inputs_of(folder: Path, cls: str) -> dict:
    """The files a handout is made from: the numbers file, the subtitles, the section index
    and its clips -> {numbers, subtitles, index, clips: [(entry, path)]}."""
    numbers_file = folder / f"{cls}{nums.SUFFIX}"
    if not numbers_file.is_file():
        raise HandoutError(f"{numbers_file} is missing: write it first (python -m scenes "
                           f"numbers, or python -m scenes handout --numbers)")
    index = folder / "sections" / f"{cls}.json"
    if not index.is_file():
        raise HandoutError(f"{index} is missing: render the scene with its sections "
                           f"(python -m scenes render)")
    entries = json.loads(index.read_text(encoding="utf-8"))
    clips = [(e, folder / "sections" / Path(str(e.get("video", ""))).name) for e in entries]
    subtitles = next((p for p in (folder / f"{cls}.srt", folder / f"{cls}.vtt") if p.is_file()),
                     None)
    return {"numbers": numbers_file, "subtitles": subtitles, "index": index, "clips": clips}


def inputs_key(found: dict) -> str:
    """What a handout depends on: its input files, the handout's code and page, the tools."""
    h = hashlib.sha256()
    files = [found["numbers"], found["index"], found["subtitles"]]
    files += [Path(__file__), *(Path(str(resources.files(ASSETS).joinpath(n)))
                                for n in ("handout.html", "handout.css", "ui.toml"))]
    for path in files:
        if path is not None:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    for _, clip in found["clips"]:  # a clip by its size and time: reading them is the cost
        st = clip.stat() if clip.is_file() else None
        h.update(f"{clip.name}\0{st and st.st_size}\0{st and st.st_mtime_ns}".encode())
    h.update(f"{STILL_WIDTH} {STILL_QUALITY} {shutil.which(CHROMIUM)}".encode())
    return h.hexdigest()


def last_frame_jpeg(clip: Path, out: Path, width: int = STILL_WIDTH) -> Path:
    """The last frame of ``clip`` as a JPEG ``width`` px wide (never wider than the clip)."""
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-sseof", "-0.5", "-i", str(clip), "-vf",
         f"scale='min({width},iw)':-2", "-q:v", str(STILL_QUALITY), "-update", "1", str(out)],
        capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        raise HandoutError(f"no last frame from {clip}: {done.stderr.strip()[-500:]}")
    return out


def print_pdf(page_file: Path, pdf: Path, chromium: str = CHROMIUM) -> Path:
    """Print an HTML file to PDF with headless Chromium (the page sets A4 and its margins)."""
    exe = shutil.which(chromium)
    if exe is None:
        raise HandoutError(f"{chromium} is not installed: run scripts/setup-system.sh "
                           f"(make setup) to install Debian's chromium")
    profile = tempfile.mkdtemp(prefix="handout-chromium-")
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    try:
        done = subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--mute-audio", "--no-pdf-header-footer",
             f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", page_file.resolve().as_uri()],
            capture_output=True, text=True, timeout=PRINT_TIMEOUT, check=False,
            stdin=subprocess.DEVNULL)
        if done.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
            raise HandoutError(f"chromium could not print {page_file}: "
                               f"{done.stderr.strip()[-800:]}")
        tmp.replace(pdf)
    except subprocess.TimeoutExpired:
        raise HandoutError(f"chromium took more than {PRINT_TIMEOUT}s to print {page_file}") \
            from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        tmp.unlink(missing_ok=True)
    return pdf


def page_count(pdf: Path) -> int:
    """Pages of a PDF Chromium wrote (its page objects are plain: counted without poppler)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


# ---------------------------------------------------------------- one handout


def handout_sections(doc: dict, found: dict, stills: dict[str, bytes], texts: dict) -> list[dict]:
    """The page's sections: those of the section index (the video's), with their titles and
    numbers from the numbers file, their subtitles and their stills."""
    from scenes.tools import player

    by_name = {s["name"]: s for s in doc["sections"]}
    entries = [e for e, _ in found["clips"]]
    durations = []
    for e in entries:
        try:
            durations.append(float(e.get("duration", 0.0)))
        except (TypeError, ValueError):
            durations.append(0.0)
    cues = []
    if found["subtitles"] is not None:
        cues = player.parse_subtitles(found["subtitles"].read_text(encoding="utf-8"))
    own = section_cues(cues, durations)
    out = []
    for entry, texts_of in zip(entries, own, strict=True):
        name = str(entry.get("name", ""))
        section = by_name.get(name)
        if section is None:
            raise HandoutError(f"section {name!r} of {found['index']} is not in "
                               f"{found['numbers']}: write the numbers file again (python -m "
                               f"scenes numbers --force)")
        out.append({"name": name, "title": section["title"],
                    "still": data_uri(stills[name]) if name in stills else None,
                    "narration": running_text(texts_of, doc["lang"]),
                    "rows": table_rows(section, doc["topic"], texts)})
    return out


def write_handout(spec: SceneSpec, variant: str, videos: Path, work: Path | None = None,
                  force: bool = False) -> tuple[Path, bool]:
    """Write ``videos/<variant>/<Scene>.pdf`` -> (path, printed); kept when nothing changed."""
    folder = Path(videos) / variant
    pdf = folder / f"{spec.cls}.pdf"
    found = inputs_of(folder, spec.cls)
    work = Path(work or REPO_ROOT / "media" / variant / "handouts" / spec.cls)
    work.mkdir(parents=True, exist_ok=True)
    key = inputs_key(found)
    key_file = work / "inputs.key"
    if not force and pdf.is_file() and key_file.is_file() and key_file.read_text() == key:
        return pdf, False
    doc = nums.read(found["numbers"])
    texts = ui(doc["lang"])
    stills = {}
    for entry, clip in found["clips"]:
        if clip.is_file():
            name = str(entry.get("name", ""))
            stills[name] = last_frame_jpeg(clip, work / f"{name}.jpg").read_bytes()
    html_file = work / f"{spec.cls}.html"
    html_file.write_text(page(doc, handout_sections(doc, found, stills, texts), texts),
                         encoding="utf-8")
    print_pdf(html_file, pdf)
    key_file.write_text(key)
    return pdf, True


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    nums.add_arguments(parser)
    parser.add_argument("--numbers", action="store_true",
                        help="write each scene's numbers file first (a dry build when its "
                             "inputs changed)")


def one(spec: SceneSpec, variant: str, videos: Path, media: Path, with_numbers: bool,
        force: bool) -> str:
    """Make one scene's files -> a line saying what was done."""
    parts = []
    if with_numbers:
        started = time.monotonic()
        path, built = nums.write_numbers(spec, variant, videos, media / variant, force=force)
        parts.append(f"{path.name} {'built' if built else 'unchanged'} "
                     f"{path.stat().st_size / 1024:.0f} KB {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    pdf, printed = write_handout(spec, variant, videos, media / variant / "handouts" / spec.cls,
                                 force=force)
    parts.append(f"{pdf.name} {'printed' if printed else 'unchanged'} {page_count(pdf)} pages "
                 f"{pdf.stat().st_size / 1024:.0f} KB {time.monotonic() - started:.1f}s")
    return "; ".join(parts)


def run(args, parser) -> int:
    pairs = nums.selected(args, parser)
    if not pairs:
        print(f"no rendered scenes in {args.videos} for these options: render first",
              file=sys.stderr)
        return 1
    failed = 0
    for n, (variant, spec) in enumerate(pairs, start=1):
        try:
            line = one(spec, variant, Path(args.videos), Path(args.media), args.numbers,
                       args.force)
        except (HandoutError, nums.OriginError, ValueError, OSError) as exc:
            failed += 1
            line = f"failed: {exc}"
        print(f"[{n}/{len(pairs)}] {variant}-{spec.cls}: {line}", flush=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes handout", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv), parser)


# ---------------------------------------------------------------- the player's panel


def annotate(scene: dict, folder: Path, root: Path, lang: str) -> dict:
    """Add to a scene of the offline player (scenes/tools/player.py) its handout and numbers
    files (``handout``, ``numbers``: URLs, or None when missing) and, from the numbers file,
    each section's table (``numbers``: [[name, on screen, exact, origin], ...], the handout's
    rows; None when the file has no such section) -> the scene."""
    from scenes.tools import player

    cls = scene["id"]
    pdf, numbers_file = folder / f"{cls}.pdf", folder / f"{cls}{nums.SUFFIX}"
    scene["handout"] = player._url(pdf, root) if pdf.is_file() else None
    scene["numbers"] = player._url(numbers_file, root) if numbers_file.is_file() else None
    doc = None
    if numbers_file.is_file():
        try:
            doc = nums.read(numbers_file)
        except (OSError, ValueError):
            doc = None  # a broken file: the page is still written, without the panel
    by_name = {s["name"]: s for s in doc["sections"]} if doc else {}
    texts = ui(lang)
    for section in scene["sections"]:
        found = by_name.get(section["name"])
        section["numbers"] = None if found is None else [
            [r["name"], r["shown"], r["exact"], r["origin"]]
            for r in table_rows(found, doc.get("topic", ""), texts)]
    return scene


# ---------------------------------------------------------------- after make videos' renders


def command(spec: SceneSpec, variant: str, videos: Path) -> list[str]:
    """The command that writes one rendered scene's numbers file and handout."""
    lang, _, theme = variant.partition("-")
    return [sys.executable, "-m", "scenes", "handout", "--numbers", "--videos", str(videos),
            "--scenes", spec.cls, "--langs", lang, "--themes", theme]


def after_render(pairs: list[tuple[str, SceneSpec]], n_parallel: int, videos: Path,
                 root: Path = REPO_ROOT, stream=None) -> bool:
    """The numbers files and handouts of the rendered scenes, ``n_parallel`` at a time, one
    progress line each; True when all were made."""
    stream = sys.stdout if stream is None else stream
    if not pairs:
        return True
    print(f"Numbers and handouts of {len(pairs)} video(s), {min(n_parallel, len(pairs))} at a "
          f"time", file=stream, flush=True)
    waiting, running, ok, done = list(pairs), [], True, 0
    started = time.monotonic()
    while waiting or running:
        while waiting and len(running) < max(1, n_parallel):
            variant, spec = waiting.pop(0)
            proc = subprocess.Popen(command(spec, variant, videos), cwd=root,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    stdin=subprocess.DEVNULL, env=dict(os.environ))
            running.append((variant, spec, proc, time.monotonic()))
        time.sleep(0.2)
        for item in list(running):
            variant, spec, proc, t0 = item
            if proc.poll() is None:
                continue
            running.remove(item)
            done += 1
            output = proc.stdout.read() if proc.stdout else ""
            lines = [ln for ln in output.splitlines() if ln.strip()]
            said = next((ln.split(": ", 1)[1] for ln in reversed(lines)
                         if ln.startswith("[1/1] ")), None)
            if proc.returncode != 0:
                ok = False
                said = said or (lines[-1] if lines else f"exit {proc.returncode}")
            print(f"[{done}/{len(pairs)}] {variant}-{spec.cls}: {said} "
                  f"({time.monotonic() - t0:.1f}s)", file=stream, flush=True)
    print(f"numbers and handouts: {time.monotonic() - started:.1f}s", file=stream, flush=True)
    return ok


if __name__ == "__main__":
    sys.exit(main())
