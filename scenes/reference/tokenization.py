"""From words to the encoder's input: tokens, ids, embedding rows, sqrt(d_model), + PE.

The tokenization lecture's numbers. The model is word-level (data.tokenize splits on spaces),
an id is a word's index in the vocabulary, the embedding lookup E[ids] is one-hot(ids) @ E,
and the encoder's input is x = E[ids] * sqrt(d_model) + PE (model.embed).
"""

import numpy as np

from scenes.reference.core import positional_encoding
from scenes.reference.data import BOS_ID, EOS_ID, SPECIALS, UnknownTokenError, segment, tokenize
from scenes.reference.model import embed, token_embedding


def _check_ids(ids, n_vocab):
    """ids as an int array; an empty list or an id outside 0..n_vocab-1 is a clear error."""
    ids = np.asarray(ids)
    if ids.ndim != 1 or ids.size == 0:
        raise ValueError(f"ids must be a non-empty list of token ids, got {ids.tolist()!r}")
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be integers, got {ids.tolist()!r}")
    bad = [int(i) for i in ids if not 0 <= i < n_vocab]
    if bad:
        raise ValueError(f"token id {bad[0]} is outside the vocabulary: accepted ids are "
                         f"0..{n_vocab - 1}")
    return ids.astype(np.int64)


def one_hot(ids, n_vocab):
    """onehot[t, ids[t]] = 1, every other entry 0 -> [n, V]."""
    ids = _check_ids(ids, n_vocab)
    out = np.zeros((len(ids), n_vocab))  # [n, V]
    out[np.arange(len(ids)), ids] = 1.0
    return out


def lookup_as_matmul(table, ids):
    """one-hot(ids) @ E next to E[ids] -> (product [n, d], rows [n, d], max |product - rows|)."""
    ids = _check_ids(ids, table.shape[0])
    product = one_hot(ids, table.shape[0]) @ table  # [n, V] @ [V, d] -> [n, d]
    rows = table[ids]  # [n, d]
    return product, rows, float(np.abs(product - rows).max())


def vocab_rows(ids, n_vocab, margin=1):
    """The vocabulary rows to show around ids: every id with `margin` neighbours each side,
    clipped to 0..V-1, sorted, without repeats -> [row, ...]."""
    if margin < 0:
        raise ValueError(f"margin must be 0 or more, got {margin!r}")
    ids = _check_ids(ids, n_vocab)
    rows = {r for i in ids for r in range(i - margin, i + margin + 1) if 0 <= r < n_vocab}
    return sorted(rows)


def embedding_steps(table, ids):
    """The encoder's input step by step -> dict of rows E[ids] [n, d], scale sqrt(d),
    scaled E[ids]*sqrt(d) [n, d], pe [n, d] and x = scaled + pe [n, d]."""
    ids = _check_ids(ids, table.shape[0])
    n, d = len(ids), table.shape[1]
    scaled = token_embedding(table, ids)  # [n, d]
    pe = positional_encoding(n, d)  # [n, d]
    x = embed(table, ids)  # [n, d], = scaled + pe
    return {"rows": table[ids], "scale": float(np.sqrt(d)), "scaled": scaled, "pe": pe, "x": x}


def decoder_sequences(tgt_ids):
    """The decoder's two sequences -> (input <bos> + tgt, output tgt + <eos>)."""
    tgt_ids = [int(i) for i in tgt_ids]
    return [BOS_ID] + tgt_ids, tgt_ids + [EOS_ID]


def refusal(vocab, words, vocab_name="source"):
    """What tokenizing `words` does with an unknown word -> (position of the first unknown
    word, the UnknownTokenError data.tokenize raised). Words the vocabulary all knows are an
    error: there is no refusal to show."""
    words = words.split() if isinstance(words, str) else list(words)
    try:
        tokenize(words, vocab, vocab_name)
    except UnknownTokenError as err:
        return words.index(err.word), err
    raise ValueError(f"every word of {' '.join(words)!r} is in the {vocab_name} vocabulary: "
                     f"expected a sentence with an unknown word")


def rms(a):
    """Root mean square of all entries: sqrt(mean(a^2)) (how large the numbers are)."""
    a = np.asarray(a, dtype=np.float64)
    if a.size == 0:
        raise ValueError("rms of an empty array: expected at least one number")
    return float(np.sqrt(np.mean(a ** 2)))


def segmentation(words, vocab):
    """The sentence as it is written, without spaces, and how longest match cuts it
    -> (text, [(start, word, passed_over)]): each word's first character in text, the word, and
    the shorter vocabulary words that also start there (longest match passes them over).

    Raises ValueError when longest match does not give ``words`` back (the spaces the
    sentence was given with then matter, and the unspaced text is not the same sentence)."""
    text = "".join(words)
    cut = segment(text, vocab)
    if cut != list(words):
        raise ValueError(f"{' '.join(words)!r} written without spaces reads as "
                         f"{' | '.join(cut)!r}")
    known = set(vocab) - set(SPECIALS)
    out, start = [], 0
    for w in cut:
        shorter = [text[start:j] for j in range(start + 1, start + len(w)) if text[start:j] in known]
        out.append((start, w, shorter))
        start += len(w)
    return text, out
