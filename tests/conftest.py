"""The tests choose their settings themselves: TVIZ_* variables of the shell that runs pytest
(a lecturer's TVIZ_SENTENCE, TVIZ_STEPS, ...) do not reach them.

Each test process (each pytest-xdist worker) writes manim's media (Text SVGs, LaTeX) into a
folder of its own, so two workers never write and read the same file at once. The folder is
kept between runs (``.pytest_cache/tviz-media/<manim version>/<worker>``): manim names those
files by a hash of everything that draws them, so a later run reads what an earlier one typeset
instead of calling Pango and LaTeX again (``pytest --cache-clear`` starts from nothing). The
machine checks (scenes.kit.system) stop a build before anything is typeset without the CJK
font, so no box glyphs are ever kept."""

import os
import sys

import pytest


def _media_dir(config) -> str:
    """The media folder of this test process, kept between runs."""
    import manim

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider: a fresh folder
    if cache is None:
        import tempfile

        return tempfile.mkdtemp(prefix=f"tviz-media-{worker}-")
    path = cache.mkdir("tviz-media") / manim.__version__ / worker
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def pytest_configure(config):
    for name in [n for n in os.environ if n.startswith("TVIZ_")]:
        del os.environ[name]
    from manim import config as manim_config

    manim_config.media_dir = _media_dir(config)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """A pytest-xdist worker ends here, once it has sent its results: freeing the session's
    scene builds (millions of mobjects) on the way out of the interpreter took 4-9 s of every
    run after its last test."""
    if os.environ.get("PYTEST_XDIST_WORKER") and hasattr(config, "workeroutput"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
