"""Facts the training-loop lecture shows, read from assets/training_log.json and the model.

The log (written by train.py) holds every 10th step's loss, lr and gradient norms (``steps``),
the training and held-out sentences measured every 500 steps (``evals``), the final accuracies
(``final``) and one step stored in full (``recorded_step``): its batch, loss, norms and one
weight's Adam update. The untrained model is rebuilt exactly as training started: init_params
with the log's seed, model config and the shipped vocabularies.
"""

import json
import math
from pathlib import Path

import numpy as np

from scenes.reference.backward import pad_batch
from scenes.reference.data import BOS_ID, tokenize
from scenes.reference.model import Config, TinyTransformer, decode, encode, init_params
from scenes.reference.optim import SCHEDULES, learning_rate
from scenes.reference.train import LOG_PATH


def load_log(path=None):
    """The training log as a dict: config, steps (one dict per step), recorded_step, final."""
    return json.loads(Path(LOG_PATH if path is None else path).read_text(encoding="utf-8"))


def logged_step(log, step):
    """The log's entry of a training step (the log keeps every log_every-th step and step 1)."""
    for s in log["steps"]:
        if s["step"] == step:
            return s
    raise KeyError(f"step {step} is not in the training log (it keeps every "
                   f"{log['config'].get('log_every', 1)}th step)")


def loss_curve(log, max_points):
    """The logged losses, averaged over windows of k = ceil(n / max_points) entries
    -> (x, y, window): x the mean step number of each window, y its mean loss, window the
    steps one window spans (k * log_every; 1: every step as logged)."""
    steps = np.array([s["step"] for s in log["steps"]], dtype=np.float64)  # [n]
    loss = np.array([s["loss"] for s in log["steps"]], dtype=np.float64)  # [n]
    k = max(1, math.ceil(len(steps) / max_points))
    starts = np.arange(0, len(steps), k)
    x = np.array([steps[i:i + k].mean() for i in starts])  # [n / k]
    y = np.array([loss[i:i + k].mean() for i in starts])  # [n / k]
    return x, y, k * log["config"].get("log_every", 1)


def eval_curves(log):
    """The every-500-steps measurements -> {name: values [m]} for step, train_loss,
    heldout_loss, train_exact, heldout_exact (mean token cross-entropy; share of sentences
    whose every word is the model's first choice, teacher-forced = greedy exact match)."""
    keys = ("step", "train_loss", "heldout_loss", "train_exact", "heldout_exact")
    return {k: np.array([e[k] for e in log["evals"]], dtype=np.float64) for k in keys}


def unseen_sentence(pairs, sentence, pattern):
    """A sentence training never saw -> (zh words, reference en words or None, pattern).

    pairs: the corpus as corpus.Pair (split, pattern). The settings' sentence when it is not a
    training sentence (held out, or in no corpus at all: no reference); else the first held-out
    sentence of ``pattern``."""
    train = {p.zh for p in pairs if p.split == "train"}
    words = tuple(sentence)
    if words not in train:
        same = [p for p in pairs if p.zh == words]
        return list(words), (list(same[0].en) if same else None), \
            (same[0].pattern if same else None)
    held = [p for p in pairs if p.split == "heldout" and p.pattern == pattern]
    if not held:
        known = sorted({p.pattern for p in pairs if p.split == "heldout"})
        raise ValueError(f"no held-out sentence of pattern {pattern!r}; patterns: {known}")
    return list(held[0].zh), list(held[0].en), pattern


def neighbours(pairs, words, k):
    """Up to k training sentences of the same length that differ from ``words`` in exactly one
    word (what the model did see), in corpus order -> list of zh word tuples."""
    words = tuple(words)
    out = [p.zh for p in pairs if p.split == "train" and len(p.zh) == len(words)
           and sum(a != b for a, b in zip(p.zh, words)) == 1]
    return out[:k]


def lr_curve(log):
    """The learning rate every step actually used -> (steps [n], lr [n])."""
    return (np.array([s["step"] for s in log["steps"]], dtype=np.float64),
            np.array([s["lr"] for s in log["steps"]], dtype=np.float64))


def schedule_shapes(log, n_points, restarts):
    """The notes' four schedules with the run's peak, warmup, length and floor -> {name: (x, lr)}.

    cosine_restarts gets cycle = total / restarts (no warmup, as SGDR).
    """
    c = log["config"]
    total = c["steps"]
    kwargs = {
        "warmup_constant": {"peak_lr": c["peak_lr"], "warmup": c["warmup"]},
        "warmup_linear": {"peak_lr": c["peak_lr"], "warmup": c["warmup"], "total": total,
                          "min_lr": c["min_lr"]},
        "warmup_cosine": {"peak_lr": c["peak_lr"], "warmup": c["warmup"], "total": total,
                          "min_lr": c["min_lr"]},
        "cosine_restarts": {"peak_lr": c["peak_lr"], "cycle": total / restarts,
                            "min_lr": c["min_lr"]},
    }
    x = np.linspace(0.0, total, n_points)  # [n_points]
    return {name: (x, np.array([learning_rate(s, name, **kwargs[name]) for s in x]))
            for name in SCHEDULES}


def untrained_model(model, log):
    """The model as training started: init_params(config, V_src, V_tgt, seed) of the log."""
    config = Config(**log["config"]["model"])
    params = init_params(config, len(model.src_vocab), len(model.tgt_vocab),
                         log["config"]["seed"])
    return TinyTransformer(config, params, model.src_vocab, model.tgt_vocab)


def next_token_probs(model, src_words, prefix):
    """p(next | src, <bos> + prefix) over the target vocabulary -> probs [V_tgt]."""
    memory, _ = encode(model.params, model.config, tokenize(src_words, model.src_vocab, "source"))
    tgt_in = [BOS_ID] + [model.tgt_vocab.index(w) for w in prefix]
    _, trace = decode(model.params, model.config, memory, tgt_in)
    return trace["probs"][-1]  # [V_tgt]


def top_tokens(probs, k):
    """Ids of the k most probable tokens, most probable first (ties: lower id first)."""
    return [int(i) for i in np.argsort(-np.asarray(probs), kind="stable")[:k]]


def batch_shapes(model, batch_pairs):
    """A batch of (zh, en) sentence pairs -> (B, n_src, n_tgt, n_tokens) after padding.

    n_src: longest source; n_tgt: longest decoder input <bos> + tgt; n_tokens: the real target
    tokens (tgt + <eos>) the loss averages over.
    """
    src = [tokenize(zh, model.src_vocab, "source") for zh, _ in batch_pairs]
    tgt = [tokenize(en, model.tgt_vocab, "target") for _, en in batch_pairs]
    src_ids, _ = pad_batch(src)  # [B, n_src]
    tgt_in, _ = pad_batch([[BOS_ID] + t for t in tgt])  # [B, n_tgt]
    return len(batch_pairs), src_ids.shape[1], tgt_in.shape[1], sum(len(t) + 1 for t in tgt)


def clip_facts(rec, clip_norm):
    """Global-norm clipping of the recorded step -> (scale = min(1, c / ||g||), g * scale)."""
    scale = min(1.0, clip_norm / rec["grad_norm"])
    return scale, rec["grad"] * scale


def adam_facts(rec, beta1, beta2, eps):
    """The recorded weight's Adam update from its moments m, v at step t.

    m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), delta = -lr m_hat / (sqrt(v_hat) + eps)
    -> dict m_hat, v_hat, delta, after (= before + delta).
    """
    t = rec["adam_t"]
    m_hat = rec["m"] / (1.0 - beta1 ** t)
    v_hat = rec["v"] / (1.0 - beta2 ** t)
    delta = -rec["lr"] * m_hat / (math.sqrt(v_hat) + eps)
    return {"m_hat": m_hat, "v_hat": v_hat, "delta": delta, "after": rec["value_before"] + delta}
