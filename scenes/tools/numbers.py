"""The numbers of every section: ``videos/<lang>-<theme>/<Scene>.numbers.json``.

Every number a scene shows is recorded by the kit (``LectureScene.shown``: a
:class:`scenes.kit.mobjects.Shown` per number mobject, text or subtitle). This module adds what
a student needs to check them: the section each record belongs to and where its numbers come
from, taken from the scene's ``origins`` table, and writes them as JSON from a dry build of the
scene (scenes.kit.dry: seconds, nothing drawn or encoded) in the variant's language and theme.
The offline player lists them per section ("numbers in this section") and the handouts
(scenes/tools/handout.py) print them as a table.

A scene's ``origins`` maps its record names to where the numbers come from::

    origins = {
        "qkv.q": "scenes.reference.encode: trace encoder[0].self_attn.q[head]",
        "proj.w_?": "model.params: encoder.0.self_attn.w_q, w_k, w_v",      # fnmatch patterns
        "{d}": "model.config.d_model",            # placeholder {d} of any text or subtitle
        "*.say2{dot}": "scenes.reference.self_attention.score_entry: q . k",  # of some texts
    }

An origin is ``<ref>`` or ``<ref>: <which part of it>``, where ``<ref>`` is a reference
function or constant (``scenes.reference....``), a field of the trained model
(``model.config.d_model``, ``model.params.<flat key>``, ``model.src_vocab``), a setting
(``settings.sentence``) or a tunable of the scene (``SelfAttention.head``); the fast tests
check that every ref exists, that every number of every scene has an origin and that every
entry is used. A record's numbers are found by its name; a number that fills a placeholder
``{key}`` of a text or a subtitle also by ``<name>{key}``. The most specific entry wins: the
exact ``<name>{key}``, else the exact name, else the longest pattern matching either.

The file::

    {"scene": "SelfAttention", "topic": "self_attention", "title": "...", "lang": "zh",
     "theme": "dark", "sentence": "我 爱 学习", "inputs": "<hash of what the build read>",
     "sections": [{"name": "04-qkv", "title": "...", "records": [
        {"name": "qkv.q", "shape": [3, 4], "origin": "...", "drawn": false,
         "numbers": [{"index": [0, 0], "text": "0.84", "value": 0.8414709848078965}, ...]},
        {"name": "subtitle:self_attention.qkv.say2", "shape": [2], "origin": null, ...
         "numbers": [{"key": "n", "index": [0], "text": "3", "value": 3.0,
                      "origin": "settings.sentence: its number of words"}, ...]}, ...]}, ...]}

A record's ``origin`` is where all its numbers come from; it is null when they come from
different places (a text with several placeholders), and then each number has its own
``origin``. A number that fills a placeholder of a text has its ``key``. A record whose numbers are drawn,
not written (a heatmap's colours, a plot's curves), has no ``numbers``, ``drawn`` true and its
source's shape. ``value`` is the source value at full precision; ``text`` what the screen shows.

    python -m scenes numbers                        # every scene in every videos/<variant>/
    python -m scenes numbers --scenes SelfAttention --langs zh --themes dark
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from scenes.tools.common import (
    LANGS,
    REPO_ROOT,
    SCENES_DIR,
    THEMES,
    SceneSpec,
    discover,
    environment,
)

SUFFIX = ".numbers.json"
PLACEHOLDER = "{%s}"


# ---------------------------------------------------------------- the sections' records


class Sectioned:
    """Mixin for a LectureScene: ``numbers_by_section`` is {section name: the records it
    added}, taken at the end of every step (before the next step clears the screen)."""

    def setup(self):
        super().setup()
        self.numbers_by_section: dict[str, list] = {}
        self._numbers_seen = 0

    def end_of_step(self):
        super().end_of_step()
        self.numbers_by_section[self.section_names[-1]] = self.shown[self._numbers_seen:]
        self._numbers_seen = len(self.shown)


_SECTIONED: dict[type, type] = {}


def sectioned(scene_cls: type) -> type:
    """``scene_cls`` with :class:`Sectioned` (one class per scene; a sectioned class is kept)."""
    if issubclass(scene_cls, Sectioned):
        return scene_cls
    if scene_cls not in _SECTIONED:
        cls = type(scene_cls.__name__, (Sectioned, scene_cls), {})
        cls.__qualname__ = scene_cls.__qualname__
        cls.__module__ = scene_cls.__module__
        _SECTIONED[scene_cls] = cls
    return _SECTIONED[scene_cls]


def scene_class(spec: SceneSpec) -> type:
    return getattr(importlib.import_module(f"scenes.{spec.module}"), spec.cls)


def build(scene_cls: type, media_dir: str | Path | None = None):
    """A dry build of ``scene_cls`` (settings from the environment, as a render has them)."""
    from manim import logger

    from scenes.kit import dry

    level = logger.level
    logger.setLevel("WARNING")  # a build writes its LaTeX and "Played" lines as INFO
    try:
        return dry.build(sectioned(scene_cls), media_dir=media_dir)
    finally:
        logger.setLevel(level)


# ---------------------------------------------------------------- origins


class OriginError(LookupError):
    """A number the scene shows has no origin in the scene's ``origins``."""


def _matches(pattern: str, name: str) -> bool:
    if pattern.startswith("{"):  # "{d}": the placeholder d of any text or subtitle
        pattern = "*" + pattern
    return fnmatch.fnmatchcase(name, pattern)


def entry_for(origins: dict[str, str], name: str, key: str | None = None) -> str | None:
    """The entry of ``origins`` for a number of record ``name`` (``key``: the placeholder it
    fills): the exact ``name{key}``, else the exact ``name``, else the longest pattern that
    matches either."""
    keyed = name + PLACEHOLDER % key if key is not None else None
    for exact in (keyed, name):
        if exact is not None and exact in origins:
            return exact
    found = [p for p in origins if _matches(p, name) or (keyed and _matches(p, keyed))]
    return max(found, key=len) if found else None


def origin_of(origins: dict[str, str], record, key: str | None = None) -> str | None:
    """Where a number of ``record`` comes from (``key``: the placeholder it fills)."""
    entry = entry_for(origins, record.name, key)
    return None if entry is None else origins[entry]


def entries_used(origins: dict[str, str], records) -> set[str]:
    """The entries of ``origins`` that some number of ``records`` is found by."""
    used = set()
    for r in records:
        for key in (r.keys or (None,)):
            entry = entry_for(origins, r.name, key)
            if entry is not None:
                used.add(entry)
    return used


def ref_of(origin: str) -> str:
    """The ref of an origin: what it names before ``:`` (``model.config.d_model``)."""
    return origin.split(":", 1)[0].strip()


def _attribute_path(obj, path: list[str]) -> bool:
    for part in path:
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif hasattr(obj, part):
            obj = getattr(obj, part)
        else:
            return False
    return True


def ref_problem(ref: str, scene_cls: type) -> str | None:
    """What is wrong with ``ref`` (None: it names something that exists): a reference function
    or constant, a field of the trained model, a setting or a tunable of ``scene_cls``."""
    parts = ref.split(".")
    root = parts[0]
    if ref.startswith("scenes.reference"):
        for cut in range(len(parts), 1, -1):
            try:
                module = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            if _attribute_path(module, parts[cut:]):
                return None
            return f"{'.'.join(parts[:cut])} has no {'.'.join(parts[cut:])}"
        return f"no module {ref}"
    if root == "model":
        from scenes.reference import load_model

        ok = _attribute_path(load_model(), parts[1:])
        return None if ok else f"the trained model has no {'.'.join(parts[1:])}"
    if root == "settings":
        from scenes.kit.settings import Settings

        ok = len(parts) == 2 and parts[1] in Settings.__dataclass_fields__
        return None if ok else f"the settings have no {'.'.join(parts[1:])}"
    if root == scene_cls.__name__:
        ok = len(parts) == 2 and hasattr(scene_cls, parts[1])
        return None if ok else f"{root} has no attribute {'.'.join(parts[1:])}"
    return (f"{ref!r} is neither scenes.reference..., model..., settings... nor a tunable "
            f"{scene_cls.__name__}.<name>")


# ---------------------------------------------------------------- the document


def _index(index) -> list[int]:
    return [int(i) for i in index]


def _value(source: np.ndarray, index) -> float:
    return float(source[tuple(index)] if index else source)


def record_entry(record, origins: dict[str, str], scene: str) -> dict:
    """One record as the file has it (see the module's docstring)."""
    source = np.asarray(record.source, dtype=np.float64)
    numbers = []
    for n, (index, text) in enumerate(record.cells.items()):
        key = record.keys[n] if n < len(record.keys) else None
        origin = origin_of(origins, record, key)
        if origin is None:
            what = f"{record.name}{PLACEHOLDER % key}" if key else record.name
            raise OriginError(f"{scene} shows {what!r} ({text}) but {scene}.origins does not "
                              f"say where it comes from: add an entry for it")
        number = {"index": _index(index), "text": text, "value": _value(source, index),
                  "origin": origin}
        if key is not None:
            number = {"key": key, **number}
        numbers.append(number)
    origins_of_numbers = {n["origin"] for n in numbers}
    if numbers:
        origin = origins_of_numbers.pop() if len(origins_of_numbers) == 1 else None
        if origin is not None:  # one origin for all: said once, by the record
            numbers = [{k: v for k, v in n.items() if k != "origin"} for n in numbers]
    else:
        origin = origin_of(origins, record)
        if origin is None:
            raise OriginError(f"{scene} draws {record.name!r} but {scene}.origins does not say "
                              f"where it comes from: add an entry for it")
    return {"name": record.name, "shape": list(source.shape), "origin": origin,
            "drawn": not numbers, "numbers": numbers}


def document(scene, inputs: str = "") -> dict:
    """The numbers of a dry-built sectioned scene (:func:`build`), section by section."""
    from scenes import strings
    from scenes.tools import player

    cls = type(scene)
    name = cls.__name__
    origins = getattr(cls, "origins", None) or {}
    title = player.scene_title(name, scene.topic, scene.lang, strings.STRINGS)
    sections = []
    for section in scene.section_names:
        records = scene.numbers_by_section.get(section, [])
        sections.append({
            "name": section,
            "title": player.section_title(section, scene.topic, scene.lang, strings.STRINGS,
                                          title),
            "records": [record_entry(r, origins, name) for r in records],
        })
    return {"scene": name, "topic": scene.topic, "title": title, "lang": scene.lang,
            "theme": scene.theme.name, "sentence": " ".join(scene.words), "inputs": inputs,
            "sections": sections}


def dumps(doc: dict) -> str:
    """The file's text: the scene's fields and each section one a line, then each record, and
    each number on a line of its own (small, and diffable)."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    head = {k: v for k, v in doc.items() if k != "sections"}
    lines = ["{"] + [f" {one(k)}: {one(v)}," for k, v in head.items()] + [' "sections": [']
    for i, section in enumerate(doc["sections"]):
        fields = ", ".join(f"{one(k)}: {one(v)}" for k, v in section.items() if k != "records")
        lines.append(f"  {{{fields}, \"records\": [")
        for j, record in enumerate(section["records"]):
            fields = ", ".join(f"{one(k)}: {one(v)}" for k, v in record.items()
                               if k != "numbers")
            numbers = record["numbers"]
            if not numbers:
                lines.append(f"   {{{fields}, \"numbers\": []}}" + ("," if j < len(
                    section["records"]) - 1 else ""))
                continue
            lines.append(f"   {{{fields}, \"numbers\": [")
            lines += [f"    {one(n)}," for n in numbers[:-1]] + [f"    {one(numbers[-1])}"]
            lines.append("   ]}" + ("," if j < len(section["records"]) - 1 else ""))
        lines.append("  ]}" + ("," if i < len(doc["sections"]) - 1 else ""))
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


def path_of(videos: Path, variant: str, cls: str) -> Path:
    return Path(videos) / variant / f"{cls}{SUFFIX}"


def read(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None


def inputs_key(spec: SceneSpec) -> str:
    """What a scene's numbers file depends on, hashed: what its render depends on (the kit, the
    reference code, the strings, assets/ and manim.cfg: scenes.kit.reuse.INPUT_GLOBS), the
    scene's module and parts, this module, the TVIZ_* settings and the package versions."""
    import hashlib

    from scenes.kit.reuse import INPUT_GLOBS, PACKAGES, package_versions

    files = {p for pattern in INPUT_GLOBS for p in REPO_ROOT.glob(pattern) if p.is_file()}
    files |= {p for p in (SCENES_DIR / f"{spec.module}.py",
                          SCENES_DIR / "parts" / f"{spec.module}.py", Path(__file__),
                          Path(__file__).with_name("player.py")) if p.is_file()}
    h = hashlib.sha256(f"{spec.module}.{spec.cls}\0".encode())
    for path in sorted(files):
        data = path.read_bytes()
        h.update(f"{path.relative_to(REPO_ROOT).as_posix()}\0{len(data)}\0".encode() + data)
    env = {k: v for k, v in sorted(os.environ.items()) if k.startswith("TVIZ_")}
    h.update(json.dumps([env, package_versions(PACKAGES)]).encode())
    return h.hexdigest()


def write_numbers(spec: SceneSpec, variant: str, videos: Path,
                  media_dir: Path | None = None, force: bool = False) -> tuple[Path, bool]:
    """Write ``videos/<variant>/<Scene>.numbers.json`` from a dry build in the variant's
    language and theme (other TVIZ_* settings as in the environment) -> (path, built); a file
    whose inputs did not change is kept."""
    lang, _, theme = variant.partition("-")
    if lang not in LANGS or theme not in THEMES:
        raise ValueError(f"variant {variant!r} is not <lang>-<theme> of {'|'.join(LANGS)} and "
                         f"{'|'.join(THEMES)}")
    out = path_of(videos, variant, spec.cls)
    with environment({"TVIZ_LANG": lang, "TVIZ_THEME": theme}):
        key = inputs_key(spec)
        if not force and out.is_file():
            try:
                if read(out).get("inputs") == key:
                    return out, False
            except ValueError:
                pass
        scene = build(scene_class(spec), media_dir or REPO_ROOT / "media" / variant)
        doc = document(scene, key)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(dumps(doc), encoding="utf-8")
    tmp.replace(out)
    return out, True


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--videos", type=Path, default=REPO_ROOT / "videos",
                        help="the folder with the <lang>-<theme>/ folders (default: videos/)")
    parser.add_argument("--scenes", default="",
                        help="comma-separated scene classes or modules (default: all)")
    parser.add_argument("--langs", default=",".join(LANGS), help="comma-separated languages")
    parser.add_argument("--themes", default=",".join(THEMES), help="comma-separated themes")
    parser.add_argument("--media", type=Path, default=REPO_ROOT / "media",
                        help="where the builds keep their caches: <media>/<lang>-<theme>/ "
                             "(default: media/, as the renders)")
    parser.add_argument("--force", action="store_true",
                        help="build again even when nothing changed")


def _choices(parser, option: str, value: str, accepted: tuple[str, ...], what: str) -> list:
    given = [v.strip() for v in value.split(",") if v.strip()]
    if not given:
        parser.error(f"{option} is empty (accepted {what}s: {', '.join(accepted)})")
    for v in given:
        if v not in accepted:
            parser.error(f"unknown {what} '{v}' in {option} (accepted: {', '.join(accepted)})")
    return list(dict.fromkeys(given))


def selected(args, parser) -> list[tuple[str, SceneSpec]]:
    """(variant, scene) pairs asked for: the scenes whose MP4 is in videos/<variant>/."""
    from scenes.tools import render

    langs = _choices(parser, "--langs", args.langs, LANGS, "language")
    themes = _choices(parser, "--themes", args.themes, THEMES, "theme")
    names = [v.strip() for v in args.scenes.split(",") if v.strip()]
    specs = render.select_scenes(parser, names, discover())
    return [(f"{lang}-{theme}", s) for lang in langs for theme in themes for s in specs
            if (Path(args.videos) / f"{lang}-{theme}" / f"{s.cls}.mp4").is_file()]


def run(args, parser) -> int:
    pairs = selected(args, parser)
    if not pairs:
        print(f"no rendered scenes in {args.videos} for these options: render first",
              file=sys.stderr)
        return 1
    failed = 0
    for n, (variant, spec) in enumerate(pairs, start=1):
        started = time.monotonic()
        try:
            path, built = write_numbers(spec, variant, args.videos, args.media / variant,
                                        force=args.force)
        except (OriginError, ValueError, OSError) as exc:
            failed += 1
            print(f"[{n}/{len(pairs)}] {variant}-{spec.cls}: numbers failed: {exc}", flush=True)
            continue
        note = "built" if built else "unchanged"
        print(f"[{n}/{len(pairs)}] {variant}-{spec.cls}: {path.name} {note}, "
              f"{path.stat().st_size / 1024:.0f} KB, {time.monotonic() - started:.1f}s",
              flush=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes numbers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv), parser)


if __name__ == "__main__":
    sys.exit(main())
