"""``python -m scenes.tools ...``: the same command line as ``python -m scenes ...``."""

import sys

from scenes.tools.cli import main

sys.exit(main())
