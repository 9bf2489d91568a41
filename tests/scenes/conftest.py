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


def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (--dist loadgroup), every test of one scene runs in one worker, so
    each dry build (tests.scenes.helpers.build) is made once: the scene's own module and its
    contract tests form one group."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        spec = getattr(getattr(item, "callspec", None), "params", {}).get("spec")
        module = item.module.__name__.rsplit(".", 1)[-1]
        if spec is not None:
            group = spec.module
        elif module.startswith("test_") and module != "test_render_slow":
            group = module.removeprefix("test_")
        else:
            continue
        item.add_marker(pytest.mark.xdist_group(group))
