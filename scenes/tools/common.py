"""What the tools share: the repo's paths, the rendered variants, scene discovery, durations,
and kit modules loaded without manim.

Scenes are discovered without importing manim: the topic modules are scenes/*.py other than
the package's ``__init__`` and ``__main__`` (the tools live in scenes/tools/, the kit and the
reference code in their own packages), and their scenes are the top-level classes whose bases
name ``LectureScene`` (or a class of the same module that does). A scene's ``topic``, its
string-catalogue prefix, is its module's name (as LectureScene has it).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENES_DIR = REPO_ROOT / "scenes"
BASE_SCENE = "LectureScene"

LANGS = ("zh", "en")
THEMES = ("dark", "light")
# the whole lecture's files in a folder videos/<lang>-<theme>/: Lecture.mp4 .srt .vtt .pptx
# (scenes/tools/lecture.py, deck.py); not a scene
LECTURE = "Lecture"
# manim's -q flag -> the folder name manim uses under media/videos/<module>/
QUALITY_DIRS = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}


@dataclass(frozen=True)
class SceneSpec:
    module: str  # module file stem, e.g. positional_encoding
    cls: str  # class name, e.g. PositionalEncoding
    # string-catalogue prefix: the module name (title: STRINGS["positional_encoding.title"])
    topic: str = ""

    @property
    def path(self) -> str:
        return f"scenes/{self.module}.py"


def _base_names(node: ast.ClassDef) -> list[str]:
    names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
    return names


def scene_classes(source: str, filename: str = "<source>") -> list[str]:
    """Names of the top-level classes based on LectureScene, directly or via a class of this
    module (names starting with _ are bases, not scenes)."""
    tree = ast.parse(source, filename=filename)
    found: list[str] = []
    scene_like = {BASE_SCENE}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(b in scene_like for b in _base_names(node)):
            scene_like.add(node.name)
            if not node.name.startswith("_"):
                found.append(node.name)
    return found


# the order of a lecture course; a module not listed here follows them, alphabetically
LECTURE_ORDER = ("architecture", "tokenization", "positional_encoding", "self_attention",
                 "multi_head", "add_and_norm", "feed_forward", "cross_attention", "generation",
                 "kv_cache", "training_loop", "backpropagation", "lora", "scale")


def _lecture_rank(path: Path) -> tuple[int, str]:
    stem = path.stem
    return (LECTURE_ORDER.index(stem) if stem in LECTURE_ORDER else len(LECTURE_ORDER), stem)


def topic_modules(scenes_dir: Path | None = None) -> list[Path]:
    """The topic modules, scenes_dir/*.py (default scenes/) but ``__init__``/``__main__``, in
    lecture order: LECTURE_ORDER first, then the others alphabetically."""
    paths = Path(scenes_dir or SCENES_DIR).glob("*.py")
    return sorted((p for p in paths if p.stem not in ("__init__", "__main__")), key=_lecture_rank)


def discover(scenes_dir: Path | None = None) -> list[SceneSpec]:
    """All scenes of the topic modules (:func:`topic_modules`), modules in lecture order, the
    classes of a module in source order."""
    specs = []
    for path in topic_modules(scenes_dir):
        source = path.read_text(encoding="utf-8")
        for cls in scene_classes(source, str(path)):
            specs.append(SceneSpec(path.stem, cls, path.stem))
    return specs


def video_duration(path: Path) -> float:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "default=noprint_wrappers=1:nokey=1",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip())


@contextmanager
def environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Inside the block, the environment variables ``values`` set (None: unset); after it, as
    they were."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def text_table(rows: list[list[str]]) -> str:
    """``rows`` (the first the header) as a plain-text table: the first column left-aligned,
    the others right-aligned, a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def kit_module(name: str) -> ModuleType:
    """``scenes.kit.<name>`` (a module or package of the kit), without importing manim.

    ``import scenes.kit.<name>`` runs ``scenes/kit/__init__``, which imports manim; so unless
    that already happened (then the loaded module is returned), the file is loaded on its own
    under a private name. Only for kit modules that need nothing of the kit's ``__init__``:
    ``system`` (the machine checks).
    """
    loaded = sys.modules.get(f"scenes.kit.{name}")
    if loaded is not None:
        return loaded
    alias = f"_tviz_kit_{name}"
    module = sys.modules.get(alias)
    if module is not None:
        return module
    path = SCENES_DIR / "kit" / name
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(
            alias, path / "__init__.py", submodule_search_locations=[str(path)])
    else:
        spec = importlib.util.spec_from_file_location(alias, path.with_suffix(".py"))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load scenes.kit.{name} from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[alias]
        raise
    return module
