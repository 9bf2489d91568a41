"""Train the tiny Transformer on assets/corpus.tsv, deterministically, with numpy only.

    python -m scenes.reference.train    # (make train) writes assets/tiny_transformer.npz and
                                        # training_log.json, then runs the LoRA fine-tune

It trains on the course corpus's training split only (corpus.py; the held-out sentences are
never seen); every 500 steps it measures the training and held-out sentences (mean token
cross-entropy, exact match: log["evals"]) and it keeps every 10th step in log["steps"] (no
batches: the seed gives them back). A rerun writes byte-identical weights.

One training step (the 7 steps of the notes' training loop): sample a batch of pairs, forward
pass, mean cross-entropy loss, hand-written backward pass, global-norm gradient clipping, Adam
update, and the learning-rate schedule gives the next step's lr.

The objective is the label-smoothed cross-entropy (label_smoothing = 0.1, as in the paper: the
target puts 0.9 + 0.1 / V on the right word and 0.1 / V on every other, so the model never becomes
certain and its probabilities, losses and temperatures stay worth showing) plus a light
guided-alignment term (align_weight = 0.1,
Garg et al. 2019): -log of the last decoder layer's head-mean cross-attention on the source word
that assets/lexicon.tsv links to the English word being predicted. Without it the trained model
translates just as well, but its cross-attention often looks one word off (the encoder has
mixed neighbouring words into each position), which would make the alignment pictures
misleading. The logged "loss" is the plain cross-entropy -log p(right word); "align_loss" is
the extra term.
"""

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np

from scenes.reference.backward import batch_forward, batch_loss_and_grads, pad_batch
from scenes.reference.data import (
    ASSETS,
    BOS_ID,
    CORPUS_PATH,
    EOS_ID,
    alignment_links,
    build_vocab,
    encode_tokens,
    load_corpus,
)
from scenes.reference.lexicon import load_lexicon
from scenes.reference.model import (
    MODEL_PATH,
    Config,
    TinyTransformer,
    flatten_params,
    init_params,
    save_model,
    unflatten_params,
)
from scenes.reference.optim import adam_init, adam_step, clip_by_global_norm, learning_rate

LOG_PATH = ASSETS / "training_log.json"


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """Everything that determines a training run (stored in the log)."""

    seed: int = 0
    steps: int = 10000
    batch_size: int = 32
    schedule: str = "warmup_cosine"
    peak_lr: float = 2e-3
    warmup: int = 200
    min_lr: float = 1e-4
    clip_norm: float = 1.0
    beta1: float = 0.9
    beta2: float = 0.98
    eps: float = 1e-9
    weight_decay: float = 0.0
    align_weight: float = 0.1  # guided alignment on the last cross-attention (0: plain CE)
    label_smoothing: float = 0.1  # the paper's eps_ls: targets (1 - eps) one-hot + eps / V
    record_step: int = 20  # the step stored in full for the training-loop video (one clipped)
    record_param: str = "decoder.0.cross_attn.w_q"
    record_index: tuple = (0, 0)

    def schedule_kwargs(self):
        """Keyword arguments of the schedule function (see optim.py)."""
        if self.schedule == "warmup_constant":
            return {"peak_lr": self.peak_lr, "warmup": self.warmup}
        if self.schedule == "cosine_restarts":
            return {"peak_lr": self.peak_lr, "cycle": self.warmup, "min_lr": self.min_lr}
        return {"peak_lr": self.peak_lr, "warmup": self.warmup, "total": self.steps,
                "min_lr": self.min_lr}


def corpus_ids(pairs, src_vocab, tgt_vocab):
    """Pairs of words -> (list of source id lists, list of target id lists)."""
    src = [encode_tokens(src_vocab, zh, "source") for zh, _ in pairs]
    tgt = [encode_tokens(tgt_vocab, en, "target") for _, en in pairs]
    return src, tgt


def train(tc=None, model_config=None, corpus_path=CORPUS_PATH, max_steps=None, progress=None,
          pairs=None, lexicon=None, progress_every=100, eval_pairs=None, eval_every=500,
          log_every=1):
    """Run the training loop -> (params tree, log, (src_vocab, tgt_vocab, pairs)).

    Deterministic for a given tc (default TrainConfig()) and model_config (default Config()).
    pairs / lexicon: train on these (zh_words, en_words) pairs with these alignment links
    instead of reading corpus_path and assets/lexicon.tsv (the course corpus, see corpus.py).
    eval_pairs: {name: word pairs} measured every eval_every steps (log["evals"]: mean token
    cross-entropy and exact match, see measure); log_every: keep every n-th step in log["steps"]
    (and step 1), without its batch when n > 1 (the seed and batch_sampling give it back).
    """
    tc = TrainConfig() if tc is None else tc
    model_config = Config() if model_config is None else model_config
    pairs = load_corpus(corpus_path, "train") if pairs is None else pairs
    src_vocab = build_vocab(zh for zh, _ in pairs)
    tgt_vocab = build_vocab(en for _, en in pairs)
    src, tgt = corpus_ids(pairs, src_vocab, tgt_vocab)
    lexicon = load_lexicon() if lexicon is None else lexicon
    links = [alignment_links(zh, en, lexicon) for zh, en in pairs]
    params = flatten_params(init_params(model_config, len(src_vocab), len(tgt_vocab), tc.seed))
    state = adam_init(params)
    rng = np.random.default_rng(tc.seed)
    steps, record, losses, evals = [], None, [], []
    eval_ids = {name: corpus_ids(ps, src_vocab, tgt_vocab) for name, ps in (eval_pairs or {}).items()}
    n_steps = tc.steps if max_steps is None else min(max_steps, tc.steps)
    for step in range(1, n_steps + 1):
        batch = sorted(rng.choice(len(pairs), size=tc.batch_size, replace=False).tolist())  # 1.
        parts = {}
        _, grads = batch_loss_and_grads(  # 2.-4. forward, loss, backward
            unflatten_params(params), model_config, [src[i] for i in batch], [tgt[i] for i in batch],
            [links[i] for i in batch], tc.align_weight, parts, tc.label_smoothing)
        loss = parts["ce"]
        grads = flatten_params(grads)
        clipped, norm = clip_by_global_norm(grads, tc.clip_norm)  # 5.
        lr = learning_rate(step, tc.schedule, **tc.schedule_kwargs())  # 7. (for this step)
        new_params, state = adam_step(params, clipped, state, lr, tc.beta1, tc.beta2, tc.eps,
                                       tc.weight_decay)  # 6.
        norm_clipped = float(np.sqrt(sum(float(np.sum(g * g)) for g in clipped.values())))
        losses.append(loss)
        if log_every == 1 or step % log_every == 0 or step == 1:
            steps.append({"step": step, "loss": loss, "lr": lr, "grad_norm": norm,
                          "grad_norm_clipped": norm_clipped})
            if log_every == 1:
                steps[-1]["batch"] = batch
            if tc.align_weight:
                steps[-1]["align_loss"] = parts.get("align", 0.0)
        if step == tc.record_step:
            record = _record(tc, step, batch, pairs, loss, lr, norm, norm_clipped,
                             params, grads, clipped, state, new_params)
        params = new_params
        if eval_ids and (step % eval_every == 0 or step == n_steps):
            tree = unflatten_params(params)
            evals.append({"step": step, **{f"{name}_{k}": v for name, (s_ids, t_ids) in
                                           eval_ids.items()
                                           for k, v in measure(tree, model_config, s_ids,
                                                               t_ids).items()}})
        if progress and (step % progress_every == 0 or step == n_steps):
            recent = np.mean(losses[-progress_every:])
            extra = "".join(f"  {k} {v:.4f}" for k, v in evals[-1].items() if k != "step") \
                if evals and evals[-1]["step"] == step else ""
            progress(f"step {step:5d}/{n_steps}  loss {recent:.4f}  lr {lr:.2e}  |g| {norm:.3f}"
                     + extra)
    log = {
        "config": {**dataclasses.asdict(tc), "record_index": list(tc.record_index),
                   "schedule_params": tc.schedule_kwargs(),
                   "adam": {"beta1": tc.beta1, "beta2": tc.beta2, "eps": tc.eps,
                            "weight_decay": tc.weight_decay},
                   "model": dataclasses.asdict(model_config),
                   "corpus": f"{Path(corpus_path).name} (split train)", "n_pairs": len(pairs),
                   "batch_sampling": "each step: rng.choice(n_pairs, batch_size, replace=False), "
                                     "rng = numpy.random.default_rng(seed); indices sorted",
                   "loss": "mean cross-entropy over the batch's target tokens (tgt + <eos>)",
                   "objective": "label-smoothed cross-entropy (label_smoothing) + align_weight * "
                                "align_loss (guided alignment, see train.py)"},
        "steps": steps,
        "recorded_step": record,
    }
    if log_every > 1:
        log["config"]["log_every"] = log_every
    if eval_ids:
        log["config"]["eval_every"] = eval_every
        log["config"]["eval_sets"] = {name: len(ids[0]) for name, ids in eval_ids.items()}
        log["evals"] = evals
    return unflatten_params(params), log, (src_vocab, tgt_vocab, pairs)


def measure(params, config, src, tgt, chunk=256):
    """-> {'loss': mean cross-entropy per target token, 'exact': share of sentences whose every
    token (tgt + <eos>) is the argmax given the reference prefix}: teacher forcing, which for
    exact match is the same as greedy decoding (each greedy step then picks the reference)."""
    ce = n_tokens = n_exact = 0.0
    for i in range(0, len(src), chunk):
        s, t = src[i:i + chunk], tgt[i:i + chunk]
        logits, _ = batch_forward(params, config, s, [[BOS_ID] + list(x) for x in t])
        out, mask = pad_batch([list(x) + [EOS_ID] for x in t])  # [B, n_tgt]
        logp = logits - logits.max(-1, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))  # log softmax [B, n, V]
        picked = np.take_along_axis(logp, out[..., None], -1)[..., 0]  # [B, n]
        ce -= picked[mask].sum()
        n_tokens += mask.sum()
        n_exact += np.all((logits.argmax(-1) == out) | ~mask, axis=1).sum()
    return {"loss": float(ce / n_tokens), "exact": float(n_exact / len(src))}


def _record(tc, step, batch, pairs, loss, lr, norm, norm_clipped, params, grads, clipped,
            state, new_params):
    """One full training step, for the video: batch, loss, lr, and one weight's whole update."""
    key, idx = tc.record_param, tuple(tc.record_index)
    t = state["t"]
    m, v = float(state["m"][key][idx]), float(state["v"][key][idx])
    m_hat, v_hat = m / (1 - tc.beta1 ** t), v / (1 - tc.beta2 ** t)
    return {
        "step": step,
        "batch": batch,
        "batch_pairs": [[" ".join(pairs[i][0]), " ".join(pairs[i][1])] for i in batch],
        "loss": loss, "lr": lr, "grad_norm": norm, "grad_norm_clipped": norm_clipped,
        "clip_scale": min(1.0, tc.clip_norm / norm),
        "param": f"{key}[{','.join(map(str, idx))}]",
        "value_before": float(params[key][idx]),
        "grad": float(grads[key][idx]),
        "grad_clipped": float(clipped[key][idx]),
        "adam_t": t, "m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat,
        "update": float(new_params[key][idx] - params[key][idx]),
        "value_after": float(new_params[key][idx]),
    }


def main(argv=None):
    """Train on the corpus's training split; evaluate on train and held-out; write the model,
    the log and (unless --no-lora or another --out) the LoRA fine-tune."""
    from scenes.reference import evaluate as evaluate_
    from scenes.reference.corpus import as_word_pairs, load_pairs
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-path", type=Path, default=CORPUS_PATH, help="another course corpus")
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help="weights .npz")
    ap.add_argument("--log", type=Path, default=LOG_PATH, help="training log .json")
    ap.add_argument("--no-lora", action="store_true", help="skip the LoRA fine-tune afterwards")
    args = ap.parse_args(argv)
    corpus = load_pairs(args.corpus_path)
    tc = TrainConfig() if args.steps is None else dataclasses.replace(TrainConfig(), steps=args.steps)
    t0 = time.perf_counter()
    params, log, (src_vocab, tgt_vocab, _) = train(
        tc, pairs=as_word_pairs(corpus, "train"), lexicon=load_lexicon(),
        progress=lambda s: print(s, flush=True), progress_every=500,
        eval_pairs={"train": as_word_pairs(corpus, "train"),
                    "heldout": as_word_pairs(corpus, "heldout")}, eval_every=500, log_every=10)
    seconds = time.perf_counter() - t0
    log["config"]["corpus"] = f"{args.corpus_path.name} (split train)"
    model = TinyTransformer(Config(), params, src_vocab, tgt_vocab)
    r = evaluate_.report(model, corpus, load_lexicon())
    print(evaluate_.format_report(r))
    log["final"] = {"train_seconds": seconds, "train_accuracy": r["train"],
                    "heldout_accuracy": r["heldout"], "n_train": r["n_train"],
                    "n_heldout": r["n_heldout"], "alignment_heldout": r["alignment"],
                    "patterns": {s: {k: a for k, (a, _) in ps.items()}
                                 for s, ps in r["patterns"].items()}}
    save_model(args.out, Config(), params, src_vocab, tgt_vocab)
    args.log.write_text(json.dumps(log, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"trained {tc.steps} steps in {seconds:.1f} s; exact match: train "
          f"{r['train']:.1%}, held-out {r['heldout']:.1%}")
    print(f"wrote {args.out} and {args.log}")
    status = 0 if all(ok is not False for ok in evaluate_.meets_targets(r).values()) else 1
    if not args.no_lora and args.out.resolve() == MODEL_PATH.resolve():
        from scenes.reference import lora_finetune
        status = max(status, lora_finetune.main([]))
    return status


if __name__ == "__main__":
    sys.exit(main())
