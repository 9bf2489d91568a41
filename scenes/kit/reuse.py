"""Re-render with nothing changed: reuse the finished video instead of rebuilding the scene.

Manim's own cache skips drawing an animation it has seen, but it still builds the whole scene
and hashes every mobject on screen before each ``play``: for these scenes that is most of a
re-render's cost (measured by ``python -m scenes bench``). A lecture scene is a pure function
of its inputs, so when none of them changed since the last successful render, its outputs (the
MP4, the .srt, the section clips and their JSON index) are still right and are kept as they are.

The inputs, hashed into one key:
- the project's code and data the scene can use: scenes/kit/**, scenes/reference/**, the
  string catalogue scenes/strings/*.toml, assets/*,
  and every module under scenes/ that is loaded (the scene's own module, its parts, ...);
  other topic scenes and the render/player/golden tools do not count;
- manim.cfg (settings, encoder options) and the TVIZ_* environment variables;
- the output-shaping config values (resolution, frame rate, format, sections, ...);
- the versions of Python, Manim, NumPy and PyAV.

Any change re-renders normally (and Manim's per-animation cache still applies). The key and the
list of outputs (with their sizes) are kept next to the MP4 as ``.<Scene>.inputs.json``; the
outputs are reused only if every one of them is still there with its size. ``--disable_caching``,
``-n``, dry runs and environment variable TVIZ_REUSE=0 never reuse.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

from manim import config, logger

REPO_ROOT = Path(__file__).resolve().parents[2]
INPUT_GLOBS = ("scenes/kit/**/*.py", "scenes/reference/**/*.py", "scenes/strings/*.toml",
               "assets/*", "manim.cfg")
CONFIG_KEYS = ("pixel_width", "pixel_height", "frame_rate", "format", "save_sections",
               "transparent", "background_color", "background_opacity", "save_last_frame",
               "write_to_movie", "output_file", "movie_file_extension", "quality")
PACKAGES = ("manim", "numpy", "av")


def input_files(root: Path = REPO_ROOT) -> list[Path]:
    """Every file whose content the rendered video can depend on, sorted."""
    files = {p for pattern in INPUT_GLOBS for p in root.glob(pattern) if p.is_file()}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve().is_relative_to(root / "scenes"):
            files.add(Path(path).resolve())
    return sorted(p for p in files if "__pycache__" not in p.parts)


def inputs_key(scene_name: str, root: Path = REPO_ROOT) -> str:
    """The hash of everything that decides what ``scene_name`` renders to."""
    h = hashlib.sha256()

    def part(name: str, data: bytes) -> None:
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)

    part("scene", scene_name.encode())
    for path in input_files(root):
        part(path.relative_to(root).as_posix(), path.read_bytes())
    env = {k: v for k, v in sorted(os.environ.items()) if k.startswith("TVIZ_")}
    part("env", json.dumps(env).encode())
    part("config", json.dumps({k: str(getattr(config, k, None)) for k in CONFIG_KEYS}).encode())
    part("versions", json.dumps(package_versions(PACKAGES)).encode())
    return h.hexdigest()


def package_versions(packages) -> dict[str, str]:
    """{"python": its version, each of ``packages``: its installed version or "absent"}."""
    out = {"python": platform.python_version()}
    for package in packages:
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "absent"
    return out


def enabled() -> bool:
    """Whether this run may reuse (and record) finished outputs."""
    return not (config.dry_run or config.disable_caching
                or config.from_animation_number
                or config.upto_animation_number not in (-1, float("inf"))
                or os.environ.get("TVIZ_REUSE", "1") == "0")


def manifest_path(movie: Path) -> Path:
    return movie.parent / f".{movie.stem}.inputs.json"


def outputs(movie: Path, sections_index: Path | None, subcaptions: Path | None) -> list[Path]:
    """The files one render produced: the MP4, its .srt, the section index and its clips."""
    files = [movie]
    if subcaptions is not None and subcaptions.is_file():
        files.append(subcaptions)
    if sections_index is not None and sections_index.is_file():
        files.append(sections_index)
        for entry in json.loads(sections_index.read_text(encoding="utf-8")):
            files.append(sections_index.parent / entry["video"])
    return files


def record(movie: Path, key: str, files: list[Path]) -> None:
    """Remember that ``files`` are the outputs of the inputs ``key``."""
    entry = {"key": key, "files": {str(f.relative_to(movie.parent)): f.stat().st_size
                                   for f in files}}
    manifest_path(movie).write_text(json.dumps(entry, indent=1), encoding="utf-8")


def still_current(movie: Path, key: str) -> bool:
    """True when the last render of these inputs left all its outputs in place."""
    try:
        entry = json.loads(manifest_path(movie).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if entry.get("key") != key or not entry.get("files"):
        return False
    for name, size in entry["files"].items():
        path = movie.parent / name
        if not path.is_file() or path.stat().st_size != size:
            return False
    return True


def forget(movie: Path) -> None:
    manifest_path(movie).unlink(missing_ok=True)


def log_reuse(scene_name: str, movie: Path) -> None:
    logger.info(f"{scene_name}: nothing changed since the last render; reusing {movie} "
                "(TVIZ_REUSE=0 or --disable_caching renders again)")
    print(f"{scene_name}: nothing changed since the last render; reusing {movie}",
          file=sys.stderr)
