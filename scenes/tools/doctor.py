"""``python -m scenes doctor`` (``make doctor``): can this machine render the videos?

Prints one line per check of scenes/kit/system.py (LaTeX, dvisvgm, the CJK font, ffmpeg/PyAV,
the media dir) with what to install for each failure; exits 1 if a check fails.

Imports neither manim nor manimpango: the checks module is loaded without the kit's
``__init__`` (:func:`scenes.tools.common.kit_module`), so the doctor still reports on a machine
where manim itself cannot be imported.
"""

from __future__ import annotations

import sys
from types import ModuleType

from scenes.tools.common import kit_module


def system() -> ModuleType:
    """scenes.kit.system (the kit's module once the kit is imported)."""
    return kit_module("system")


def require() -> None:
    """Stop (SystemExit naming what is missing) unless every check passes; once per process."""
    system().require()


def main() -> int:
    """Print one line per check; return 1 if any failed."""
    results = system().checks()
    for r in results:
        print(r.line())
    if all(r.ok for r in results):
        print("All checks passed.")
        return 0
    print(f"{sum(not r.ok for r in results)} check(s) failed.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
