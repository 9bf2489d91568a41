"""Validated settings: the ``[transformer_viz]`` section of manim.cfg, overridden by TVIZ_* env vars.

    [transformer_viz]            environment
    lang = zh | en               TVIZ_LANG
    theme = dark | light         TVIZ_THEME
    sentence = 我 爱 学习         TVIZ_SENTENCE   (space-separated words the model's vocabulary knows)
    steps = qkv,softmax          TVIZ_STEPS      (render only these steps of a scene; empty: all)

Bad values raise :class:`SettingsError`, whose message names the value and what is accepted.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SECTION = "transformer_viz"
LANGS = ("zh", "en")
THEMES = ("dark", "light")
DEFAULTS = {"lang": "zh", "theme": "dark", "sentence": "我 爱 学习", "steps": ""}
ENV = {"lang": "TVIZ_LANG", "theme": "TVIZ_THEME", "sentence": "TVIZ_SENTENCE",
       "steps": "TVIZ_STEPS"}


MAX_WORDS = 8  # words of the example sentence the scenes lay out (a row or column each)


class SettingsError(ValueError):
    """A setting has a value the project cannot use."""


@dataclass(frozen=True)
class Settings:
    lang: str
    theme: str
    sentence: tuple[str, ...]
    steps: tuple[str, ...] = ()  # the steps to render (names as the scene declares them); () = all
    steps_from: str = "default"  # where ``steps`` came from, for error messages


def config_path() -> Path:
    """manim.cfg of the current directory (as manim reads it), else the repo's own."""
    here = Path.cwd() / "manim.cfg"
    return here if here.is_file() else REPO_ROOT / "manim.cfg"


def read_raw(path: Path | None = None, environ=None) -> dict[str, tuple[str, str]]:
    """Raw values with where each came from: {key: (value, origin)}."""
    environ = os.environ if environ is None else environ
    path = config_path() if path is None else Path(path)
    raw = {key: (value, "default") for key, value in DEFAULTS.items()}
    parser = configparser.ConfigParser()
    if path.is_file():
        parser.read(path, encoding="utf-8")
        if parser.has_section(SECTION):
            for key in DEFAULTS:
                if parser.has_option(SECTION, key):
                    raw[key] = (parser.get(SECTION, key), f"{path.name} [{SECTION}] {key}")
            unknown = sorted(set(parser.options(SECTION)) - set(DEFAULTS))
            if unknown:
                raise SettingsError(
                    f"unknown setting {unknown[0]!r} in {path} [{SECTION}]; "
                    f"accepted: {', '.join(DEFAULTS)}"
                )
    for key, var in ENV.items():
        if var in environ:
            raw[key] = (environ[var], f"environment variable {var}")
    return raw


def _choice(value: str, origin: str, accepted: tuple[str, ...], what: str) -> str:
    v = value.strip().lower()
    if v not in accepted:
        raise SettingsError(
            f"{what} {value!r} (from {origin}) is not supported; accepted: {' | '.join(accepted)}"
        )
    return v


def parse_sentence(value: str, origin: str = "the scene", vocab=None) -> tuple[str, ...]:
    """Split a sentence into words (spaced, or unspaced Chinese segmented against the source
    vocabulary) and check that the model knows each and that there are at most MAX_WORDS."""
    if not value.split():
        raise SettingsError(
            f"the example sentence (from {origin}) is empty; give words, spaced or not, "
            f"e.g. {DEFAULTS['sentence']!r} or {DEFAULTS['sentence'].replace(' ', '')!r}"
        )
    specials = [w for w in value.split() if w.startswith("<") and w.endswith(">")]
    if specials:
        raise SettingsError(
            f"the example sentence {value!r} (from {origin}) contains the special token "
            f"{specials[0]!r}; give ordinary words only"
        )
    from scenes.reference import UnknownTokenError, load_model, tokenize
    from scenes.reference.data import split_sentence

    vocab = load_model().src_vocab if vocab is None else vocab
    try:
        words = tuple(split_sentence(value, vocab))
        tokenize(list(words), vocab)
    except UnknownTokenError as e:
        raise SettingsError(f"the example sentence {value!r} (from {origin}) is unusable: {e}")
    if len(words) > MAX_WORDS:
        raise SettingsError(
            f"the example sentence {value!r} (from {origin}) has {len(words)} words; the scenes "
            f"show at most {MAX_WORDS} (a matrix row each), so give a shorter one"
        )
    return words


def parse_steps(value: str, origin: str = "the scene") -> tuple[str, ...]:
    """Comma- (or space-) separated step names; empty means every step. Each name is checked
    against a scene's own steps when that scene is built (:func:`choose_steps`)."""
    names = tuple(n for n in value.replace(",", " ").split() if n)
    bad = [n for n in names if not n.replace("_", "").isalnum()]
    if bad:
        raise SettingsError(f"step {bad[0]!r} (from {origin}) is not a step name; give names "
                            f"separated by commas, e.g. 'softmax,weights'")
    return names


def choose_steps(chosen: tuple[str, ...], steps: tuple[str, ...], scene: str,
                 origin: str = "the settings") -> tuple[str, ...]:
    """The steps of ``scene`` to render: ``chosen`` in the scene's order (all when empty).

    "title" is the title card. A name the scene does not have stops with its accepted steps."""
    accepted = ("title", *steps)
    unknown = [n for n in chosen if n not in accepted]
    if unknown:
        raise SettingsError(f"{scene} has no step {unknown[0]!r} (from {origin}); "
                            f"accepted: {', '.join(accepted)}")
    return accepted if not chosen else tuple(n for n in accepted if n in chosen)


def load_settings(path: Path | None = None, environ=None) -> Settings:
    """Read, validate and return the settings (raises SettingsError on a bad value)."""
    raw = read_raw(path, environ)
    return Settings(
        lang=_choice(*raw["lang"], LANGS, "language"),
        theme=_choice(*raw["theme"], THEMES, "theme"),
        sentence=parse_sentence(*raw["sentence"]),
        steps=parse_steps(*raw["steps"]),
        steps_from=raw["steps"][1],
    )
