"""LoRA fine-tune of the frozen tiny Transformer on a few new sentence pairs.

    python -m scenes.reference.lora_finetune    # writes assets/lora_adapters.npz + lora_log.json

The base weights stay frozen (bit-identical); only rank-r adapters A, B on the attention
projections (W_Q and W_V of every attention block, as in the LoRA paper) are trained, with the
same loss, backward pass, clipping and Adam as the base training. Each step's batch is every new
pair plus `replay` pairs drawn from the original corpus (rehearsal): without them the adapters
overfit the six new pairs and the model forgets some of the old ones.
"""

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np

from scenes.reference.backward import batch_loss_and_grads
from scenes.reference.data import ASSETS, encode_tokens, load_corpus
from scenes.reference.lora import (
    LORA_LOG_PATH,
    LORA_PATH,
    adapter_grads,
    adapter_param_count,
    apply_adapters,
    init_adapters,
    lora_model,
    lora_targets,
    save_adapters,
)
from scenes.reference.model import load_model, pair_loss, param_count, translate
from scenes.reference.optim import adam_init, adam_step, clip_by_global_norm

LORA_PAIRS_PATH = ASSETS / "lora_pairs.tsv"
KEEP = 0.99  # share of the corpus the fine-tuned model must still translate exactly


@dataclasses.dataclass(frozen=True)
class LoraConfig:
    """Everything that determines the fine-tune (stored in the log)."""

    seed: int = 0
    r: int = 4
    alpha: float = 8.0
    projections: tuple = ("w_q", "w_v")
    steps: int = 150
    lr: float = 3e-3
    replay: int = 10  # original pairs mixed into every batch (0: new pairs only)
    clip_norm: float = 1.0
    beta1: float = 0.9
    beta2: float = 0.98
    eps: float = 1e-9
    label_smoothing: float = 0.1  # as in the base training (train.TrainConfig)


def _flat(adapters):
    return {f"{n}.{m}": ab[m] for n, ab in adapters.items() for m in ("a", "b")}


def _nested(flat, names):
    return {n: {"a": flat[f"{n}.a"], "b": flat[f"{n}.b"]} for n in names}


def finetune(model, pairs, lc=None, replay_pairs=(), progress=None):
    """Train adapters on pairs (all of them every step, plus lc.replay of replay_pairs)
    -> (adapters, per-step log with the new pairs' loss and the replayed pair indices)."""
    lc = LoraConfig() if lc is None else lc
    src = [encode_tokens(model.src_vocab, zh, "source") for zh, _ in pairs]
    tgt = [encode_tokens(model.tgt_vocab, en, "target") for _, en in pairs]
    old_src = [encode_tokens(model.src_vocab, zh, "source") for zh, _ in replay_pairs]
    old_tgt = [encode_tokens(model.tgt_vocab, en, "target") for _, en in replay_pairs]
    rng = np.random.default_rng(lc.seed)
    names = lora_targets(model.params, lc.projections)
    adapters = init_adapters(model.params, names, lc.r, lc.seed)
    flat = _flat(adapters)
    state = adam_init(flat)
    steps = []
    for step in range(1, lc.steps + 1):
        merged = apply_adapters(model.params, _nested(flat, names), lc.alpha, lc.r)
        old = []
        if lc.replay and replay_pairs:
            old = sorted(rng.choice(len(replay_pairs), size=lc.replay, replace=False).tolist())
        parts = {}
        batch_loss_and_grads(merged, model.config, src, tgt, parts=parts)
        new_loss = parts["ce"]
        _, grads = batch_loss_and_grads(merged, model.config, src + [old_src[i] for i in old],
                                        tgt + [old_tgt[i] for i in old],
                                        smoothing=lc.label_smoothing)
        g = _flat(adapter_grads(grads, _nested(flat, names), lc.alpha, lc.r))
        g, norm = clip_by_global_norm(g, lc.clip_norm)
        flat, state = adam_step(flat, g, state, lc.lr, lc.beta1, lc.beta2, lc.eps)
        steps.append({"step": step, "loss": new_loss, "grad_norm": norm, "replay": old})
        if progress and (step % 10 == 0 or step == lc.steps):
            progress(f"lora step {step:4d}/{lc.steps}  new-pair loss {new_loss:.4f}  |g| {norm:.3f}")
    return _nested(flat, names), steps


def mean_loss(model, pairs):
    """Mean over pairs of each pair's mean token cross-entropy."""
    return float(np.mean([pair_loss(model.params, model.config, model.src_ids(zh),
                                    model.tgt_ids(en)) for zh, en in pairs]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=LORA_PATH)
    ap.add_argument("--log", type=Path, default=LORA_LOG_PATH)
    args = ap.parse_args(argv)
    lc = LoraConfig()
    base = load_model()
    pairs = load_corpus(LORA_PAIRS_PATH)
    before = [translate(base, zh) for zh, _ in pairs]
    loss_before = mean_loss(base, pairs)
    original = load_corpus(split="train")
    t0 = time.perf_counter()
    adapters, steps = finetune(base, pairs, lc, original, progress=lambda s: print(s, flush=True))
    seconds = time.perf_counter() - t0
    tuned = lora_model(base, adapters, lc.alpha, lc.r)
    after = [translate(tuned, zh) for zh, _ in pairs]
    loss_after = mean_loss(tuned, pairs)
    kept = [translate(tuned, zh) == " ".join(en) for zh, en in load_corpus()]  # train + held-out
    trainable, total = adapter_param_count(adapters), param_count(base.params)
    log = {
        "config": {**dataclasses.asdict(lc), "projections": list(lc.projections),
                   "scale": lc.alpha / lc.r, "targets": list(adapters),
                   "pairs_file": LORA_PAIRS_PATH.name, "base_model": "tiny_transformer.npz",
                   "replay_from": "corpus.tsv (split train)",
                   "step_loss": "mean cross-entropy on the new pairs, before that step's update"},
        "trainable_params": trainable, "total_params": total,
        "trainable_fraction": trainable / total,
        "loss_before": loss_before, "loss_after": loss_after,
        "steps": steps,
        "pairs": [{"zh": " ".join(zh), "en": " ".join(en), "before": b, "after": a}
                  for (zh, en), b, a in zip(pairs, before, after)],
        "corpus_still_translated": sum(kept), "corpus_sentences": len(kept),
    }
    save_adapters(args.out, adapters, lc.alpha, lc.r)
    args.log.write_text(json.dumps(log, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for p in log["pairs"]:
        print(f"  {p['zh']}:  before '{p['before']}'  after '{p['after']}'  (target '{p['en']}')")
    print(f"LoRA r={lc.r}: {trainable} trainable of {total} ({trainable / total:.1%}); "
          f"loss {loss_before:.4f} -> {loss_after:.4f} in {seconds:.1f} s; "
          f"corpus sentences still translated: {sum(kept)}/{len(kept)}")
    print(f"wrote {args.out} and {args.log}")
    ok = all(p["after"] == p["en"] for p in log["pairs"]) and sum(kept) >= KEEP * len(kept)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
