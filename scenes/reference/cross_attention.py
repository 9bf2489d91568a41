"""Cross-attention as the lecture reads it: the trained model's word alignments, and from
probabilities to sampling: softmax with a temperature, and entropy.

    p_T = softmax(z / T)         T -> 0: one-hot on argmax z (greedy);  T -> inf: uniform 1/V
    H(p) = -sum_i p_i log p_i    0 <= H <= log V   (nats with ln, bits with log2)

Also the read-outs the cross-attention lecture needs: the next-token logits of every step of the
model's own translation, the least certain step, a distribution's top tokens, and how peaked
each attention head is (its mean row entropy).

The alignment of an English word is read at the decoder position that *predicts* it (the query
whose input is the previous word), teacher-forced on the reference translation.

(This module shares its name with its function ``cross_attention``; the package exports the
function, so import from the module with ``from scenes.reference.cross_attention import ...``.)
"""

import math

import numpy as np

from scenes.reference.core import softmax
from scenes.reference.data import BOS_ID
from scenes.reference.model import forward

UNITS = {"nats": math.e, "bits": 2.0}  # unit of entropy -> base of the logarithm


def check_temperature(t):
    """T as a float; raises ValueError unless T is a finite number > 0."""
    try:
        value = float(t)
    except (TypeError, ValueError):
        raise ValueError(f"temperature T={t!r} is not a number; accepted: a finite number > 0")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"temperature T={t!r} is not usable; accepted: a finite number > 0 "
                         f"(T -> 0 is greedy argmax, use greedy_limit for it)")
    return value


def _log_base(unit):
    if unit not in UNITS:
        raise ValueError(f"entropy unit {unit!r} is not supported; accepted: "
                         f"{' | '.join(UNITS)}")
    return math.log(UNITS[unit])


def softmax_t(z, t):
    """p_T = softmax(z / T) over the last axis -> same shape as z."""
    return softmax(np.asarray(z, dtype=np.float64) / check_temperature(t))


def greedy_limit(z):
    """The T -> 0 limit of softmax(z / T): one-hot on argmax z (first one on ties) -> [V]."""
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"greedy_limit needs one non-empty row of logits, got shape {z.shape}")
    p = np.zeros_like(z)  # [V]
    p[int(np.argmax(z))] = 1.0
    return p


def entropy(p, unit="nats"):
    """H(p) = -sum_i p_i log p_i over the last axis (0 log 0 = 0) -> shape of p without it."""
    scale = _log_base(unit)
    p = np.asarray(p, dtype=np.float64)
    if p.size == 0 or np.any(p < 0) or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError("entropy needs probability distributions: entries >= 0 that sum to 1 "
                         f"along the last axis (got shape {p.shape})")
    logs = np.log(np.where(p > 0, p, 1.0))  # log 1 = 0 where p = 0
    return -np.sum(p * logs, axis=-1) / scale


def uniform_entropy(v, unit="nats"):
    """H of the uniform distribution over V outcomes: log V (the largest entropy possible)."""
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"vocabulary size V={v!r} is not usable; accepted: an integer >= 1")
    return math.log(v) / _log_base(unit)


def entropy_curve(z, temps, unit="nats"):
    """H(softmax(z / T)) for each T -> [len(temps)]."""
    return np.array([entropy(softmax_t(z, t), unit) for t in temps])


def translation_logits(model, src_sentence, max_len=20):
    """The model's greedy translation and the logits at each of its steps -> (words, [n + 1, V]).

    Row t is the distribution over the word after <bos> + words[:t] (row n predicts <eos>):
    the teacher-forced pass on the model's own output gives the same rows as greedy decoding.
    """
    words = model.translate(src_sentence, max_len).split()
    tgt_in = [BOS_ID] + model.tgt_ids(words) if words else [BOS_ID]
    logits, _ = forward(model.params, model.config, model.src_ids(src_sentence), tgt_in)
    return words, logits  # [n + 1, V]


def least_certain_step(logits, unit="nats"):
    """The step (row) whose softmax has the largest entropy."""
    return int(np.argmax(entropy(softmax(np.asarray(logits, dtype=np.float64)), unit)))


def head_entropies(weights, unit="nats"):
    """How peaked each head looks: mean entropy of its attention rows.

    weights [h, n_q, n_k] -> [h]; 0 when every query looks at one key, log n_k when uniform.
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 3:
        raise ValueError(f"head_entropies needs weights [heads, queries, keys], got shape {w.shape}")
    return entropy(w, unit).mean(axis=-1)  # [h]


def cross_attention(model, src_sentence, tgt_sentence, layer=-1):
    """Cross-attention weights of one decoder layer -> [n_heads, n_tgt + 1, n_src].

    Row t is the query that predicts target word t (row n_tgt predicts <eos>).
    """
    src_ids, tgt_ids = model.src_ids(src_sentence), model.tgt_ids(tgt_sentence)
    _, trace = forward(model.params, model.config, src_ids, [BOS_ID] + tgt_ids)
    return trace["decoder"][layer]["cross_attn"]["weights"]


def alignments(model, src_sentence, tgt_sentence, layer=-1, head=None, read_at="output"):
    """[(english word, argmax chinese word, weight), ...] from the head-mean (or one head's) weights.

    read_at='output': the row of the query that predicts the word; 'input': the row whose
    decoder input is the word (one position later, as in Shift-Att, Chen et al. 2020).
    """
    src = src_sentence.split() if isinstance(src_sentence, str) else list(src_sentence)
    tgt = tgt_sentence.split() if isinstance(tgt_sentence, str) else list(tgt_sentence)
    w = cross_attention(model, src, tgt, layer)  # [h, n_tgt + 1, n_src]
    w = w.mean(axis=0) if head is None else w[head]  # [n_tgt + 1, n_src]
    shift = {"output": 0, "input": 1}[read_at]
    return [(word, src[int(np.argmax(w[t + shift]))], float(np.max(w[t + shift])))
            for t, word in enumerate(tgt)]
