"""Fixtures shared by the tool tests."""

import pytest


@pytest.fixture
def fake_scenes(tmp_path):
    d = tmp_path / "scenes"
    d.mkdir()
    (d / "__init__.py").write_text("")
    (d / "__main__.py").write_text("class Main(LectureScene): pass\n")
    (d / "tools").mkdir()  # a subpackage is no topic module
    (d / "tools" / "__init__.py").write_text("")
    (d / "tools" / "render.py").write_text("class Ren(LectureScene): pass\n")
    (d / "alpha.py").write_text(
        "from scenes.kit import LectureScene\n"
        "import scenes.kit as kit\n"
        "from manim import Scene\n"
        "class Plain(Scene): pass\n"
        "class Helper: pass\n"
        "class AlphaMain(LectureScene):\n    x = 1\n"
        "class AlphaVariant(AlphaMain): pass\n"
        "class Dotted(kit.LectureScene): pass\n"
        "class _Base(LectureScene): pass\n"
        "def f():\n    class Inner(LectureScene): pass\n"
    )
    (d / "beta.py").write_text(
        "from scenes.kit import LectureScene\nclass Beta(Mixin, LectureScene): pass\n"
    )
    (d / "gamma.py").write_text("class NotAScene: pass\n")
    return d
