"""Generation (inference) vs teacher forcing (training) for one sentence pair.

Inference: the decoder runs once per output token; its input is <bos> + the tokens it has chosen
so far, and greedy decoding picks argmax p(next) until <eos>. Training (teacher forcing): ONE
pass with the whole reference target shifted right (<bos> + target) under the causal mask; the
pair's loss is the mean of -log p(correct token) over the positions (= model.pair_loss).
"""

import numpy as np

from scenes.reference.data import BOS_ID, EOS_ID, SPECIALS, load_corpus, tokenize
from scenes.reference.model import decode, encode


def _words(tokens, what):
    """'a b c' or [a, b, c] -> a list of words; empty -> ValueError naming the value."""
    words = tokens.split() if isinstance(tokens, str) else list(tokens)
    if not words:
        raise ValueError(f"{what} is empty (got {tokens!r}); give at least one word")
    return words


def top_k(dist, k):
    """The k most likely ids, most likely first (ties: lower id first) -> (ids [k], probs [k])."""
    p = np.asarray(dist, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"top_k needs one distribution of shape [V], got shape {p.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= len(p):
        raise ValueError(f"top_k needs an integer k with 1 <= k <= {len(p)} (the vocabulary), "
                         f"got k={k!r}")
    ids = np.argsort(-p, kind="stable")[:k]  # [k]
    return ids, p[ids]


def generation_steps(model, src_tokens, max_len=20):
    """Greedy decoding written out -> [{'input': ids, 'dist': [V_tgt], 'chosen': id}, ...].

    Step t runs the decoder on <bos> + the t tokens chosen before it (one pass per token) and
    picks chosen = argmax dist; it stops after choosing <eos> or after max_len steps.
    """
    if isinstance(max_len, bool) or not isinstance(max_len, (int, np.integer)) or max_len < 1:
        raise ValueError(f"max_len must be an integer >= 1 (steps of decoding), got {max_len!r}")
    src_ids = tokenize(_words(src_tokens, "the source sentence"), model.src_vocab, "source")
    memory, _ = encode(model.params, model.config, src_ids)  # [n_src, d], computed once
    tgt_in, steps = [BOS_ID], []
    for _ in range(max_len):
        _, trace = decode(model.params, model.config, memory, tgt_in)
        dist = trace["probs"][-1]  # [V_tgt]: the next-token distribution of the last position
        chosen = int(np.argmax(dist))
        steps.append({"input": list(tgt_in), "dist": dist, "chosen": chosen})
        if chosen == EOS_ID:
            break
        tgt_in.append(chosen)
    return steps


def reference_target(src_tokens, corpus=None):
    """The corpus's English words for a Chinese sentence, or None when it is not in the corpus."""
    words = _words(src_tokens, "the source sentence")
    pairs = load_corpus() if corpus is None else corpus
    return next((list(en) for zh, en in pairs if list(zh) == words), None)


def teacher_forcing(model, src_tokens, tgt_tokens):
    """One decoder pass with input <bos> + target, targets target + <eos> -> dict.

    tgt_in [n] and tgt_out [n] (ids), probs [n, V_tgt], p_correct [n] = probs[t, tgt_out[t]],
    nll [n] = -log p_correct, loss = mean(nll) (the pair's cross-entropy, as pair_loss).
    """
    words = _words(tgt_tokens, "the target sentence")
    specials = [w for w in words if w in SPECIALS]
    if specials:
        raise ValueError(f"the target sentence {' '.join(words)!r} contains the special token "
                         f"{specials[0]!r}; give ordinary words (<bos>/<eos> are added here)")
    src_ids = tokenize(_words(src_tokens, "the source sentence"), model.src_vocab, "source")
    tgt_ids = tokenize(words, model.tgt_vocab, "target")
    tgt_in = [BOS_ID] + tgt_ids  # shifted right: position t sees <bos> + target[:t]
    tgt_out = tgt_ids + [EOS_ID]
    memory, _ = encode(model.params, model.config, src_ids)
    _, trace = decode(model.params, model.config, memory, tgt_in)  # one pass, causal mask
    probs = trace["probs"]  # [n, V_tgt]
    p_correct = probs[np.arange(len(tgt_out)), tgt_out]  # [n]
    nll = -np.log(p_correct)  # [n]
    return {"tgt_in": tgt_in, "tgt_out": tgt_out, "probs": probs, "p_correct": p_correct,
            "nll": nll, "loss": float(np.mean(nll))}


def decoder_work(n_tokens):
    """Decoder passes and positions computed for n output tokens (counting <eos>) -> dict.

    Generation (no cache, as greedy_decode): n passes over 1, 2, ..., n positions;
    teacher forcing: 1 pass over n positions.
    """
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, (int, np.integer)) or n_tokens < 1:
        raise ValueError(f"n_tokens must be an integer >= 1, got {n_tokens!r}")
    return {"gen_passes": int(n_tokens), "gen_positions": int(n_tokens * (n_tokens + 1) // 2),
            "tf_passes": 1, "tf_positions": int(n_tokens)}


def prefix_agreement(steps, forced):
    """Positions whose decoder prefix is the same in generation and teacher forcing, and the
    largest |p_gen - p_forced| there -> (count, max_diff). With the causal mask, position t
    sees only <bos> + its first t tokens, so where the prefixes agree the numbers agree."""
    if not steps:
        raise ValueError("prefix_agreement needs at least one generation step, got none")
    count, diff = 0, 0.0
    for t, step in enumerate(steps[: len(forced["tgt_in"])]):
        if step["input"] != forced["tgt_in"][: t + 1]:
            break
        count += 1
        diff = max(diff, float(np.abs(step["dist"] - forced["probs"][t]).max()))
    return count, diff
