"""The course vocabulary, assets/lexicon.tsv: each Chinese word with its part of speech, its
class (which words go together, see corpus.py) and its English forms.

    zh <TAB> pos <TAB> class <TAB> form|form|...     (the file's header explains the columns)

``load_entries`` gives the rows; ``load_lexicon`` the alignment lexicon the training's guided
alignment and the evaluation use: {Chinese word: the English content words it translates to}.
"""

import dataclasses
from pathlib import Path

from scenes.reference.data import ASSETS

LEXICON_PATH = ASSETS / "lexicon.tsv"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One lexicon row: the Chinese word(s), part of speech, class and English forms."""

    zh: str
    pos: str
    cls: str
    forms: tuple

    def fits(self, spec):
        """Does this word belong to a class spec ('pron,person,书'): by class, word or 'pron'?"""
        allowed = set(spec.split(","))
        return self.zh in allowed or self.cls in allowed or (self.pos == "pron" and "pron" in allowed)


def load_entries(path=LEXICON_PATH):
    """Read `zh<TAB>pos<TAB>class<TAB>form|form|...` lines -> list of Entry, file order."""
    entries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            raise ValueError(f"{path}:{n}: expected 4 tab-separated columns, got {line!r}")
        entries.append(Entry(cols[0], cols[1], cols[2], tuple(cols[3].split("|"))))
    return entries


STOP = {"the", "a", "an", "at", "in", "on", "and", "not", "also", "-"}


def load_lexicon(entries=None):
    """{zh word: English content words it translates to}, for alignment links: pronouns, nouns,
    places, verbs (not 是) and adjectives; articles and prepositions left out."""
    entries = load_entries() if entries is None else entries
    lex = {}
    for e in entries:
        if e.pos in ("pron", "noun", "place", "verb", "adj") and e.zh != "是":
            words = {w for f in e.forms for w in f.split()} - STOP
            zh = e.zh.split()
            if len(zh) == 1:
                lex.setdefault(e.zh, set()).update(words)
    return lex
