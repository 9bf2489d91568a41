"""How well does a trained model translate, and does its attention look at the right word?

    python -m scenes.reference.evaluate      # the shipped model on the course corpus (assets/)
    python -m scenes.reference.evaluate --model other.npz --corpus other.tsv

Prints the vocabulary sizes, the corpus and held-out sizes, greedy exact-match accuracy on the
training and held-out sentences and per pattern, and the alignment: the share of content words
(target words the lexicon links to exactly one source word) whose strongest cross-attention in
the last decoder layer, averaged over heads, falls on that source word (teacher-forced on the
reference translation: decoder position t, whose input ends with word t-1, predicts word t).
The course corpus (4 columns, corpus.py) brings its split and patterns; a 2-column file of extra
pairs (e.g. assets/lora_pairs.tsv) is all "train", pattern "extra". The alignment lexicon is
the content words of assets/lexicon.tsv.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from scenes.reference.corpus import NOTES, Pair, load_pairs
from scenes.reference.data import (
    BOS_ID,
    CORPUS_PATH,
    UnknownTokenError,
    alignment_links,
    load_corpus,
)
from scenes.reference.lexicon import load_lexicon
from scenes.reference.model import MODEL_PATH, forward, load_model, translate

TARGETS = {"train": 0.99, "heldout": 0.97, "pattern": 0.90, "alignment": 0.80}


def read_pairs(path):
    """A corpus file -> (list of Pair, alignment lexicon): 4-column course or 2-column notes."""
    first = next(line for line in Path(path).read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))
    if len(first.split("\t")) == 4:
        return load_pairs(path), load_lexicon()
    pairs = [Pair(tuple(zh), tuple(en), "extra", "train") for zh, en in load_corpus(path)]
    return pairs, load_lexicon()


def accuracy(model, pairs):
    """Greedy exact match -> (share of pairs translated exactly, [(pair, got), ...] wrong)."""
    if not pairs:
        return float("nan"), []
    wrong = []
    for p in pairs:
        try:
            got = translate(model, list(p.zh))
        except UnknownTokenError as e:  # another model's corpus: a word it does not know
            got = f"<{e.word} unknown>"
        if got != " ".join(p.en):
            wrong.append((p, got))
    return 1 - len(wrong) / len(pairs), wrong


def by_pattern(model, pairs):
    """{pattern: (accuracy, n)} in corpus order."""
    groups = {}
    for p in pairs:
        groups.setdefault(p.pattern, []).append(p)
    return {name: (accuracy(model, ps)[0], len(ps)) for name, ps in groups.items()}


def cross_attention(model, zh, en):
    """Last decoder layer's cross-attention, mean over heads, teacher-forced -> [n_en + 1, n_zh]."""
    tgt_in = [BOS_ID] + model.tgt_ids(list(en))
    _, trace = forward(model.params, model.config, model.src_ids(list(zh)), tgt_in)
    return trace["decoder"][-1]["cross_attn"]["weights"].mean(axis=0)  # [n_tgt_in, n_src]


def alignment(model, pairs, lexicon):
    """-> (hits, links): content words whose head-mean cross-attention argmax is their word."""
    hits = total = 0
    for p in pairs:
        links = alignment_links(list(p.zh), list(p.en), lexicon)
        known = set(model.src_vocab) | set(model.tgt_vocab)
        if not links or not set(p.zh) | set(p.en) <= known:
            continue
        w = cross_attention(model, p.zh, p.en)
        hits += sum(int(np.argmax(w[t]) == j) for t, j in links)
        total += len(links)
    return hits, total


def report(model, pairs, lexicon):
    """The evaluation as a dict (what main prints)."""
    split = {s: [p for p in pairs if p.split == s] for s in ("train", "heldout")}
    acc = {s: accuracy(model, ps) for s, ps in split.items()}
    notes = [p for p in pairs if (" ".join(p.zh), " ".join(p.en)) in NOTES]
    held = split["heldout"] or split["train"]
    hits, links = alignment(model, held, lexicon)
    return {
        "src_vocab": len(model.src_vocab), "tgt_vocab": len(model.tgt_vocab),
        "n_pairs": len(pairs), "n_train": len(split["train"]), "n_heldout": len(split["heldout"]),
        "train": acc["train"][0], "heldout": acc["heldout"][0],
        "wrong": acc["train"][1] + acc["heldout"][1],
        "patterns": {s: by_pattern(model, ps) for s, ps in split.items() if ps},
        "notes": [(" ".join(p.zh), translate(model, list(p.zh)), " ".join(p.en)) for p in notes],
        "alignment": hits / links if links else float("nan"), "alignment_links": links,
        "alignment_split": "heldout" if split["heldout"] else "train",
    }


def format_report(r, show_wrong=15):
    def pct(x):
        return "  n/a" if np.isnan(x) else f"{x:6.1%}"
    lines = [(f"vocabulary: source {r['src_vocab']} tokens, target {r['tgt_vocab']} tokens "
              f"(4 special tokens each)"),
             f"corpus: {r['n_pairs']} pairs; training {r['n_train']}, held-out {r['n_heldout']}",
             f"exact match: training {pct(r['train'])}   held-out {pct(r['heldout'])}",
             f"{'pattern':<12} {'train':>7} {'(n)':>6} {'held-out':>9} {'(n)':>5}"]
    patterns = list(dict.fromkeys(k for ps in r["patterns"].values() for k in ps))
    for name in patterns:
        tr = r["patterns"].get("train", {}).get(name, (float("nan"), 0))
        ho = r["patterns"].get("heldout", {}).get(name, (float("nan"), 0))
        lines.append(f"{name:<12} {pct(tr[0]):>7} {tr[1]:>6} {pct(ho[0]):>9} {ho[1]:>5}")
    for zh, got, want in r["notes"]:
        lines.append(f"notes: {zh} -> {got}" + ("" if got == want else f"   (expected {want})"))
    lines.append(f"alignment ({r['alignment_split']}): {pct(r['alignment'])} of "
                 f"{r['alignment_links']} content words attend most to their source word "
                 f"(last decoder layer, head mean)")
    for p, got in r["wrong"][:show_wrong]:
        lines.append(f"  wrong ({p.split}, {p.pattern}): {' '.join(p.zh)} -> {got}   "
                     f"(expected {' '.join(p.en)})")
    if len(r["wrong"]) > show_wrong:
        lines.append(f"  ... {len(r['wrong']) - show_wrong} more wrong")
    return "\n".join(lines)


def meets_targets(r):
    """Are the issue's targets met? -> {target: bool, or None without a held-out split}."""
    worst = min((a for ps in r["patterns"].values() for a, _ in ps.values()), default=0.0)
    return {"train >= 99%": r["train"] >= TARGETS["train"],
            "held-out >= 97%": None if np.isnan(r["heldout"]) else r["heldout"] >= TARGETS["heldout"],
            "every pattern >= 90%": worst >= TARGETS["pattern"],
            "notes' sentences exact": all(got == want for _, got, want in r["notes"]),
            "alignment >= 80%": r["alignment"] >= TARGETS["alignment"]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=MODEL_PATH)
    ap.add_argument("--corpus", type=Path, default=CORPUS_PATH)
    args = ap.parse_args(argv)
    model = load_model(args.model)
    pairs, lexicon = read_pairs(args.corpus)
    r = report(model, pairs, lexicon)
    print(f"model {args.model}, corpus {args.corpus}")
    print(format_report(r))
    for name, ok in meets_targets(r).items():
        print(f"target {name}: {'n/a' if ok is None else 'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
