"""scenes.tools.common: scene discovery (parsed, not imported) and the topic of each scene."""

from scenes.tools import common


def test_discovery_finds_lecture_scenes_only(fake_scenes):
    found = common.discover(fake_scenes)
    assert [(s.module, s.cls) for s in found] == [
        ("alpha", "AlphaMain"),
        ("alpha", "AlphaVariant"),
        ("alpha", "Dotted"),
        ("beta", "Beta"),
    ]


def test_real_scenes_come_in_lecture_order_and_new_ones_follow(fake_scenes):
    modules = [s.module for s in common.discover()]
    listed = [m for m in common.LECTURE_ORDER if m in modules]
    assert modules[:len(listed)] == listed
    assert modules[len(listed):] == sorted(modules[len(listed):])
    (fake_scenes / "architecture.py").write_text("class Arch(LectureScene): pass\n")
    assert [s.module for s in common.discover(fake_scenes)][:2] == ["architecture", "alpha"]


def test_discovery_does_not_import(fake_scenes):
    # a module that would fail on import is still parsed fine
    (fake_scenes / "delta.py").write_text(
        "raise RuntimeError('imported!')\nclass Delta(LectureScene): pass\n"
    )
    assert ("delta", "Delta") in [(s.module, s.cls) for s in common.discover(fake_scenes)]


def test_scene_classes_are_lecture_scenes_directly_or_through_the_module():
    source = (
        "class A(LectureScene):\n    x = 1\n"
        "class _Base(LectureScene): pass\n"
        "class C(_Base): pass\n"
        "class D(kit.LectureScene): pass\n"
        "class Other:\n    pass\n"
        "class E(Other): pass\n"
    )
    assert common.scene_classes(source) == ["A", "C", "D"]


def test_the_topic_is_the_module_name(fake_scenes):
    (fake_scenes / "gamma.py").write_text(
        "class G(LectureScene):\n    topic = 'g'\nclass H(G): pass\n")
    topics = {s.cls: s.topic for s in common.discover(fake_scenes)}
    assert topics["G"] == topics["H"] == "gamma"
    assert {topics[c] for c in ("AlphaMain", "AlphaVariant", "Dotted")} == {"alpha"}


def test_real_discovery_is_every_topic_module_and_no_tool():
    specs = common.discover()
    modules = {s.module for s in specs}
    topic_files = {p.stem for p in common.SCENES_DIR.glob("*.py")} - {"__init__", "__main__"}
    assert modules == topic_files  # every topic module has a scene, nothing else is one
    tools = {p.stem for p in (common.SCENES_DIR / "tools").glob("*.py")}
    assert {"render", "player", "doctor", "bench", "golden"} <= tools
    assert not modules & tools
    assert all((common.REPO_ROOT / s.path).is_file() for s in specs)


def test_every_real_topic_has_its_title_in_the_catalogue():
    from scenes.tools import player

    strings = player.catalogue()
    for spec in common.discover():
        assert f"{spec.topic}.title" in strings, spec


def test_environment_sets_unsets_and_restores(monkeypatch):
    import os

    from scenes.tools.common import environment

    monkeypatch.setenv("TVIZ_A", "before")
    monkeypatch.delenv("TVIZ_B", raising=False)
    monkeypatch.setenv("TVIZ_C", "kept out")
    try:
        with environment({"TVIZ_A": "inside", "TVIZ_B": "new", "TVIZ_C": None}):
            assert (os.environ["TVIZ_A"], os.environ["TVIZ_B"]) == ("inside", "new")
            assert "TVIZ_C" not in os.environ
            raise RuntimeError("the block fails")
    except RuntimeError:
        pass
    assert os.environ["TVIZ_A"] == "before" and os.environ["TVIZ_C"] == "kept out"
    assert "TVIZ_B" not in os.environ
