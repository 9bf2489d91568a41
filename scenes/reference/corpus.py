"""The course corpus: Chinese -> English pairs generated from assets/lexicon.tsv.

    python -m scenes.reference.corpus     # writes assets/corpus.tsv, prints sizes per pattern

Deterministic: one seed, one numpy Generator consumed in a fixed order, so a rerun writes the
same bytes. Every pattern enumerates all its sentences (S = subject, V = verb, O = object, N =
noun, ADJ = adjective, P = pronoun; which words go together is the lexicon's `class` column),
then keeps a seeded sample of at most CAPS[pattern] of them:

=============  ==============================  ===========================================
pattern        Chinese                         English
=============  ==============================  ===========================================
notes          the notes' own sentences        我 爱 学习 -> I love learning, ...
svo            S V O                           我 喜欢 猫 -> I like cats
hen_adj        S 很 ADJ                        猫 很 可爱 -> the cat is cute
bu_adj         S 不 ADJ                        她 不 忙 -> she is not busy
shi            S 是 (一个) (ADJ) N             她 是 一个 好 医生 -> she is a good doctor
sit_sleep      S 坐/睡 在 PLACE 上             狗 睡 在 床 上 -> the dog slept on the bed
loc_vo         S 在 PLACE (里) V O             他 在 学校 学习 数学 -> he studies math at school
location       S 在 PLACE (里/上)              书 在 桌子 上 -> the book is on the table
possessive     P 的 N ...                      我 的 猫 很 可爱 -> my cat is cute
negation       S 不 V O,  S 不 是 (一个) N     我 不 喜欢 狗 -> I don't like dogs
ye             S 也 V O / 很 ADJ / 是 一个 N   他 也 喜欢 音乐 -> he also likes music
he_and         S V O 和 O                      我 喜欢 猫 和 狗 -> I like cats and dogs
you_measure    S 有 一个/一只/一本 (ADJ) N     学生 有 一本 书 -> the student has a book
gerund         S 爱/喜欢 学习 O                我 爱 学习 人工智能 -> I love learning AI
ye_bu          S 也 不 V O,  S 也 不 ADJ       他 也 不 喜欢 狗 -> he also doesn't like dogs
subj_and       N 和 N 很 ADJ / V O / 坐 在 ..  猫 和 狗 很 可爱 -> the cat and the dog are cute
=============  ==============================  ===========================================

English conventions (the same everywhere, so one Chinese sentence has one translation):
- Pronouns take their case: subject I/you/he/she/we/they, object me/you/him/her/us/them,
  with 的 the possessive my/your/his/her/our/their (我 的 猫 -> my cat).
- A subject noun is definite and singular: the cat, the teacher, the book (猫 很 可爱 -> the cat
  is cute); mom, dad and mass nouns (math, data, music, water, AI, machine learning) are bare.
- An object person is definite (他 爱 老师 -> he loves the teacher); an object animal or thing is
  a bare plural, the generic reading (我 喜欢 猫 -> I like cats; 学生 读 书 -> the student reads
  books); mass nouns stay bare (她 需要 数据 -> she needs data).
- Before a noun a one-character adjective stands alone (一只 小 猫 -> a small cat), a longer one
  takes 的 (一个 聪明 的 学生 -> a smart student).
- 一个/一只/一本 is a/an (an before a vowel letter); 很 is not translated (S 很 ADJ -> S is ADJ).
- Verbs are in the simple present, 3rd person singular with -s (he likes, the cat eats); the
  copula is am/is/are. 坐 and 睡 with a place are past, as in the notes' "the cat sat on the mat".
- 不 + verb is don't/doesn't + base form; 不 + ADJ or 不 是 is "am/is/are not". 也 is "also",
  after the copula (he is also busy) and before any other verb (he also likes music).
- Two subjects joined by 和 are plural: the cat and the dog are cute, mom and dad like music.
- 在 + place: furniture with 上 is "on the X" (on the mat); 学校, 家, 公园 (with or without 里)
  are "at school", "at home", "in the park", placed after the object (the word order changes).
- 学习 is the noun "learning" as an object or subject (我 爱 学习 -> I love learning), the verb
  "study" before its object (他 学习 数学 -> he studies math), and "learning" again after
  爱/喜欢 when an object follows (我 爱 学习 人工智能 -> I love learning AI).
- 有趣 is "fun" (机器 学习 很 有趣 -> machine learning is fun, as in the shipped corpus).

Held-out split: within each pattern (not the notes' sentences, which are always trained on), a
seeded permutation puts HELD_OUT_SHARE of the pattern's sentences in "heldout": whole sentences
that training never sees. Every source and target word still occurs in training.
"""

import argparse
import dataclasses
import math
import sys
from itertools import product
from pathlib import Path

import numpy as np

from scenes.reference.data import CORPUS_PATH
from scenes.reference.lexicon import LEXICON_PATH, Entry, load_entries, load_lexicon  # noqa: F401

SEED = 13
HELD_OUT_SHARE = 0.12

NOTES = [  # the notes' sentences: translated exactly as by the shipped model
    ("我 爱 学习", "I love learning"),
    ("猫 坐 在 垫子 上", "the cat sat on the mat"),
    ("机器 学习 很 有趣", "machine learning is fun"),
    ("我 是 一个 学生", "I am a student"),
]

CAPS = {"svo": 1300, "hen_adj": 450, "bu_adj": 350, "shi": 450, "sit_sleep": 400,
        "loc_vo": 600, "location": 250, "possessive": 700, "negation": 650, "ye": 550,
        "he_and": 550, "you_measure": 400, "gerund": 300, "ye_bu": 300, "subj_and": 450}

BARE = {"family", "drink", "staple", "field"}  # nouns without an article, one form


# ---------------------------------------------------------------- English forms

def article(words):
    """'a' or 'an' for the words that follow."""
    return "an" if words[0][0].lower() in "aeiou" else "a"


def agreement(np_):
    """Grammatical person of a noun phrase: '1s', '2', '3s' or 'pl'."""
    head = np_[-1]
    return head.cls if head.pos == "pron" else "3s"


def zh_np(np_):
    """A noun phrase (possessor?, head) -> its Chinese words."""
    if len(np_) == 2:
        return np_[0].zh.split() + ["的"] + np_[1].zh.split()
    return np_[0].zh.split()


def en_noun(e, role):
    """A bare noun's English as subject ('the cat', 'math') or object ('cats', 'the teacher')."""
    if e.cls in BARE:
        return e.forms[0].split()
    if role == "subject" or e.cls == "person":
        return ["the", e.forms[0]]
    return e.forms[1].split()


def en_np(np_, role):
    """English of a noun phrase as subject or object: pronoun cases, my cat, the cat, cats."""
    if len(np_) == 2:
        return [np_[0].forms[2]] + np_[1].forms[0].split()
    e = np_[0]
    if e.pos == "pron":
        return [e.forms[0 if role == "subject" else 1]]
    return en_noun(e, role)


def be(agr):
    return {"1s": "am", "3s": "is"}.get(agr, "are")


def verb(v, agr):
    """Simple present: 'likes' for 3s, 'like' otherwise."""
    return v.forms[1 if agr == "3s" else 0].split()


def neg_verb(v, agr):
    return ["doesn't" if agr == "3s" else "don't"] + v.forms[0].split()


def attributive(adj):
    """An adjective before a noun: 小 猫, but 可爱 的 猫 (a two-character adjective takes 的)."""
    if adj is None:
        return []
    return [adj.zh] + (["的"] if len(adj.zh) > 1 else [])


def an_n(adj, n):
    """'a good doctor', 'an apple': the article, the adjective if any, the singular noun."""
    words = ([adj.forms[0]] if adj else []) + n.forms[0].split()
    return [article(words)] + words


# ---------------------------------------------------------------- the patterns

class Lexicon:
    """The lexicon split by part of speech, with the queries the patterns need."""

    def __init__(self, entries):
        self.entries = entries
        self.by_pos = {}
        for e in entries:
            self.by_pos.setdefault(e.pos, []).append(e)
        self.word = {(e.zh, e.pos): e for e in entries}

    def nouns(self, spec):
        """Pronouns and nouns of a class spec, lexicon order, as 1-word noun phrases."""
        return [(e,) for e in self.by_pos["pron"] + self.by_pos["noun"] if e.fits(spec)]

    def verbs(self, names):
        return [self.word[(z, "verb")] for z in names]

    def subj(self, v):
        return self.nouns(v.cls.split(">")[0])

    def obj(self, v):
        return self.nouns(v.cls.split(">")[1])

    def adjs(self, e):
        return [a for a in self.by_pos["adj"] if e.fits(a.cls)]

    def adj_fits(self, a, e):
        return e.fits(a.cls)

    def places(self, cls):
        return [e for e in self.by_pos["place"] if e.cls == cls]

    def possessed(self, spec="person,family,animal,thing"):
        """(possessor pronoun, noun) phrases: 我 的 猫 -> my cat."""
        return [(p, n) for p in self.by_pos["pron"] for n in self.by_pos["noun"] if n.fits(spec)]


TRANSITIVE = ("爱", "喜欢", "需要", "懂", "学习", "看", "读", "写", "吃", "喝", "训练")


def _distinct(s, o):
    return s[-1].zh != o[-1].zh


def p_svo(lx):
    for v in lx.verbs(TRANSITIVE):
        for s, o in product(lx.subj(v), lx.obj(v)):
            if _distinct(s, o):
                yield zh_np(s) + [v.zh] + zh_np(o), en_np(s, "subject") + verb(v, agreement(s)) + \
                    en_np(o, "object")


def _adj_subjects(lx, a):
    return [s for s in lx.nouns("pron,person,family,animal,thing,food,drink,staple,field")
            if lx.adj_fits(a, s[0])]


def p_hen_adj(lx):
    for a in lx.by_pos["adj"]:
        for s in _adj_subjects(lx, a):
            yield zh_np(s) + ["很", a.zh], en_np(s, "subject") + [be(agreement(s)), a.forms[0]]


def p_bu_adj(lx):
    for a in lx.by_pos["adj"]:
        for s in _adj_subjects(lx, a):
            yield zh_np(s) + ["不", a.zh], \
                en_np(s, "subject") + [be(agreement(s)), "not", a.forms[0]]


def _shi_objects(lx, s, n):
    """The Chinese and English of what follows 是 for subject s and a person noun n."""
    adjs = [None] + [a for a in lx.by_pos["adj"] if lx.adj_fits(a, n)]
    plural = agreement(s) == "pl"
    for adj in adjs:
        a_zh = attributive(adj)
        if plural:
            yield a_zh + [n.zh], ([adj.forms[0]] if adj else []) + [n.forms[1]]
        else:
            for mw in ([], ["一个"]):
                yield mw + a_zh + [n.zh], an_n(adj, n)


def p_shi(lx):
    v = lx.word[("是", "verb")]
    for s, (n,) in product(lx.subj(v), lx.obj(v)):
        if _distinct(s, (n,)):
            for zh, en in _shi_objects(lx, s, n):
                yield zh_np(s) + ["是"] + zh, en_np(s, "subject") + [be(agreement(s))] + en


def p_sit_sleep(lx):
    for v in lx.verbs(("坐", "睡")):
        for s, place in product(lx.subj(v), lx.places("furniture")):
            yield zh_np(s) + [v.zh, "在", place.zh, "上"], \
                en_np(s, "subject") + [v.forms[2], "on"] + place.forms[0].split()


def p_loc_vo(lx):
    for v in lx.verbs(TRANSITIVE):
        for s, o, place, li in product(lx.subj(v), lx.obj(v), lx.places("site"), ([], ["里"])):
            if _distinct(s, o):
                yield zh_np(s) + ["在", place.zh] + li + [v.zh] + zh_np(o), \
                    en_np(s, "subject") + verb(v, agreement(s)) + en_np(o, "object") + \
                    place.forms[0].split()


def p_location(lx):
    for s, place, li in product(lx.nouns("pron,person,family,animal"), lx.places("site"),
                                ([], ["里"])):
        yield zh_np(s) + ["在", place.zh] + li, \
            en_np(s, "subject") + [be(agreement(s))] + place.forms[0].split()
    for s, place in product(lx.nouns("pron,person,family,animal,thing,food"),
                            lx.places("furniture")):
        yield zh_np(s) + ["在", place.zh, "上"], \
            en_np(s, "subject") + [be(agreement(s)), "on"] + place.forms[0].split()


def p_possessive(lx):
    for pn in lx.possessed():
        n = pn[1]
        for a in lx.adjs(n):
            yield zh_np(pn) + ["很", a.zh], en_np(pn, "subject") + ["is", a.forms[0]]
        for v in lx.verbs(TRANSITIVE):
            if n.fits(v.cls.split(">")[0]):
                for o in lx.obj(v):
                    if _distinct(pn, o) and o[0].pos != "pron":
                        yield zh_np(pn) + [v.zh] + zh_np(o), \
                            en_np(pn, "subject") + verb(v, "3s") + en_np(o, "object")
            if n.fits(v.cls.split(">")[1]):
                for s in lx.subj(v):
                    if s[0].zh != pn[0].zh and s[0].pos == "pron":
                        yield zh_np(s) + [v.zh] + zh_np(pn), \
                            en_np(s, "subject") + verb(v, agreement(s)) + en_np(pn, "object")
        if n.cls in ("person", "family"):
            for s in lx.nouns("pron"):
                if s[0].zh != pn[0].zh:
                    yield zh_np(s) + ["是"] + zh_np(pn), \
                        en_np(s, "subject") + [be(agreement(s))] + en_np(pn, "object")
        if n.cls in ("person", "family", "animal"):
            for v, place in product(lx.verbs(("坐", "睡")), lx.places("furniture")):
                yield zh_np(pn) + [v.zh, "在", place.zh, "上"], \
                    en_np(pn, "subject") + [v.forms[2], "on"] + place.forms[0].split()


def p_negation(lx):
    for v in lx.verbs(TRANSITIVE):
        for s, o in product(lx.subj(v), lx.obj(v)):
            if _distinct(s, o):
                yield zh_np(s) + ["不", v.zh] + zh_np(o), \
                    en_np(s, "subject") + neg_verb(v, agreement(s)) + en_np(o, "object")
    v = lx.word[("是", "verb")]
    for s, (n,) in product(lx.subj(v), lx.obj(v)):
        if _distinct(s, (n,)):
            for zh, en in _shi_objects(lx, s, n):
                yield zh_np(s) + ["不", "是"] + zh, \
                    en_np(s, "subject") + [be(agreement(s)), "not"] + en


def p_ye(lx):
    for v in lx.verbs(TRANSITIVE):
        for s, o in product(lx.subj(v), lx.obj(v)):
            if _distinct(s, o):
                yield zh_np(s) + ["也", v.zh] + zh_np(o), \
                    en_np(s, "subject") + ["also"] + verb(v, agreement(s)) + en_np(o, "object")
    for a in lx.by_pos["adj"]:
        for s in _adj_subjects(lx, a):
            yield zh_np(s) + ["也", "很", a.zh], \
                en_np(s, "subject") + [be(agreement(s)), "also", a.forms[0]]
    v = lx.word[("是", "verb")]
    for s, (n,) in product(lx.subj(v), lx.obj(v)):
        if _distinct(s, (n,)) and agreement(s) != "pl":
            yield zh_np(s) + ["也", "是", "一个", n.zh], \
                en_np(s, "subject") + [be(agreement(s)), "also"] + an_n(None, n)


def p_he_and(lx):
    for v in lx.verbs(TRANSITIVE):
        objs = [o for o in lx.obj(v) if o[0].pos != "pron"]
        for s, o1, o2 in product(lx.subj(v), objs, objs):
            if o1 != o2 and _distinct(s, o1) and _distinct(s, o2):
                yield zh_np(s) + [v.zh] + zh_np(o1) + ["和"] + zh_np(o2), \
                    en_np(s, "subject") + verb(v, agreement(s)) + en_np(o1, "object") + \
                    ["and"] + en_np(o2, "object")


def p_you_measure(lx):
    v = lx.word[("有", "verb")]
    measures = lx.by_pos["measure"]
    for s, (n,) in product(lx.subj(v), lx.obj(v)):
        mws = [m for m in measures if n.zh in m.cls.split(",")] or \
            [m for m in measures if n.fits(m.cls)]  # 一本 书, not 一个 书
        if not mws or not _distinct(s, (n,)):
            continue
        for adj in [None] + [a for a in lx.by_pos["adj"] if lx.adj_fits(a, n)]:
            yield zh_np(s) + ["有", mws[0].zh] + attributive(adj) + [n.zh], \
                en_np(s, "subject") + verb(v, agreement(s)) + an_n(adj, n)


def p_gerund(lx):
    study = lx.word[("学习", "verb")]
    for v in lx.verbs(("爱", "喜欢")):
        for s, o in product(lx.subj(study), lx.obj(study)):
            yield zh_np(s) + [v.zh, "学习"] + zh_np(o), \
                en_np(s, "subject") + verb(v, agreement(s)) + ["learning"] + en_np(o, "object")


def p_ye_bu(lx):
    for v in lx.verbs(TRANSITIVE):
        for s, o in product(lx.subj(v), lx.obj(v)):
            if _distinct(s, o):
                yield zh_np(s) + ["也", "不", v.zh] + zh_np(o), \
                    en_np(s, "subject") + ["also"] + neg_verb(v, agreement(s)) + en_np(o, "object")
    for a in lx.by_pos["adj"]:
        for s in _adj_subjects(lx, a):
            yield zh_np(s) + ["也", "不", a.zh], \
                en_np(s, "subject") + [be(agreement(s)), "also", "not", a.forms[0]]


def p_subj_and(lx):
    nouns = lx.nouns("person,family,animal")
    pairs = [(a, b) for a, b in product(nouns, nouns) if a != b]
    for a, b in pairs:
        zh = zh_np(a) + ["和"] + zh_np(b)
        en = en_np(a, "subject") + ["and"] + en_np(b, "subject")
        for adj in lx.by_pos["adj"]:
            if a[0].fits(adj.cls) and b[0].fits(adj.cls):
                yield zh + ["很", adj.zh], en + ["are", adj.forms[0]]
        for v in lx.verbs(TRANSITIVE):
            if a[0].fits(v.cls.split(">")[0]) and b[0].fits(v.cls.split(">")[0]):
                for o in lx.obj(v):
                    if _distinct(a, o) and _distinct(b, o):
                        yield zh + [v.zh] + zh_np(o), en + verb(v, "pl") + en_np(o, "object")
        for v, place in product(lx.verbs(("坐", "睡")), lx.places("furniture")):
            yield zh + [v.zh, "在", place.zh, "上"], en + [v.forms[2], "on"] + place.forms[0].split()


PATTERNS = {"svo": p_svo, "hen_adj": p_hen_adj, "bu_adj": p_bu_adj, "shi": p_shi,
            "sit_sleep": p_sit_sleep, "loc_vo": p_loc_vo, "location": p_location,
            "possessive": p_possessive, "negation": p_negation, "ye": p_ye, "he_and": p_he_and,
            "you_measure": p_you_measure, "gerund": p_gerund, "ye_bu": p_ye_bu,
            "subj_and": p_subj_and}


# ---------------------------------------------------------------- the corpus

@dataclasses.dataclass(frozen=True)
class Pair:
    """One corpus line: Chinese words, English words, the pattern, 'train' or 'heldout'."""

    zh: tuple
    en: tuple
    pattern: str
    split: str


def all_sentences(entries=None):
    """Every sentence the patterns make, before sampling -> {zh: (en, pattern)}, first wins."""
    lx = Lexicon(load_entries() if entries is None else entries)
    out = {}
    for name, fn in PATTERNS.items():
        for zh, en in fn(lx):
            out.setdefault(" ".join(zh), (" ".join(en), name))
    return out


def generate(entries=None, seed=SEED, caps=None, held_out_share=HELD_OUT_SHARE):
    """The corpus -> list of Pair: the notes' sentences, then each pattern's seeded sample.

    A Chinese sentence appears once (the first pattern that makes it keeps it); one that two
    patterns translate differently is an error (the conventions must give one translation)."""
    lx = Lexicon(load_entries() if entries is None else entries)
    caps = CAPS if caps is None else caps
    rng = np.random.default_rng(seed)
    seen = {}
    out = []
    for zh, en in NOTES:
        seen[zh] = en
        out.append(Pair(tuple(zh.split()), tuple(en.split()), "notes", "train"))
    for name, fn in PATTERNS.items():
        pool = []
        for zh, en in fn(lx):
            key, value = " ".join(zh), " ".join(en)
            if key in seen:
                if seen[key] != value:
                    raise ValueError(f"{key!r}: {seen[key]!r} vs {value!r} ({name})")
                continue
            seen[key] = value
            pool.append((tuple(zh), tuple(en)))
        keep = sorted(rng.choice(len(pool), size=min(caps[name], len(pool)), replace=False))
        pool = [pool[i] for i in keep]
        n_held = math.ceil(held_out_share * len(pool))
        held = set(rng.permutation(len(pool))[:n_held].tolist())
        out += [Pair(zh, en, name, "heldout" if i in held else "train")
                for i, (zh, en) in enumerate(pool)]
    return out


def write_corpus(pairs, path=CORPUS_PATH):
    """zh<TAB>en<TAB>pattern<TAB>split lines, after a comment header."""
    lines = ["# Course corpus, generated by scenes/reference/corpus.py from assets/lexicon.tsv",
             ("# (python -m scenes.reference.corpus). Columns: Chinese words, English words, "
              "pattern, split (train or heldout).")]
    lines += ["\t".join((" ".join(p.zh), " ".join(p.en), p.pattern, p.split)) for p in pairs]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_pairs(path=CORPUS_PATH):
    """Read the 4-column corpus -> list of Pair."""
    pairs = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4 or cols[3] not in ("train", "heldout"):
            raise ValueError(f"{path}:{n}: expected 'zh<TAB>en<TAB>pattern<TAB>split', got {line!r}")
        pairs.append(Pair(tuple(cols[0].split()), tuple(cols[1].split()), cols[2], cols[3]))
    return pairs


def as_word_pairs(pairs, split=None):
    """Pairs of one split (or all) as (zh_words, en_words) lists, the form train.py reads."""
    return [(list(p.zh), list(p.en)) for p in pairs if split is None or p.split == split]


def counts(pairs):
    """{pattern: {'train': n, 'heldout': n}} in corpus order, plus 'total'."""
    table = {}
    for p in pairs:
        row = table.setdefault(p.pattern, {"train": 0, "heldout": 0})
        row[p.split] += 1
    table["total"] = {s: sum(r[s] for r in table.values()) for s in ("train", "heldout")}
    return table


def format_counts(table):
    rows = [f"{'pattern':<12} {'train':>6} {'heldout':>7} {'total':>6}"]
    for name, r in table.items():
        rows.append(f"{name:<12} {r['train']:>6} {r['heldout']:>7} {r['train'] + r['heldout']:>6}")
    return "\n".join(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=CORPUS_PATH)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    pairs = generate(seed=args.seed)
    write_corpus(pairs, args.out)
    print(format_counts(counts(pairs)))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
