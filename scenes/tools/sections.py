"""Sections as the unit of rendering: every section of a scene rendered as a job of its own on a
pool of workers, kept until its inputs change, and joined into what a whole render writes.

A lecture scene (scenes/kit/base.py) draws each step in a section of its own on a clear screen
from the data ``prepare()`` computed, and the setting TVIZ_STEPS renders only the chosen steps
with their usual section names (``05-softmax``). So the render driver (``python -m scenes
render``) renders each section of each scene as one job: a worker of the pool
(scenes/tools/pool.py, manim imported once per worker) builds the scene with only that step
chosen, into the section's own folder, its *store*::

    media/<lang>-<theme>/split/<module>/<quality>/<Scene>/<NN-step>/     (<NN-step>-last: the
        sections/<Scene>_0000_<NN-step>.mp4 and <Scene>.json             scene's last section)
        partial_movie_files/  (manim's cache)
        section.json        the record: inputs key, the clip's index entry, the scene's clock
                            at the section's end, its subtitle cues, the files and their sizes

A section ends as it does when another one follows it (its last subtitle held its reading time,
as ``LectureScene.step`` does before the next section); only the last section of the scene
ends on the final hold. Then the section clips are joined without re-encoding by libavformat's
concat demuxer (through PyAV, exactly as manim joins its partial movie files: a packet-for-packet
copy; the ffmpeg command line's ``-c copy`` would stretch the last packet of every clip by a few
ticks of the variable-frame-rate MP4s that scenes/kit/encoding.py writes), into the files a
whole render leaves in ``media/<lang>-<theme>/videos/<module>/<quality>/``: ``<Scene>.mp4``,
``<Scene>.srt`` (each section's cues moved by the clock at its start: the sum of the sections
before it) and ``sections/`` (the clips, renumbered as a whole render numbers them, and the
JSON index); the render driver collects them into videos/ as before.

The inputs key of a section, hashed from:

- its step's method (``step_<key>`` or ``<key>`` of the scene class or a base class of its
  module) and the rest of the scene's module (every line but the scene's step methods), the
  files under scenes/ that the module imports (its parts module, ...), and the section's name
  and place (its number; whether it is the scene's last);
- the strings of the step (catalogue ids ``<topic>.<step>.*``; the title card's are
  ``<topic>.title`` and ``<topic>.subtitle``), the topic's shared ids (those of no step), and
  every id the section read when it was last rendered (recorded by the worker: steps and helpers
  read one another's strings, by ids they compute), in the section's language;
- the kit, the reference layer and assets/ (the prepared data), manim.cfg, this module, the
  pool and the typesetting guards (scenes/tools/typesetting.py: workers share the media dir's
  Text and LaTeX caches), the settings (language, theme, sentence), the quality and the
  versions of Python, Manim, NumPy, PyAV, ManimPango, Pycairo and srt.

A section whose key did not change keeps its clip, subtitles and duration: editing one step's
subtitle text renders that one section again. TVIZ_STEPS (and the manim.cfg ``steps``) selects
sections; a scene without ``steps`` declared as a literal renders whole, as before.

Commands (what ``render --plan`` prints, one line per section and one per join)::

    python -m scenes.tools.sections section -ql positional_encoding:PositionalEncoding 02-formula
    python -m scenes.tools.sections join -ql positional_encoding:PositionalEncoding 00-title,...
    python -m scenes.tools.sections scene -ql --workers 2 positional_encoding:PositionalEncoding

(TVIZ_LANG, TVIZ_THEME and TVIZ_SENTENCE from the environment; ``scene`` renders every chosen
section of one scene on a pool and joins them, without collecting into videos/.)
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import importlib.util
import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from subprocess import SubprocessError
from typing import TextIO

from scenes import strings
from scenes.tools import common
from scenes.tools.common import LANGS, QUALITY_DIRS, REPO_ROOT, THEMES, SceneSpec
from scenes.tools.common import _base_names as base_names

# files every section of every scene depends on (relative to the repo root)
COMMON_INPUTS = ("scenes/__init__.py", "scenes/kit/**/*.py", "scenes/reference/**/*.py",
                 "scenes/strings/__init__.py", "assets/**/*", "manim.cfg",
                 "scenes/tools/sections.py", "scenes/tools/pool.py",
                 "scenes/tools/typesetting.py")
# packages of scenes/ that COMMON_INPUTS covers (or that a topic never imports: the tools)
COVERED = ("scenes.kit", "scenes.reference", "scenes.strings", "scenes.tools")
PACKAGES = ("manim", "numpy", "av", "manimpango", "pycairo", "srt")
TITLE = "title"  # the title card's section ("00-title")
TITLE_STRINGS = ("title", "subtitle")  # the title card's ids of a topic
STORE = "split"  # media/<lang>-<theme>/split/...: the sections' folders
RECORD = "section.json"
READING_SPEED = {"zh": 6.0, "en": 15.0}  # characters a second: only to order the jobs
SETUP = "scenes.tools.sections:worker_setup"


def _settings():
    """scenes/kit/settings.py (step and setting checks) without importing the kit (manim)."""
    loaded = sys.modules.get("scenes.kit.settings") or sys.modules.get(_SETTINGS_ALIAS)
    if loaded is None:
        spec = importlib.util.spec_from_file_location(
            _SETTINGS_ALIAS, Path(__file__).resolve().parents[1] / "kit" / "settings.py")
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[_SETTINGS_ALIAS] = loaded
        spec.loader.exec_module(loaded)
    return loaded


_SETTINGS_ALIAS = "_tviz_sections_settings"


class SectionError(ValueError):
    """A section that cannot be rendered or joined as asked."""


# ---------------------------------------------------------------- a scene's source


@dataclass(frozen=True)
class SceneSource:
    """What a scene's module says about its sections, read without importing it."""

    spec: SceneSpec
    steps: tuple[str, ...] | None  # None: no literal ``steps`` (the scene renders whole)
    step_code: dict[str, str]  # step -> its method's lines (absent: inherited from elsewhere)
    other_code: str  # the module without the scene's step methods
    imports: tuple[str, ...]  # files under scenes/ the module imports, not in COMMON_INPUTS

    @property
    def topic(self) -> str:
        return self.spec.topic or self.spec.module


def _class_chain(tree: ast.Module, cls: str, where: str) -> list[ast.ClassDef]:
    """``cls`` and the classes of the same module it derives from, nearest first."""
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    if cls not in classes:
        raise SectionError(f"{where} has no class {cls!r} (classes: {', '.join(classes)})")
    chain: list[ast.ClassDef] = []
    todo = [cls]
    while todo:
        name = todo.pop(0)
        if name in classes and classes[name] not in chain:
            chain.append(classes[name])
            todo[:0] = base_names(classes[name])
    return chain


def declared_steps(chain: list[ast.ClassDef]) -> tuple[str, ...] | None:
    """The ``steps = (...)`` of the nearest class that assigns it, if it is a literal tuple or
    list of names; None otherwise (no steps, or computed ones)."""
    for node in chain:
        for stmt in node.body:
            targets = (stmt.targets if isinstance(stmt, ast.Assign)
                       else [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value
                       else [])
            if any(isinstance(t, ast.Name) and t.id == "steps" for t in targets):
                try:
                    value = ast.literal_eval(stmt.value)
                except ValueError:
                    return None
                ok = isinstance(value, tuple | list) and all(isinstance(v, str) for v in value)
                return tuple(value) if ok and value else None
    return None


def _method(chain: list[ast.ClassDef], step: str) -> ast.FunctionDef | None:
    """The method that draws ``step``, as LectureScene.step_method picks it: ``step_<key>``
    anywhere in the chain first, else ``<key>``."""
    for name in (f"step_{step}", step):
        for node in chain:
            for stmt in node.body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
                    return stmt
    return None


def _span(node: ast.AST) -> tuple[int, int]:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return first, node.end_lineno


def _imported_names(tree: ast.Module, package: str) -> set[str]:
    """Absolute names of every module ``tree`` imports; ``from a import b`` counts as ``a`` and
    ``a.b`` (b may be a module)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _module_files(root: Path, name: str) -> list[Path]:
    """The files Python runs to import ``name`` (a module under scenes/): the packages' inits
    on its way and the module itself, those that exist."""
    parts = name.split(".")
    files = [root.joinpath(*parts[:i], "__init__.py") for i in range(2, len(parts) + 1)]
    files.append(root.joinpath(*parts).with_suffix(".py"))
    return [f for f in files if f.is_file()]


def import_closure(root: Path, path: Path) -> list[Path]:
    """Files under scenes/ that ``path`` imports, directly or through them, but those that
    COMMON_INPUTS covers."""
    seen: dict[Path, None] = {}
    todo = [path]
    while todo:
        current = todo.pop()
        # the package a relative import starts from (a module's, or an __init__'s own)
        package = ".".join(current.relative_to(root).parts[:-1])
        tree = ast.parse(current.read_text(encoding="utf-8"), filename=str(current))
        for name in sorted(_imported_names(tree, package)):
            if not name.startswith("scenes.") or any(
                    name == c or name.startswith(c + ".") for c in COVERED):
                continue
            for f in _module_files(root, name):
                if f != path and f not in seen:
                    seen[f] = None
                    todo.append(f)
    return sorted(seen)


def read_scene(root: Path, spec: SceneSpec) -> SceneSource:
    """The scene's steps, each step method's lines, the rest of its module and its imports."""
    path = root / spec.path
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    chain = _class_chain(tree, spec.cls, spec.path)
    steps = declared_steps(chain)
    lines = source.splitlines(keepends=True)
    step_code: dict[str, str] = {}
    cut: dict[tuple[int, int], str] = {}
    for step in steps or ():
        node = _method(chain, step)
        if node is not None:
            first, last = _span(node)
            step_code[step] = "".join(lines[first - 1:last])
            cut.setdefault((first, last), step)
    other, line = [], 1
    for (first, last), step in sorted(cut.items()):
        if first < line:  # one method drawing two steps: cut once
            continue
        other.extend(lines[line - 1:first - 1])
        other.append(f"# <step {step}>\n")
        line = last + 1
    other.extend(lines[line - 1:])
    imports = tuple(p.relative_to(root).as_posix() for p in import_closure(root, path))
    return SceneSource(spec, steps, step_code, "".join(other), imports)


# ---------------------------------------------------------------- sections and where they go


@dataclass(frozen=True)
class Section:
    step: str  # "title" or a step of the scene
    number: int  # its place in the lecture: 0 the title card, 1.. the steps
    last: bool  # the scene's last section (of those chosen): ends on the final hold

    @property
    def name(self) -> str:
        return f"{self.number:02d}-{self.step}"

    @property
    def folder(self) -> str:
        return f"{self.name}-last" if self.last else self.name


def sections_of(source: SceneSource, chosen: tuple[str, ...] = (),
                origin: str = "the settings") -> list[Section] | None:
    """The scene's sections to render (``chosen`` steps, all when empty), in order; None for a
    scene that renders whole (no literal ``steps``)."""
    if source.steps is None:
        return None
    settings = _settings()
    try:
        picked = settings.choose_steps(tuple(chosen), source.steps, source.spec.cls, origin)
    except settings.SettingsError as e:
        raise SectionError(str(e)) from None
    number = {TITLE: 0, **{s: i for i, s in enumerate(source.steps, start=1)}}
    return [Section(s, number[s], i == len(picked) - 1) for i, s in enumerate(picked)]


def parse_section(source: SceneSource, name: str, last: bool) -> Section:
    """The section ``NN-step`` of the scene (as --plan names it), checked against its steps."""
    if source.steps is None:
        raise SectionError(f"{source.spec.cls} declares no literal steps: it renders whole")
    every = sections_of(source)
    match = [s for s in every if s.name == name]
    if not match:
        raise SectionError(f"{source.spec.cls} has no section {name!r}; accepted: "
                           f"{', '.join(s.name for s in every)}")
    return Section(match[0].step, match[0].number, last)


@dataclass(frozen=True)
class Target:
    """One scene in one language, theme, sentence and quality, and where its files go."""

    spec: SceneSpec
    lang: str
    theme: str
    quality: str
    sentence: str | None = None  # TVIZ_SENTENCE, when set
    media: Path = REPO_ROOT / "media"

    @property
    def variant(self) -> str:
        return f"{self.lang}-{self.theme}"

    @property
    def name(self) -> str:
        return f"{self.variant}-{self.spec.cls}"

    @property
    def out_dir(self) -> Path:
        """Where a whole render writes: media/<variant>/videos/<module>/<quality dir>."""
        return self.media / self.variant / "videos" / self.spec.module / QUALITY_DIRS[self.quality]

    def store(self, section: Section) -> Path:
        return (self.media / self.variant / STORE / self.spec.module / QUALITY_DIRS[self.quality]
                / self.spec.cls / section.folder)

    def log(self, section: Section) -> Path:
        return self.media / "logs" / f"{self.name}-{section.folder}.log"

    def env(self) -> dict[str, str]:
        env = {"TVIZ_LANG": self.lang, "TVIZ_THEME": self.theme}
        if self.sentence is not None:
            env["TVIZ_SENTENCE"] = self.sentence
        return env


# ---------------------------------------------------------------- inputs keys


def _hasher():
    h = hashlib.sha256()

    def part(name: str, data: bytes | str) -> None:
        data = data.encode() if isinstance(data, str) else data
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)

    return h, part


def versions() -> dict[str, str]:
    from scenes.kit.reuse import package_versions

    return package_versions(PACKAGES)


class Inputs:
    """The inputs of the sections of one run: the common files' hash, the scenes' sources and
    the string catalogue, read once (``strings_dir``: another catalogue, for tests)."""

    def __init__(self, root: Path = REPO_ROOT, strings_dir: Path | None = None):
        self.root = Path(root)
        self.catalogue = strings.load(Path(strings_dir or self.root / "scenes" / "strings"))
        # where the scenes were discovered (common.SCENES_DIR: its parent holds scenes/)
        self.scenes_root = common.SCENES_DIR.parent
        self._common: str | None = None
        self._scenes: dict[SceneSpec, SceneSource] = {}

    def common(self) -> str:
        if self._common is None:
            h, part = _hasher()
            files = {p for pattern in COMMON_INPUTS for p in self.root.glob(pattern)
                     if p.is_file() and "__pycache__" not in p.parts}
            for path in sorted(files):
                part(path.relative_to(self.root).as_posix(), path.read_bytes())
            part("versions", json.dumps(versions(), sort_keys=True))
            self._common = h.hexdigest()
        return self._common

    def scene(self, spec: SceneSpec) -> SceneSource:
        if spec not in self._scenes:
            self._scenes[spec] = read_scene(self.scenes_root, spec)
        return self._scenes[spec]

    def own_strings(self, source: SceneSource, section: Section) -> tuple[str, ...]:
        """The catalogue ids of the section's step and the topic's shared ids (of no step)."""
        prefix = f"{source.topic}."
        own = []
        for full in self.catalogue:
            if full.startswith(prefix):
                owner = string_owner(full[len(prefix):], source.steps or ())
                if owner is None or owner == section.step:
                    own.append(full)
        return tuple(own)

    def static_key(self, target: Target, section: Section) -> str:
        """The hash of everything but the strings that decides what the section renders to."""
        source = self.scene(target.spec)
        h, part = _hasher()
        part("common", self.common())
        part("scene", target.spec.cls)
        part("module", source.other_code)
        for rel in source.imports:
            part(rel, (self.scenes_root / rel).read_bytes())
        part("section", json.dumps([section.step, section.number, section.last]))
        part("code", source.step_code.get(section.step, ""))
        part("settings", json.dumps([target.lang, target.theme, target.sentence]))
        part("render", json.dumps([target.quality, "mp4", "sections"]))
        return h.hexdigest()


def string_owner(local: str, steps: tuple[str, ...]) -> str | None:
    """The step whose string a topic's id (without the topic prefix) is; None: shared."""
    if local in TITLE_STRINGS or local.startswith(f"{TITLE}."):
        return TITLE
    for step in steps:
        if local == step or local.startswith(f"{step}."):
            return step
    return None


def strings_key(catalogue: dict, lang: str, ids, everything: bool = False) -> str:
    """The hash of the ``lang`` text of ``ids`` (an id the catalogue lacks counts as absent);
    of the whole catalogue with ``everything``. Plain dict reads: a worker's recording
    catalogue does not record these."""
    chosen = sorted(dict.keys(catalogue)) if everything else sorted(set(ids))
    rows = [[i, (dict.get(catalogue, i) or {}).get(lang)] for i in chosen]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def section_key(inputs: Inputs, target: Target, section: Section, reads=(),
                everything: bool = False) -> str:
    """The section's inputs key: its static key and the strings it reads (its own, the topic's
    shared ones and ``reads``, the ids its last render read)."""
    ids = set(inputs.own_strings(inputs.scene(target.spec), section)) | set(reads)
    strings_part = strings_key(inputs.catalogue, target.lang, ids, everything)
    return hashlib.sha256(f"{inputs.static_key(target, section)}:{strings_part}".encode()
                          ).hexdigest()


def read_record(store: Path) -> dict | None:
    try:
        return json.loads((store / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check(inputs: Inputs, target: Target, section: Section) -> tuple[bool, str]:
    """Whether the section's kept outputs are still what its inputs render to, and why not."""
    store = target.store(section)
    record = read_record(store)
    if record is None:
        return False, "not rendered yet"
    if record.get("static") != inputs.static_key(target, section):
        return False, "its code, data or settings changed"
    ids = set(inputs.own_strings(inputs.scene(target.spec), section)) | set(record.get("reads", []))
    if record.get("strings") != strings_key(inputs.catalogue, target.lang, ids,
                                            record.get("everything", False)):
        return False, "its text changed"
    for rel, size in record.get("files", {}).items():
        path = store / rel
        if not path.is_file() or path.stat().st_size != size:
            return False, f"{rel} is missing or changed"
    return True, "unchanged"


# ---------------------------------------------------------------- in a worker


class ReadLog(dict):
    """The string catalogue, remembering which ids were looked up (read or tested with ``in``);
    a walk over it (keys, items, ...) marks that everything was read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()
        self.everything = False

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def _walk(self):
        self.everything = True

    def __iter__(self):
        self._walk()
        return super().__iter__()

    def keys(self):
        self._walk()
        return super().keys()

    def items(self):
        self._walk()
        return super().items()

    def values(self):
        self._walk()
        return super().values()

    def take(self) -> tuple[set[str], bool]:
        """What was read since the last take, and forget it."""
        read, everything = self.read, self.everything
        self.read, self.everything = set(), False
        return read, everything


_AMBIENT: set[str] = set()  # ids read while modules were imported: count for every section


def worker_setup() -> None:
    """Once per worker (pool initializer) or section command: the recording catalogue in place
    before any module reads it, then manim and the kit imported."""
    if not isinstance(strings.STRINGS, ReadLog):
        strings.STRINGS = ReadLog(strings.STRINGS)
    import manim  # noqa: F401  (once per worker: the point of the pool)

    import scenes.kit  # noqa: F401
    from scenes.tools import typesetting

    typesetting.install()  # the media dir's Text and LaTeX caches, shared with other workers

    _AMBIENT.update(strings.STRINGS.take()[0])


@dataclass(frozen=True)
class SectionJob:
    """What a worker needs to render one section (picklable)."""

    target: Target
    section: Section
    static: str  # Inputs.static_key, computed by the driver when it chose to render
    own: tuple[str, ...]  # Inputs.own_strings
    disable_caching: bool = False


def section_class(cls: type, last: bool, cues: list) -> type:
    """``cls`` rendering one section: every subtitle also noted in ``cues`` as (start, duration,
    text) on the scene's clock, and, unless ``last``, ending as a section that another follows:
    ``LectureScene.step`` ends the section before it (``end_of_step``, the last subtitle's
    reading time) and no final hold (``LectureScene.finish`` adds it after the last one)."""

    class Section(cls):
        def add_subcaption(self, content, duration=1, offset=0):
            cues.append((float(self.time + offset), float(duration), str(content)))
            super().add_subcaption(content, duration, offset)

        if not last:
            def finish(self):
                if self.sections:
                    self.end_of_step()
                self._end_caption()

    Section.__name__, Section.__qualname__ = cls.__name__, cls.__qualname__
    Section.__module__ = cls.__module__
    return Section


def _manim_config(target: Target, store: Path, disable_caching: bool) -> dict:
    from manim.constants import QUALITIES

    quality = next(name for name, q in QUALITIES.items() if q["flag"] == target.quality)
    return {"quality": quality, "media_dir": str(target.media / target.variant),
            "video_dir": str(store), "input_file": str(REPO_ROOT / target.spec.path),
            "save_sections": True, "write_to_movie": True, "format": "mp4",
            "progress_bar": "none", "disable_caching": disable_caching, "preview": False}


def _clear(store: Path) -> None:
    """Remove a section's record and outputs before it renders again (manim's partial movie
    files stay: its own cache)."""
    (store / RECORD).unlink(missing_ok=True)
    for path in list(store.glob("*.mp4")) + list(store.glob("*.srt")):
        path.unlink()
    shutil.rmtree(store / "sections", ignore_errors=True)


def render_section(job: SectionJob) -> dict:
    """Render one section into its store and write its record (in a worker)."""
    from manim import tempconfig
    from manim.manager import Manager

    started = time.monotonic()
    target, section = job.target, job.section
    store = target.store(section)
    store.mkdir(parents=True, exist_ok=True)
    _clear(store)
    catalogue = strings.STRINGS
    settings = {"TVIZ_SENTENCE": None, **target.env(), "TVIZ_STEPS": section.step,
                "TVIZ_REUSE": "0"}
    cues: list[tuple[float, float, str]] = []
    with common.environment(settings):
        recording = isinstance(catalogue, ReadLog)
        if recording:
            catalogue.take()
        module = importlib.import_module(f"scenes.{target.spec.module}")
        if recording:
            _AMBIENT.update(catalogue.take()[0])
        cls = section_class(getattr(module, target.spec.cls), section.last, cues)
        with tempconfig(_manim_config(target, store, job.disable_caching)):
            scene = cls()
            Manager(scene)
            scene.render()
            writer = scene.renderer.file_writer
            clock = float(scene.renderer.time)
            index_file = Path(writer.output_plan.section_index)
            movie = Path(writer.movie_file_path)
            subcaptions = list(writer.subcaptions)
        # not recorded (no worker_setup): the section depends on the whole catalogue
        reads, everything = catalogue.take() if recording else (set(), True)
    entries = json.loads(index_file.read_text(encoding="utf-8"))
    if [e["name"] for e in entries] != [section.name]:
        raise SectionError(f"rendering {section.name} of {target.spec.cls} gave the sections "
                           f"{[e['name'] for e in entries]}")
    if len(cues) != len(subcaptions):  # a subtitle added past Scene.add_subcaption
        cues = [(s.start.total_seconds(), (s.end - s.start).total_seconds(), s.content)
                for s in subcaptions]
    reads |= _AMBIENT
    movie.unlink(missing_ok=True)  # the same pictures as the section's clip: kept once
    clip = (index_file.parent / entries[0]["video"]).relative_to(store).as_posix()
    files = [clip, index_file.relative_to(store).as_posix()]
    record = {
        "scene": target.spec.cls, "section": section.name, "last": section.last,
        "static": job.static,
        "strings": strings_key(catalogue, target.lang, set(job.own) | reads, everything),
        "reads": sorted(reads), "everything": everything,
        "time": clock, "cues": cues, "clip": clip, "index": entries[0],
        "files": {rel: (store / rel).stat().st_size for rel in files},
        "rendered": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": round(time.monotonic() - started, 2),  # this render's wall time
        "worker": os.getpid(),
    }
    tmp = store / f".{RECORD}.tmp"
    tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, store / RECORD)
    return {"ok": True, "section": section.name, "time": clock}


# ---------------------------------------------------------------- joining


def concat_manifest(clips: list[Path]) -> str:
    """The concat demuxer's list of ``clips``, as manim writes it (``file:`` paths, quotes
    escaped)."""
    lines = []
    for clip in clips:
        path = Path(clip).resolve().as_posix().replace("'", "'\\''")
        lines.append(f"file 'file:{path}'\n")
    return "# sections in order (scenes/tools/sections.py)\n" + "".join(lines)


def concat(clips: list[Path], out: Path) -> Path:
    """Join MP4 clips into ``out`` without re-encoding: every packet copied with its time and
    duration through the concat demuxer, as manim's SceneFileWriter.combine_files does."""
    import io

    import av

    if not clips:
        raise SectionError(f"nothing to join into {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.joining{out.suffix}")
    manifest = io.BytesIO(concat_manifest(clips).encode("utf-8"))
    try:
        with av.open(manifest, format="concat", options={"safe": "0", "an": "1"}) as src, \
                av.open(str(tmp), mode="w") as dst:
            stream = src.streams.video[0]
            dst.metadata["comment"] = f"Rendered with Manim Community v{metadata.version('manim')}"
            out_stream = dst.add_stream_from_template(template=stream)
            for packet in src.demux(stream):
                if packet.dts is None:  # the demuxer's flushing packets
                    continue
                packet.dts = None  # libav computes it (clips' dts restart at 0)
                packet.stream = out_stream
                dst.mux(packet)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def joined_cues(parts: list[tuple[float, list]]) -> list:
    """srt Subtitles of sections played one after the other: ``parts`` are (the section's
    clock at its end, its cues as (start, duration, text) on its own clock)."""
    import srt

    subs, offset = [], 0.0
    for clock, cues in parts:
        for start, duration, text in cues:
            subs.append(srt.Subtitle(index=len(subs), content=text,
                                     start=timedelta(seconds=float(offset + start)),
                                     end=timedelta(seconds=float(offset + start + duration))))
        offset += clock
    return subs


def clip_name(cls: str, position: int, section: Section) -> str:
    """A section clip's name in a scene's sections/ folder, as manim names it."""
    return f"{cls}_{position:04d}_{section.name}.mp4"


def _place(src: Path, dst: Path) -> None:
    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def join(inputs: Inputs, target: Target, sections: list[Section]) -> Path:
    """Join the kept sections into the scene's MP4, .srt and sections/ (clips and JSON index),
    where a whole render writes them; every section must be current."""
    import srt

    records = []
    for section in sections:
        ok, why = check(inputs, target, section)
        if not ok:
            raise SectionError(f"{target.name}: section {section.name} cannot be joined: {why} "
                               "(render it first: its line of --plan; what a --whole plan "
                               "rendered is collected by render --whole --collect)")
        records.append(read_record(target.store(section)))
    cls, out = target.spec.cls, target.out_dir
    (out / "sections").mkdir(parents=True, exist_ok=True)
    concat([target.store(s) / r["clip"] for s, r in zip(sections, records, strict=True)],
           out / f"{cls}.mp4")
    index, names = [], set()
    for position, (section, record) in enumerate(zip(sections, records, strict=True)):
        name = clip_name(cls, position, section)
        _place(target.store(section) / record["clip"], out / "sections" / name)
        index.append({**record["index"], "video": name})
        names.add(name)
    for old in (out / "sections").glob(f"{cls}_[0-9][0-9][0-9][0-9]_*.mp4"):
        if old.name not in names:
            old.unlink()
    (out / "sections" / f"{cls}.json").write_text(json.dumps(index, indent=4), encoding="utf-8")
    subs = joined_cues([(r["time"], r["cues"]) for r in records])
    (out / f"{cls}.srt").write_text(srt.compose(subs), encoding="utf-8")
    # the whole-scene reuse record (scenes/kit/reuse.py) no longer describes these files
    (out / f".{cls}.inputs.json").unlink(missing_ok=True)
    return out


# ---------------------------------------------------------------- choosing what to render


def chosen_steps(root: Path = REPO_ROOT) -> tuple[tuple[str, ...], str]:
    """The steps the settings choose (manim.cfg ``steps``, TVIZ_STEPS) and where from."""
    settings = _settings()
    value, origin = settings.read_raw(root / "manim.cfg")["steps"]
    try:
        return settings.parse_steps(value, origin), origin
    except settings.SettingsError as e:
        raise SectionError(str(e)) from None


@dataclass
class Plan:
    """One target's sections: those to render (jobs) and those kept."""

    target: Target
    sections: list[Section] | None  # None: the scene renders whole
    jobs: list[SectionJob] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)


def plan(inputs: Inputs, targets: list[Target], disable_caching: bool = False,
         force: bool = False) -> list[Plan]:
    """What each target renders: every chosen section whose kept outputs are not current."""
    chosen, origin = chosen_steps(inputs.root)
    plans = []
    for target in targets:
        source = inputs.scene(target.spec)
        sections = sections_of(source, chosen, origin)
        p = Plan(target, sections)
        for section in sections or ():
            ok, why = (False, "forced") if force else check(inputs, target, section)
            p.reasons[section.name] = why
            if ok:
                p.kept.append(section.name)
            else:
                p.jobs.append(SectionJob(target, section, inputs.static_key(target, section),
                                         inputs.own_strings(source, section), disable_caching))
        plans.append(p)
    return plans


def expected_seconds(inputs: Inputs, job: SectionJob) -> float:
    """About how long the section's video lasts, so that the longest go first: as long as when
    it was last rendered; never rendered, the reading time of its step's subtitles (a lecture
    waits for its subtitles: they set its pace)."""
    record = read_record(job.target.store(job.section))
    if record and record.get("time"):
        return float(record["time"])
    prefix = f"{job.target.spec.topic or job.target.spec.module}.{job.section.step}.say"
    chars = sum(len(text.get(job.target.lang, "")) for key, text in inputs.catalogue.items()
                if key.startswith(prefix))
    return chars / READING_SPEED.get(job.target.lang, READING_SPEED["en"])


# ---------------------------------------------------------------- the driver


def _tail(path: Path, n: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def render_plans(plans: list[Plan], jobs: list, workers: int, finish, stream: TextIO | None = None,
                 root: Path = REPO_ROOT, inputs: Inputs | None = None) -> bool:
    """Render the plans' section jobs on a pool of ``workers`` (the longest known first) and
    call ``finish(plan, job)`` (join, collect) for each target when its sections are done.
    ``jobs`` are the driver's Job objects (render.Job: status, times, notes), one per plan;
    progress is shown by render.Progress. True if every target succeeded."""
    from scenes.tools import render

    progress = render.Progress(jobs, stream)
    pending: dict[int, int] = {}
    futures: dict[Future, tuple[int, SectionJob]] = {}
    tasks = [(i, j) for i, p in enumerate(plans) for j in p.jobs]
    inputs = Inputs(root) if inputs is None else inputs
    tasks.sort(key=lambda t: -expected_seconds(inputs, t[1]))  # the longest first

    def note(i: int) -> None:
        p, done = plans[i], len(plans[i].jobs) - pending.get(i, 0)
        jobs[i].note = (f"{done + len(p.kept)}/{len(p.sections)} sections"
                        + (f", {len(p.kept)} kept" if p.kept else ""))

    def end(i: int, ok: bool, why: str = "") -> None:
        job = jobs[i]
        if job.start is None:
            job.start = time.monotonic()
        if ok:
            try:
                finish(plans[i], job)
            except (OSError, ValueError, KeyError, RuntimeError, SubprocessError) as exc:
                ok, why = False, f"joining or collecting failed: {exc}"
        job.end = time.monotonic()
        job.status = "done" if ok else "failed"
        if why:
            job.note = why
        progress.event(job)

    progress.draw()
    for i, p in enumerate(plans):
        pending[i] = len(p.jobs)
        note(i)
    pool = None
    try:
        if tasks:
            from scenes.tools.pool import WorkerPool

            pool = WorkerPool(min(workers, len(tasks)), root, SETUP)
            for i, task in tasks:
                futures[pool.submit(render_section, task.target.log(task.section), task)] = (i, task)
        for i in range(len(plans)):
            if pending[i] == 0:
                end(i, True)
        while futures:
            done, _ = wait(list(futures), timeout=0.5, return_when=FIRST_COMPLETED)
            now = time.monotonic()
            for future, (i, _task) in futures.items():
                if jobs[i].status == "waiting" and future.running():
                    jobs[i].status, jobs[i].start = "running", now
                    progress.event(jobs[i])
            for future in done:
                i, task = futures.pop(future)
                if jobs[i].status in ("done", "failed"):
                    continue
                try:
                    result = future.result()
                # a worker died (BrokenProcessPool) or the job was cancelled
                except Exception as exc:  # noqa: BLE001
                    result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
                pending[i] -= 1
                if not result.get("ok"):
                    for other, (j, _) in futures.items():
                        if j == i:
                            other.cancel()
                    log = task.target.log(task.section)
                    end(i, False, f"section {task.section.name} failed: {result.get('error')}")
                    progress.message(f"--- {jobs[i].name}: section {task.section.name} failed; "
                                     f"last lines of {log}:\n{_tail(log)}\n---")
                    continue
                note(i)
                if pending[i] == 0:
                    end(i, True)
                else:
                    progress.event(jobs[i])
            progress.draw()
    except KeyboardInterrupt:
        if pool is not None:
            pool.shutdown(cancel=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown()
    return all(j.status == "done" for j in jobs)


def targets_of(jobs: list, media: Path | None = None) -> list[Target]:
    """A Target per driver Job (render.Job), with the environment's TVIZ_SENTENCE."""
    media = REPO_ROOT / "media" if media is None else media
    sentence = os.environ.get("TVIZ_SENTENCE")
    return [Target(j.scene, j.lang, j.theme, j.quality, sentence, media) for j in jobs]


def run(jobs: list, workers: int, root: Path = REPO_ROOT, stream: TextIO | None = None,
        disable_caching: bool = False) -> tuple[bool, list]:
    """The render driver's split path (``python -m scenes render``): every chosen section not
    kept renders on the pool, each scene is joined when its sections are done and collected
    into videos/ (render.collect). Returns (all succeeded, the jobs of scenes without steps:
    the driver renders those whole, as ``render --whole`` does)."""
    from scenes.tools import render

    inputs = Inputs(root)
    targets = targets_of(jobs, root / "media")
    split = [i for i, t in enumerate(targets) if inputs.scene(t.spec).steps is not None]
    whole = [jobs[i] for i in range(len(jobs)) if i not in split]
    ok = True
    if split:
        plans = plan(inputs, [targets[i] for i in split], disable_caching)
        n_render = sum(len(p.jobs) for p in plans)
        n_kept = sum(len(p.kept) for p in plans)
        print(f"{len(plans)} scene(s): {n_render} section(s) to render, {n_kept} kept, "
              f"{min(workers, n_render) if n_render else 0} worker(s)", flush=True)

        def finish(p: Plan, job) -> None:
            join(inputs, p.target, p.sections)
            render.collect(job, root)

        ok = render_plans(plans, [jobs[i] for i in split], workers, finish, stream, root,
                          inputs)
    return ok, whole


def collect_jobs(jobs: list, root: Path = REPO_ROOT) -> bool:
    """``render --collect``: join each scene from its sections (which the plan's lines rendered)
    and collect it; a scene without steps is collected as a whole render."""
    from scenes.tools import render

    inputs = Inputs(root)
    chosen, origin = chosen_steps(root)
    targets = targets_of(jobs, root / "media")
    split = [(j, t) for j, t in zip(jobs, targets) if inputs.scene(t.spec).steps is not None]
    whole = [j for j, t in zip(jobs, targets) if inputs.scene(t.spec).steps is None]
    for n, (job, target) in enumerate(split, start=1):
        try:
            join(inputs, target, sections_of(inputs.scene(target.spec), chosen, origin))
            render.collect(job, root)
            job.status = "done"
        except (OSError, ValueError, KeyError, RuntimeError, SubprocessError) as exc:
            job.status, job.note = "failed", str(exc)
        note = f" ({job.note})" if job.note else ""
        print(f"[{n}/{len(split)}] join and collect {job.name}: {job.status}{note}", flush=True)
    if whole:  # scenes without steps: what their whole-render lines left
        render.collect_jobs(whole, root)
    return all(j.status == "done" for j in jobs)


# ---------------------------------------------------------------- the plan


def _python() -> str:
    exe = Path(sys.executable)
    try:
        return str(exe.relative_to(REPO_ROOT))
    except ValueError:
        return str(exe)


def plan_lines(jobs: list, root: Path = REPO_ROOT) -> list[str]:
    """Shell lines, run from the repo root: one per section of every scene, then one per scene
    joining its sections (after its section lines ran: on several machines, after their media/
    is gathered); a scene without steps gets its whole-render line (render.plan_lines)."""
    import shlex

    from scenes.tools import render

    inputs = Inputs(root)
    chosen, origin = chosen_steps(root)
    python = _python()
    renders, joins = [], []
    for job, target in zip(jobs, targets_of(jobs), strict=True):
        sections = sections_of(inputs.scene(target.spec), chosen, origin)
        if sections is None:
            renders.extend(render.plan_lines([job]))
            continue
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in target.env().items())
        scene = f"{target.spec.module}:{target.spec.cls}"
        for s in sections:
            argv = [python, "-m", "scenes.tools.sections", "section", f"-q{target.quality}", scene,
                    s.name] + (["--last"] if s.last else [])
            renders.append(f"{env} {shlex.join(argv)}")
        argv = [python, "-m", "scenes.tools.sections", "join", f"-q{target.quality}", scene,
                ",".join(s.name for s in sections)]
        joins.append(f"{env} {shlex.join(argv)}")
    return renders + joins


# ---------------------------------------------------------------- command line


def _scene_spec(value: str) -> SceneSpec:
    module, sep, cls = value.partition(":")
    if not sep or not module or not cls:
        raise argparse.ArgumentTypeError(f"{value!r}: give module:Class, e.g. "
                                         "positional_encoding:PositionalEncoding")
    return SceneSpec(module, cls, module)


def _target(args, parser) -> Target:
    settings = _settings()
    raw = settings.read_raw(REPO_ROOT / "manim.cfg")
    lang, theme = raw["lang"][0].strip().lower(), raw["theme"][0].strip().lower()
    if lang not in LANGS:
        parser.error(f"language {lang!r} (from {raw['lang'][1]}) is not one of {', '.join(LANGS)}")
    if theme not in THEMES:
        parser.error(f"theme {theme!r} (from {raw['theme'][1]}) is not one of "
                     f"{', '.join(THEMES)}")
    if not (REPO_ROOT / args.scene.path).is_file():
        parser.error(f"no scene module {args.scene.path}")
    return Target(args.scene, lang, theme, args.quality, os.environ.get("TVIZ_SENTENCE"),
                  Path(args.media).resolve())


def _section_command(args, target: Target) -> int:
    inputs = Inputs()
    source = inputs.scene(target.spec)
    section = parse_section(source, args.name, args.last)
    ok, why = (False, "forced") if args.force else check(inputs, target, section)
    if ok:
        print(f"{target.name} {section.name}: kept ({why}): {target.store(section)}")
        return 0
    print(f"{target.name} {section.name}: rendering ({why})", flush=True)
    worker_setup()
    job = SectionJob(target, section, inputs.static_key(target, section),
                     inputs.own_strings(source, section), args.disable_caching)
    result = render_section(job)
    print(f"{target.name} {section.name}: {result['time']:.2f} s -> {target.store(section)}")
    return 0


def _scene_command(args, target: Target) -> int:
    from scenes.tools import render

    started = time.monotonic()
    inputs = Inputs()
    (p,) = plan(inputs, [target], args.disable_caching, args.force)
    if p.sections is None:
        raise SectionError(f"{target.spec.cls} declares no literal steps: render it with manim")
    job = render.Job(target.spec, target.lang, target.theme, target.quality)
    ok = render_plans([p], [job], args.workers, lambda p, job: join(inputs, p.target, p.sections),
                      root=REPO_ROOT, inputs=inputs)
    report = {"scene": target.spec.cls, "variant": target.variant, "quality": target.quality,
              "ok": ok, "rendered": [j.section.name for j in p.jobs], "kept": p.kept,
              "workers": min(args.workers, len(p.jobs)) if p.jobs else 0,
              "wall": round(time.monotonic() - started, 2), "out": str(target.out_dir)}
    print(json.dumps(report, ensure_ascii=False))
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes.tools.sections", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quality", default="h", choices=list(QUALITY_DIRS))
    common.add_argument("--media", default="media",
                        help="the media folder (default: media/ of the current directory, as "
                        "manim.cfg's media_dir: run the plan's lines from the repo root)")
    common.add_argument("scene", type=_scene_spec, help="module:Class")
    one = sub.add_parser("section", parents=[common], help="render one section (if not kept)")
    one.add_argument("name", help="the section, as NN-step (e.g. 02-formula)")
    one.add_argument("--last", action="store_true", help="the scene's last section: final hold")
    joiner = sub.add_parser("join", parents=[common], help="join rendered sections")
    joiner.add_argument("names", help="the sections in order, comma-separated")
    whole = sub.add_parser("scene", parents=[common],
                           help="render a scene's chosen sections on a pool and join them")
    whole.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    whole.add_argument("--report", default="", help="also write the summary (JSON) here")
    for p in (one, whole):
        p.add_argument("--disable_caching", action="store_true",
                       help="manim's cache off (a cold render)")
        p.add_argument("--force", action="store_true", help="render even if kept")
    args = parser.parse_args(argv)
    target = _target(args, parser)
    try:
        if args.command == "section":
            return _section_command(args, target)
        if args.command == "scene":
            if args.workers < 1:
                parser.error(f"--workers must be at least 1, got {args.workers}")
            return _scene_command(args, target)
        inputs = Inputs()
        source = inputs.scene(target.spec)
        names = [n for n in args.names.split(",") if n]
        if not names:
            parser.error("give the sections to join, e.g. 00-title,01-order")
        sections = [parse_section(source, n, i == len(names) - 1) for i, n in enumerate(names)]
        out = join(inputs, target, sections)
        print(f"{target.name}: {len(sections)} section(s) joined into {out / target.spec.cls}.mp4")
        return 0
    except SectionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    # run as scenes.tools.sections, not __main__: the jobs a pool pickles name their functions
    # by module, and a worker imports that module (with its recording catalogue) once
    from scenes.tools import sections  # noqa: PLW0406

    sys.exit(sections.main())
