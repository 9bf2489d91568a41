"""The tests choose their settings themselves: TVIZ_* variables of the shell that runs pytest
(a lecturer's TVIZ_SENTENCE, TVIZ_STEPS, ...) do not reach them.

The test processes (the pytest-xdist workers) share one manim media folder, kept between runs
(``.pytest_cache/tviz-media/<manim version>/shared``): its Text SVGs and parsed SVGs
(``mobjects/``, scenes.kit.svgcopy) are named by what they hold, so whichever worker builds a
scene, in this run or a later one, reads what any of them typeset instead of calling Pango and
parsing again (``pytest --cache-clear`` starts from nothing); LaTeX is kept per worker
(``Tex-<worker>/``), so that no worker waits for the other's compiles. Two workers typesetting
the same text at once is safe: the render pool's guards (scenes.tools.typesetting) are
installed in every test process. The fast tests build scenes dry, so nothing else is written
there. The machine checks (scenes.kit.system) stop a build before anything is typeset without
the CJK font, so no box glyphs are ever kept."""

import os
import sys

import pytest


def _media_dir(config) -> str:
    """The test processes' shared media folder, kept between runs."""
    import manim

    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider: a fresh folder
    if cache is None:
        import tempfile

        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        return tempfile.mkdtemp(prefix=f"tviz-media-{worker}-")
    path = cache.mkdir("tviz-media") / manim.__version__ / "shared"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def pytest_configure(config):
    for name in [n for n in os.environ if n.startswith("TVIZ_")]:
        del os.environ[name]
    from manim import config as manim_config

    manim_config.media_dir = _media_dir(config)
    # LaTeX compiles one formula at a time in a folder (its lock, scenes.tools.typesetting):
    # each worker compiles in a folder of its own, so that neither waits for the other
    manim_config.tex_dir = "{media_dir}/Tex-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    from scenes.tools import typesetting

    typesetting.install()  # the shared media folder's Text and LaTeX caches, written safely


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """A pytest-xdist worker ends here, once it has sent its results: freeing the session's
    scene builds (millions of mobjects) on the way out of the interpreter took 4-9 s of every
    run after its last test."""
    if os.environ.get("PYTEST_XDIST_WORKER") and hasattr(config, "workeroutput"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
