"""Settings: defaults, manim.cfg, environment overrides, and a clear error for each bad value."""

from __future__ import annotations

import pytest

from scenes.kit.settings import SettingsError, load_settings


def cfg(tmp_path, body: str):
    path = tmp_path / "manim.cfg"
    path.write_text(f"[CLI]\nmedia_dir = ./media\n\n[transformer_viz]\n{body}\n", encoding="utf-8")
    return path


def test_defaults_without_a_section(tmp_path):
    path = tmp_path / "manim.cfg"
    path.write_text("[CLI]\n", encoding="utf-8")
    s = load_settings(path, environ={})
    assert (s.lang, s.theme, s.sentence) == ("zh", "dark", ("我", "爱", "学习"))


def test_file_values_and_environment_overrides(tmp_path):
    path = cfg(tmp_path, "lang = en\ntheme = light\nsentence = 猫 坐 在 垫子 上")
    s = load_settings(path, environ={})
    assert (s.lang, s.theme, s.sentence) == ("en", "light", ("猫", "坐", "在", "垫子", "上"))
    s = load_settings(path, environ={"TVIZ_LANG": "zh", "TVIZ_THEME": "dark",
                                     "TVIZ_SENTENCE": "我 爱 学习"})
    assert (s.lang, s.theme, s.sentence) == ("zh", "dark", ("我", "爱", "学习"))


def test_the_repo_cfg_is_valid():
    s = load_settings(environ={})
    assert s.lang in ("zh", "en") and s.theme in ("dark", "light") and s.sentence


@pytest.mark.parametrize("env,names", [
    ({"TVIZ_LANG": "fr"}, ["'fr'", "TVIZ_LANG", "zh | en"]),
    ({"TVIZ_THEME": "sepia"}, ["'sepia'", "TVIZ_THEME", "dark | light"]),
    ({"TVIZ_SENTENCE": "   "}, ["empty", "TVIZ_SENTENCE"]),
    ({"TVIZ_SENTENCE": "我 爱 学院"}, ["'学院'", "学习"]),
    ({"TVIZ_SENTENCE": "我 <eos>"}, ["'<eos>'", "special"]),
])
def test_bad_values_name_the_value_and_what_is_accepted(tmp_path, env, names):
    path = cfg(tmp_path, "")
    with pytest.raises(SettingsError) as e:
        load_settings(path, environ=env)
    for name in names:
        assert name in str(e.value)


def test_unknown_key_in_the_cfg_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="'language'.*accepted: lang, theme, sentence"):
        load_settings(cfg(tmp_path, "language = en"), environ={})


def test_a_scene_stops_with_the_message(monkeypatch):
    """A topic scene turns a bad setting into SystemExit with the message, not a traceback."""
    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    from scenes.positional_encoding import PositionalEncoding

    monkeypatch.setenv("TVIZ_LANG", "klingon")
    with (
        tempconfig({"dry_run": True, "progress_bar": "none"}),
        pytest.raises(SystemExit, match="language 'klingon'.*accepted: zh \\| en"),
    ):
        PositionalEncoding(renderer=CairoRenderer(skip_animations=True)).render()


@pytest.mark.parametrize("value,words", [
    ("我爱学习", ("我", "爱", "学习")),
    ("猫坐在垫子上", ("猫", "坐", "在", "垫子", "上")),
    ("机器 学习很有趣", ("机器", "学习", "很", "有趣")),
])
def test_an_unspaced_sentence_is_segmented(value, words):
    assert load_settings(environ={"TVIZ_SENTENCE": value}).sentence == words


def test_text_no_word_covers_is_named():
    with pytest.raises(SettingsError, match=r"'我爱机器人'.*its '人' is part of no known word.*"
                                            r"close known words: 机器"):
        load_settings(environ={"TVIZ_SENTENCE": "我爱机器人"})


def test_a_sentence_longer_than_the_scenes_show_names_the_limit():
    from scenes.kit.settings import MAX_WORDS

    long = " ".join(["我", "爱", "学习"] * 3)
    with pytest.raises(SettingsError, match=f"has 9 words; the scenes show at most {MAX_WORDS}"):
        load_settings(environ={"TVIZ_SENTENCE": long})
    assert len(load_settings(environ={"TVIZ_SENTENCE": " ".join(["猫"] * MAX_WORDS)}).sentence) \
        == MAX_WORDS


def test_a_scene_stops_with_one_message_for_a_damaged_weights_file(monkeypatch, tmp_path):
    from manim import tempconfig

    from scenes.kit.dry import DryRenderer
    from scenes.positional_encoding import PositionalEncoding
    from scenes.reference import model

    broken = tmp_path / "tiny_transformer.npz"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr(model, "MODEL_PATH", broken)
    with (
        tempconfig({"dry_run": True, "progress_bar": "none"}),
        pytest.raises(SystemExit, match=r"tiny_transformer.npz is damaged.*make train"),
    ):
        PositionalEncoding(renderer=DryRenderer()).render()
