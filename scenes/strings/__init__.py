"""Every on-screen word and every subtitle, in Chinese (zh) and English (en), as data.

One TOML file per topic, named after the topic's module (``positional_encoding.toml`` for
``scenes/positional_encoding.py``), plus ``common.toml`` for words several topics share. Each
table is one string id with its ``zh`` and ``en`` text::

    [order.say3]
    zh = "交换「{a}」和「{b}」，再算一次。"
    en = "Swap “{a}” and “{b}” and compute again."

The catalogue keys are ``<topic>.<id>`` (``positional_encoding.order.say3``); common ids have no
prefix. ``{name}`` placeholders are filled by the scene (numbers formatted by the kit). Read
with ``tomllib`` only: importing this package needs neither manim nor numpy.
"""

from __future__ import annotations

import string
from pathlib import Path

import tomllib

DIR = Path(__file__).resolve().parent
COMMON = "common"
LANGS = ("zh", "en")


def _flatten(prefix: str, table: dict, out: dict, where: Path) -> None:
    """Tables with text become entries; nested tables become dotted ids."""
    text = {k: v for k, v in table.items() if not isinstance(v, dict)}
    if text:
        bad = {k: v for k, v in text.items() if k not in LANGS or not isinstance(v, str)}
        if bad:
            raise ValueError(f"{where.name}: [{prefix}] may hold only zh and en text, "
                             f"not {sorted(bad)}")
        out[prefix] = text
    for k, v in table.items():
        if isinstance(v, dict):
            _flatten(f"{prefix}.{k}" if prefix else k, v, out, where)


def read(path: Path) -> dict[str, dict[str, str]]:
    """{id: {lang: text}} of one TOML file, ids without the topic prefix."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    out: dict[str, dict[str, str]] = {}
    _flatten("", data, out, path)
    return out


def files() -> list[Path]:
    return sorted(DIR.glob("*.toml"))


def load(directory: Path = DIR) -> dict[str, dict[str, str]]:
    """The whole catalogue: ``topic.id`` keys (``id`` alone for common.toml)."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        topic = path.stem
        for key, entry in read(path).items():
            full = key if topic == COMMON else f"{topic}.{key}"
            if full in merged:
                raise ValueError(f"string {full!r} is defined twice ({path.name})")
            merged[full] = entry
    return merged


STRINGS: dict[str, dict[str, str]] = load()


def t(key: str, lang: str, **values) -> str:
    """The text of ``key`` in ``lang`` with its placeholders filled."""
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in the catalogue (scenes/strings/*.toml)") from None
    return entry[lang].format(**values)


def placeholders(text: str) -> set[str]:
    """Names of the {placeholders} in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
