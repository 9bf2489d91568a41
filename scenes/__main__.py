"""Command line: ``python -m scenes doctor``, ``render``, ``player``, ``golden`` and ``bench``.

A thin entry: the commands live in :mod:`scenes.tools.cli`.
"""

from __future__ import annotations

import sys

from scenes.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
