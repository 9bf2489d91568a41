from pathlib import Path

import pytest

from tests.scenes.helpers import build


@pytest.fixture(scope="session")
def media_dir():
    """This test process's media dir (tests/conftest.py): Text and LaTeX caches are shared
    between builds, and kept between runs."""
    from manim import config
    return Path(config.media_dir)


@pytest.fixture
def build_scene(monkeypatch, media_dir):
    """build_scene(SceneClass, lang=..., theme=..., sentence=...) -> the scene, not rendered."""
    def _build(scene_cls, **kw):
        return build(scene_cls, monkeypatch, media_dir, **kw)
    return _build

