"""Every on-screen word and every subtitle, keyed by id, in Chinese (zh) and English (en).

One catalogue, kept in one module per topic so topics can be written side by side:
``common`` (no prefix) and one module per topic whose keys all start with its prefix
(``pe.`` for positional_encoding). Keys are ``topic.step.what``; ``{name}`` placeholders are
filled by the scene (numbers formatted by the kit, words from the example sentence). Tests
check that every key has both languages with the same placeholders, and that no key is
defined twice.
"""

from __future__ import annotations

import importlib
import pkgutil
import string

# every module of this package is part of the catalogue: a new topic only adds its file
MODULES = tuple(importlib.import_module(f"{__name__}.{m.name}")
                for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name))


def _merge(modules) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in modules:
        for key, entry in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"string {key!r} is defined twice ({module.__name__})")
            merged[key] = entry
    return merged


STRINGS: dict[str, dict[str, str]] = _merge(MODULES)


def t(key: str, lang: str, **values) -> str:
    """The text of ``key`` in ``lang`` with its placeholders filled."""
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in the catalogue (scenes/kit/strings/)") from None
    return entry[lang].format(**values)


def placeholders(text: str) -> set[str]:
    """Names of the {placeholders} in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
