"""The tests choose their settings themselves: TVIZ_* variables of the shell that runs pytest
(a lecturer's TVIZ_SENTENCE, TVIZ_STEPS, ...) do not reach them. Each test process (each
pytest-xdist worker) writes manim's media (Text SVGs, LaTeX) into a folder of its own, so two
workers never write and read the same file at once."""

import os
import tempfile


def pytest_configure(config):
    for name in [n for n in os.environ if n.startswith("TVIZ_")]:
        del os.environ[name]
    from manim import config as manim_config

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    manim_config.media_dir = tempfile.mkdtemp(prefix=f"tviz-test-media-{worker}-")
