"""The string catalogue: every key has zh and en text with the same placeholders."""

from __future__ import annotations

import re

import pytest

from scenes.kit import strings


@pytest.mark.parametrize("key", sorted(strings.STRINGS))
def test_both_languages_with_the_same_placeholders(key):
    entry = strings.STRINGS[key]
    assert set(entry) == {"zh", "en"}, f"{key} needs exactly zh and en"
    assert entry["zh"].strip() and entry["en"].strip()
    assert strings.placeholders(entry["zh"]) == strings.placeholders(entry["en"]), key


# symbols of formulas, not numbers
SYMBOLS = r"2i\+1|2i"


def test_no_typed_numbers_in_the_catalogue():
    """Numbers reach the screen through placeholders filled by the kit, never typed in."""
    for key, entry in strings.STRINGS.items():
        for lang, text in entry.items():
            literal = re.sub(SYMBOLS, "", re.sub(r"\{[a-z_]+\}", "", text))
            assert not re.search(r"\d", literal), f"{key}[{lang}] types a number: {text!r}"


def test_unknown_key_is_named():
    with pytest.raises(KeyError, match="no-such-key"):
        strings.t("no-such-key", "zh")


def test_topic_modules_keep_to_their_prefix():
    """A topic's module holds only its own keys (``pe.`` in pe.py); common.py has no prefix."""
    for module in strings.MODULES:
        name = module.__name__.rsplit(".", 1)[1]
        for key in module.STRINGS:
            if name == "common":
                assert "." not in key, f"{key} belongs in its topic's module"
            else:
                assert key.startswith(f"{name}."), f"{key} is in {name}.py"
