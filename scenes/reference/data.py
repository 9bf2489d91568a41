"""The corpus (Chinese -> English word pairs), the vocabularies and the word-level tokenizer.

A vocabulary is a plain list of tokens; a token's id is its index. Both vocabularies start with
the same special tokens at fixed ids: <pad>=0, <bos>=1, <eos>=2, <unk>=3.

A sentence given as a string is split on whitespace; a piece of Chinese that is not a word of
the vocabulary (unspaced input, 我爱学习) is segmented against it by longest match, left to
right: 我爱学习 -> 我 | 爱 | 学习.
"""

import difflib
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "assets"
CORPUS_PATH = ASSETS / "corpus.tsv"

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
SPECIALS = (PAD, BOS, EOS, UNK)
PAD_ID, BOS_ID, EOS_ID, UNK_ID = 0, 1, 2, 3


class UnknownTokenError(ValueError):
    """A word that is not in the vocabulary; the message names it and lists close known words."""

    def __init__(self, word, vocab_name, close):
        self.word, self.vocab_name, self.close = word, vocab_name, list(close)
        hint = ("close known words: " + ", ".join(self.close)) if self.close else "no close known words"
        super().__init__(f"unknown word {word!r} (not in the {vocab_name} vocabulary); {hint}")


class UncoveredTextError(UnknownTokenError):
    """Unspaced Chinese that no sequence of vocabulary words covers: names the characters left."""

    def __init__(self, text, vocab_name, uncovered, close):
        self.uncovered = uncovered
        UnknownTokenError.__init__(self, text, vocab_name, close)
        words = ("close known words: " + ", ".join(self.close)) if self.close else \
            "no close known words"
        ValueError.__init__(self, f"unknown word {text!r} (not in the {vocab_name} vocabulary; "
                            f"read as unspaced text, its {uncovered!r} is part of no known word); "
                            f"{words}")


CJK = re.compile(r"^[\u3400-\u9fff]+$")


def segment(text, vocab, vocab_name="source"):
    """Unspaced Chinese -> its words: at each place the longest vocabulary word that starts
    there (我爱学习人工智能 -> 我, 爱, 学习, 人工智能 when all four are words).

    A place where no word starts stops with UncoveredTextError naming the characters from there
    to the next place a word starts (or the end); text of which no part is a word is an
    UnknownTokenError, like any unknown word."""
    words = {w for w in vocab if w not in SPECIALS}
    longest = max(map(len, words), default=0)
    out, i = [], 0
    while i < len(text):
        match = next((text[i:j] for j in range(min(len(text), i + longest), i, -1)
                      if text[i:j] in words), None)
        if match is None:
            j = next((k for k in range(i + 1, len(text))
                      if any(text[k:k + n] in words for n in range(1, longest + 1))), len(text))
            if i == 0 and j == len(text):  # nothing of it is a word: just an unknown word
                raise UnknownTokenError(text, vocab_name, close_words(text, vocab))
            raise UncoveredTextError(text, vocab_name, text[i:j], close_words(text, vocab))
        out.append(match)
        i += len(match)
    return out


def split_sentence(sentence, vocab, vocab_name="source"):
    """'我 爱 学习' or '我爱学习' -> ['我', '爱', '学习']: whitespace first, then any piece of
    Chinese that is not a word is segmented (:func:`segment`); a list is taken as words."""
    if not isinstance(sentence, str):
        return list(sentence)
    known = set(vocab)
    out = []
    for piece in sentence.split():
        out += segment(piece, vocab, vocab_name) if piece not in known and CJK.match(piece) \
            else [piece]
    return out


def load_corpus(path=CORPUS_PATH, split=None):
    """Read a corpus -> list of (zh_words, en_words) pairs, each a list of words.

    Lines are `zh<TAB>en<TAB>pattern<TAB>split` (the course corpus, corpus.py; split is train or
    heldout) or `zh<TAB>en` (a few extra pairs, e.g. assets/lora_pairs.tsv: all train).
    split: only the pairs of that split (None: all of them)."""
    if split not in (None, "train", "heldout"):
        raise ValueError(f"split must be None, 'train' or 'heldout', got {split!r}")
    pairs = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) not in (2, 4) or not cols[0].split() or not cols[1].split() or \
                (len(cols) == 4 and cols[3] not in ("train", "heldout")):
            raise ValueError(f"{path}:{n}: expected 'chinese words<TAB>english words' with "
                             f"optionally '<TAB>pattern<TAB>train|heldout', got {line!r}")
        if split is None or (cols[3] if len(cols) == 4 else "train") == split:
            pairs.append((cols[0].split(), cols[1].split()))
    return pairs


def build_vocab(sentences):
    """SPECIALS + every word in order of first appearance (a deterministic id for each word)."""
    vocab = list(SPECIALS)
    seen = set(vocab)
    for words in sentences:
        for w in words:
            if w not in seen:
                seen.add(w)
                vocab.append(w)
    return vocab


def close_words(word, vocab, n=3):
    """Known words similar to `word` (difflib ratio >= 0.5), best first, ties in vocabulary order."""
    words = [w for w in vocab if w not in SPECIALS]
    ratio = {w: difflib.SequenceMatcher(None, word, w).ratio() for w in words}
    ranked = sorted((w for w in words if ratio[w] >= 0.5), key=lambda w: -ratio[w])  # stable
    return ranked[:n]


def encode_tokens(vocab, tokens, vocab_name="source"):
    """[word, ...] -> [id, ...]; an unknown word raises UnknownTokenError."""
    index = {w: i for i, w in enumerate(vocab)}
    ids = []
    for w in tokens:
        if w not in index:
            raise UnknownTokenError(w, vocab_name, close_words(w, vocab))
        ids.append(index[w])
    return ids


def tokenize(sentence, vocab, vocab_name="source"):
    """'我 爱 学习' or '我爱学习' -> [id, ...]: split (:func:`split_sentence`), look every word
    up (no <bos>/<eos> added)."""
    tokens = split_sentence(sentence, vocab, vocab_name)
    if not tokens:
        raise ValueError(f"empty sentence: nothing to tokenize (got {sentence!r})")
    return encode_tokens(vocab, tokens, vocab_name)


def decode_ids(vocab, ids):
    """[id, ...] -> [word, ...]."""
    return [vocab[int(i)] for i in ids]


def alignment_links(zh_words, en_words, lexicon):
    """[(t, j), ...]: English word t translates Chinese word j, when exactly one j in the
    sentence has en_words[t] among its lexicon translations (ambiguous or unknown: no link)."""
    links = []
    for t, en in enumerate(en_words):
        js = [j for j, zh in enumerate(zh_words) if en in lexicon.get(zh, ())]
        if len(js) == 1:
            links.append((t, js[0]))
    return links
