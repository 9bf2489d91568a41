"""kit.reuse: a finished render is kept only while none of its inputs changed."""

from __future__ import annotations

import json

import pytest
from manim import config, tempconfig

from scenes.kit import reuse


@pytest.fixture
def project(tmp_path):
    """A miniature project tree with the files reuse hashes."""
    for name, text in {
        "scenes/kit/base.py": "x = 1\n",
        "scenes/reference/core.py": "y = 2\n",
        "scenes/other_topic.py": "z = 3\n",
        "assets/corpus.tsv": "我 爱\tI love\n",
        "manim.cfg": "[CLI]\n",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def outputs(tmp_path):
    movie = tmp_path / "out" / "Scene.mp4"
    (movie.parent / "sections").mkdir(parents=True)
    movie.write_bytes(b"m" * 100)
    (movie.parent / "Scene.srt").write_text("1\n", encoding="utf-8")
    index = movie.parent / "sections" / "Scene.json"
    index.write_text(json.dumps([{"video": "Scene_0000_00-title.mp4"}]), encoding="utf-8")
    (movie.parent / "sections" / "Scene_0000_00-title.mp4").write_bytes(b"c" * 10)
    return movie, reuse.outputs(movie, index, movie.parent / "Scene.srt")


def test_the_key_follows_kit_reference_assets_and_cfg_but_not_other_scenes(project):
    key = reuse.inputs_key("Scene", project)
    assert reuse.inputs_key("Scene", project) == key
    assert reuse.inputs_key("OtherScene", project) != key
    (project / "scenes/other_topic.py").write_text("z = 4\n", encoding="utf-8")
    assert reuse.inputs_key("Scene", project) == key  # not loaded, not an input
    for name in ("scenes/kit/base.py", "scenes/reference/core.py", "assets/corpus.tsv",
                 "manim.cfg"):
        path = project / name
        before = path.read_text(encoding="utf-8")
        path.write_text(before + "# changed\n", encoding="utf-8")
        assert reuse.inputs_key("Scene", project) != key, name
        path.write_text(before, encoding="utf-8")
        assert reuse.inputs_key("Scene", project) == key, name


def test_the_key_follows_the_settings_environment_and_the_resolution(project, monkeypatch):
    key = reuse.inputs_key("Scene", project)
    monkeypatch.setenv("TVIZ_LANG", "en")
    assert reuse.inputs_key("Scene", project) != key
    monkeypatch.delenv("TVIZ_LANG")
    with tempconfig({"pixel_height": 1080, "pixel_width": 1920, "frame_rate": 60}):
        hd = reuse.inputs_key("Scene", project)
    with tempconfig({"pixel_height": 480, "pixel_width": 854, "frame_rate": 15}):
        assert reuse.inputs_key("Scene", project) != hd


def test_outputs_are_reused_only_while_all_are_in_place(tmp_path):
    movie, files = outputs(tmp_path)
    assert [f.name for f in files] == ["Scene.mp4", "Scene.srt", "Scene.json",
                                       "Scene_0000_00-title.mp4"]
    assert not reuse.still_current(movie, "k1")  # nothing recorded yet
    reuse.record(movie, "k1", files)
    assert reuse.still_current(movie, "k1")
    assert not reuse.still_current(movie, "k2")
    (movie.parent / "sections" / "Scene_0000_00-title.mp4").write_bytes(b"c" * 11)
    assert not reuse.still_current(movie, "k1")  # a clip changed size
    reuse.record(movie, "k1", files)
    (movie.parent / "Scene.srt").unlink()
    assert not reuse.still_current(movie, "k1")  # an output is gone
    reuse.forget(movie)
    assert not reuse.manifest_path(movie).exists()


def test_a_damaged_record_means_render_again(tmp_path):
    movie, _ = outputs(tmp_path)
    reuse.manifest_path(movie).write_text("{not json", encoding="utf-8")
    assert not reuse.still_current(movie, "k1")


@pytest.mark.parametrize("setting", [{"disable_caching": True}, {"dry_run": True},
                                     {"from_animation_number": 3},
                                     {"upto_animation_number": 5}])
def test_reuse_is_off_for_uncached_partial_and_dry_runs(setting):
    with tempconfig({}):
        assert reuse.enabled()
    with tempconfig(setting):
        assert not reuse.enabled()


def test_reuse_can_be_switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("TVIZ_REUSE", "0")
    with tempconfig({}):
        assert not reuse.enabled()
    assert config.disable_caching is False
