import pytest

from tests.scenes.helpers import build


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One media dir for the session, so Text and LaTeX caches are shared between builds."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def build_scene(monkeypatch, media_dir):
    """build_scene(SceneClass, lang=..., theme=..., sentence=...) -> the scene, not rendered."""
    def _build(scene_cls, **kw):
        return build(scene_cls, monkeypatch, media_dir, **kw)
    return _build

