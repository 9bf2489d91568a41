"""The string catalogue (scenes/strings/*.toml): every key has zh and en text with the same
placeholders, one file per topic module, readable without manim."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scenes import strings

SCENES = Path(strings.__file__).resolve().parents[1]


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


def test_one_file_per_topic_module():
    """Each TOML file is named after a topic module (or is common.toml), and every topic
    module that defines a scene has its file."""
    topics = {p.stem for p in SCENES.glob("*.py")
              if p.stem not in ("__init__", "__main__") and "LectureScene)" in p.read_text()}
    files = {p.stem for p in strings.files()}
    assert files - {strings.COMMON} == topics


def test_a_table_with_other_keys_is_refused(tmp_path):
    (tmp_path / "demo.toml").write_text('[a]\nzh = "甲"\nen = "a"\nfr = "a"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"demo.toml: \[a\] may hold only zh and en"):
        strings.load(tmp_path)


def test_reading_the_catalogue_needs_no_manim():
    code = ("import sys; from scenes import strings; assert strings.STRINGS; "
            "assert 'manim' not in sys.modules and 'numpy' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], cwd=SCENES.parent, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
