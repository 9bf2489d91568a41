"""The machine checks rendering needs, and what to install when one fails.

LaTeX (MathTex), dvisvgm, the CJK font (:data:`CJK_FONT`, the font of every Text), ffmpeg/PyAV
and a writable media dir. The base scene calls :func:`require` before building a scene, so a
render stops with a message that names what is missing instead of drawing boxes for Chinese
text or failing halfway through; ``python -m scenes doctor`` (scenes/tools/doctor.py) prints
every check.

Standard library only, and neither manim nor manimpango at import time (the font check
imports manimpango when it runs): the doctor loads this file on its own, without
``scenes/kit/__init__``, to report on a machine where manim itself is broken.
"""

from __future__ import annotations

import functools
import importlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The font the kit uses for every Text (CJK-capable sans); theme.py imports it from here.
CJK_FONT = "Noto Sans CJK SC"

REPO_ROOT = Path(__file__).resolve().parents[2]

# files MathTex's default template needs (standalone class, preview, amsmath)
TEX_FILES = {
    "standalone.cls": "texlive-latex-extra",
    "preview.sty": "preview-latex-style",
    "amsmath.sty": "texlive-latex-base",
}

SETUP_HINT = "or run `make setup`"


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check: what was checked, whether it passed, what was seen, how to fix."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"OK       {self.name}: {self.detail}"
        return f"MISSING  {self.name}: {self.detail}\n         fix: {self.fix}"


def _apt(*packages: str) -> str:
    return f"sudo apt-get install {' '.join(packages)}  ({SETUP_HINT})"


@functools.lru_cache(maxsize=1)
def _list_fonts() -> frozenset[str]:
    """Font families Pango sees (manimpango's list), cached for the process."""
    import manimpango  # lazy: only this check needs it

    return frozenset(manimpango.list_fonts())


def check_latex() -> CheckResult:
    name = "LaTeX (MathTex)"
    if shutil.which("latex") is None:
        return CheckResult(
            name,
            False,
            "`latex` is not on PATH",
            _apt("texlive-latex-base", "texlive-latex-recommended", "texlive-latex-extra"),
        )
    if shutil.which("kpsewhich") is None:
        return CheckResult(name, False, "`kpsewhich` is not on PATH", _apt("texlive-latex-base"))
    try:
        out = subprocess.run(
            ["kpsewhich", *TEX_FILES],
            check=False,
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return CheckResult(name, False, f"kpsewhich failed: {exc}", _apt("texlive-latex-base"))
    found = {Path(line.strip()).name for line in out.splitlines() if line.strip()}
    missing = [f for f in TEX_FILES if f not in found]
    if missing:
        packages = sorted({TEX_FILES[f] for f in missing})
        return CheckResult(
            name,
            False,
            f"LaTeX cannot find {', '.join(missing)}",
            _apt(*packages),
        )
    return CheckResult(name, True, f"latex + {', '.join(TEX_FILES)}")


def check_dvisvgm() -> CheckResult:
    name = "dvisvgm"
    path = shutil.which("dvisvgm")
    if path is None:
        return CheckResult(name, False, "`dvisvgm` is not on PATH", _apt("dvisvgm"))
    return CheckResult(name, True, path)


def check_cjk_font() -> CheckResult:
    name = "CJK font"
    try:
        fonts = _list_fonts()
    except (ImportError, OSError, RuntimeError) as exc:  # manimpango missing or broken
        return CheckResult(
            name,
            False,
            f"cannot list fonts via manimpango ({exc.__class__.__name__}: {exc})",
            "run `make setup` (installs manim and manimpango into .venv)",
        )
    if CJK_FONT not in fonts:
        return CheckResult(
            name,
            False,
            f"font '{CJK_FONT}' is not installed (Chinese text would render as boxes)",
            f"sudo apt-get install fonts-noto-cjk && fc-cache -f  ({SETUP_HINT})",
        )
    return CheckResult(name, True, CJK_FONT)


def check_ffmpeg() -> CheckResult:
    name = "ffmpeg / PyAV"
    missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
    if missing:
        return CheckResult(
            name,
            False,
            f"{' and '.join(f'`{m}`' for m in missing)} not on PATH",
            _apt("ffmpeg"),
        )
    try:
        importlib.import_module("av")
    except (ImportError, OSError) as exc:
        return CheckResult(
            name,
            False,
            f"`import av` failed ({exc.__class__.__name__}: {exc})",
            "run `make setup` (installs PyAV with manim into .venv)",
        )
    return CheckResult(name, True, "ffmpeg, ffprobe, import av")


def media_dir() -> Path:
    """The media dir manim writes to: manim's config when manim is loaded, else ./media."""
    manim = sys.modules.get("manim")
    config = getattr(manim, "config", None)
    configured = getattr(config, "media_dir", None) if config is not None else None
    if configured:
        return Path(configured).resolve()
    return REPO_ROOT / "media"


def check_media_dir(path: Path | None = None) -> CheckResult:
    name = "media dir"
    path = media_dir() if path is None else Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
    except OSError as exc:
        return CheckResult(
            name,
            False,
            f"{path} is not writable ({exc.strerror or exc})",
            f"make {path} writable for this user, or set media_dir in manim.cfg",
        )
    return CheckResult(name, True, str(path))


CHECKS = (check_latex, check_dvisvgm, check_cjk_font, check_ffmpeg, check_media_dir)


def checks() -> list[CheckResult]:
    """Run every check and return their results, in a fixed order."""
    return [check() for check in CHECKS]


def failure_message(results: list[CheckResult]) -> str:
    failed = [r for r in results if not r.ok]
    lines = ["Cannot render: the system is missing what these checks need:"]
    for r in failed:
        lines.append(f"  - {r.name}: {r.detail}")
        lines.append(f"    fix: {r.fix}")
    lines.append("Run `make doctor` to check again.")
    return "\n".join(lines)


_results: list[CheckResult] | None = None


def require(force: bool = False) -> None:
    """Run the checks once per process; raise SystemExit naming what is missing."""
    global _results
    if _results is None or force:
        _results = checks()
    if not all(r.ok for r in _results):
        raise SystemExit(failure_message(_results))
