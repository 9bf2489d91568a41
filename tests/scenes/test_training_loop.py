"""The training-loop scene: every number it shows equals an independently computed value.

The expected values are read from assets/training_log.json and the shipped weights and then
recomputed here with plain numpy and math (the one-weight formulas, the schedules' formulas,
Adam's bias correction, clipping, window means, softmax of the model's logits), not through
the scene's helpers in scenes/reference/training_facts.py.
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np
import pytest

from scenes.reference import (
    Config,
    batch_loss_and_grads,
    forward,
    init_params,
    load_corpus,
    load_model,
)
from scenes.reference import one_weight as ow
from scenes.reference.data import ASSETS, BOS_ID, EOS_ID
from scenes.training_loop import TrainingLoop
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    records,
    watched,
)

SECTIONS = ["title", "one_weight", "descent", "loop", "batch", "forward_loss", "backward_clip",
            "adam", "schedule", "curve", "unseen", "shapes", "before_after"]


def read_log():
    return json.loads((ASSETS / "training_log.json").read_text(encoding="utf-8"))


def ticks(lo, hi, step):
    return Each(*np.arange(lo, hi + step / 2, step))


# ---------------------------------------------------------------- oracles
def one_weight_rows():
    """The notes' four lines, by hand: y_pred = W x, E = (y_pred - y)^2 / 2, ..."""
    rows, w = [], ow.W0
    for _ in range(ow.STEPS):
        y_pred = w * ow.X
        e = (y_pred - ow.Y) ** 2 / 2
        g = (y_pred - ow.Y) * ow.X
        rows.append((w, y_pred, e, g, w - ow.LR * g))
        w = w - ow.LR * g
    return np.array(rows)  # [steps, 5]


def schedule_oracle(name, s, peak, warmup, total, low, cycle):
    """The notes' four shapes written out again."""
    s = np.asarray(s, dtype=float)
    ramp = peak * s / warmup
    frac = np.clip((s - warmup) / (total - warmup), 0, 1)
    if name == "warmup_constant":
        return np.where(s < warmup, ramp, peak)
    if name == "warmup_linear":
        return np.where(s < warmup, ramp, peak - (peak - low) * frac)
    if name == "warmup_cosine":
        return np.where(s < warmup, ramp, low + (peak - low) * (1 + np.cos(np.pi * frac)) / 2)
    if name == "cosine_restarts":
        return low + (peak - low) * (1 + np.cos(np.pi * np.mod(s, cycle) / cycle)) / 2
    raise KeyError(name)


def next_word_probs(params, config, src_ids, prefix_ids):
    """softmax of the last logits row, computed here from the logits."""
    logits, _ = forward(params, config, src_ids, [BOS_ID] + prefix_ids)
    z = logits[-1] - logits[-1].max()
    return np.exp(z) / np.exp(z).sum()


def greedy(params, config, src_ids, max_len):
    out = []
    for _ in range(max_len):
        p = next_word_probs(params, config, src_ids, out)
        out.append(int(np.argmax(p)))
        if out[-1] == EOS_ID:
            break
    return out


@functools.lru_cache(maxsize=2)
def split_results(split):
    """The shipped model on one split of the corpus, sentence by sentence: (mean cross-entropy
    per target token, share of sentences whose every token is the argmax given the reference
    prefix, which is greedy decoding's exact match)."""
    model, total, n_tokens, exact, pairs = load_model(), 0.0, 0, 0, load_corpus(split=split)
    for zh, en in pairs:
        src = [model.src_vocab.index(w) for w in zh]
        tgt = [model.tgt_vocab.index(w) for w in en] + [EOS_ID]
        logits, _ = forward(model.params, model.config, src, [BOS_ID] + tgt[:-1])
        z = logits - logits.max(axis=-1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        total -= log_p[np.arange(len(tgt)), tgt].sum()
        n_tokens += len(tgt)
        exact += list(logits.argmax(-1)) == tgt
    return total / n_tokens, exact / len(pairs), len(pairs)


def untrained_params(model, log):
    config = Config(**log["config"]["model"])
    return init_params(config, len(model.src_vocab), len(model.tgt_vocab),
                       log["config"]["seed"]), config


def expected_values(words):
    S = TrainingLoop
    log = read_log()
    cfg, rec, steps = log["config"], log["recorded_step"], log["steps"]
    model = load_model()
    corpus = load_corpus(split="train")  # the batches' indices are into the training split
    n_pairs, n_steps, batch = len(corpus), cfg["steps"], len(rec["batch"])
    logged = {st["step"]: st for st in steps}
    v_tgt = len(model.tgt_vocab)
    exp = {}

    # one weight
    r = one_weight_rows()
    w, yp, e, g, w_new = r[0]
    exp.update({
        "one_weight.given": [ow.X, ow.Y, ow.W0, ow.LR],
        "one_weight.forward": [w, ow.X, yp],
        "one_weight.error": [yp, ow.Y, e],
        "one_weight.gradient": [yp, ow.Y, ow.X, g],
        "one_weight.update": [w, ow.LR, g, w_new],
        "subtitle:training_loop.descent.say1": [ow.STEPS],
        "descent.table": r[:, :4],
        "descent.error": np.concatenate([np.stack([np.arange(ow.STEPS), r[:, 2]])] * 2, axis=1),
        "descent.error.x_axis": ticks(0, ow.STEPS - 1, 1),
        "descent.error.y_axis": ticks(0, math.ceil(r[:, 2].max()), 1),
        "subtitle:training_loop.descent.say2": [ow.Y / ow.X],
        "training_loop.descent.best": [ow.Y / ow.X],
    })

    # the loop and the recorded step's batch
    exp.update({
        "subtitle:training_loop.loop.say2": [n_steps, batch],
        "training_loop.loop.run": [n_steps, batch, n_pairs],
        "subtitle:training_loop.loop.say3": [rec["step"]],
        "subtitle:training_loop.batch.say1": [n_pairs, batch],
        "training_loop.batch.head": [rec["step"], n_pairs, batch],
    })
    if batch > S.pair_rows * S.pair_columns:
        exp["training_loop.batch.more"] = [batch - S.pair_rows * S.pair_columns]

    # forward + loss: padded shapes from the corpus pairs of the batch
    pairs = [corpus[i] for i in rec["batch"]]
    n_src = max(len(zh) for zh, _ in pairs)
    n_tgt = max(len(en) for _, en in pairs) + 1  # <bos> + target
    n_tok = sum(len(en) + 1 for _, en in pairs)  # target + <eos>
    exp.update({
        "training_loop.forward_loss.src": [batch, n_src],
        "training_loop.forward_loss.tgt": [batch, n_tgt],
        "training_loop.forward_loss.logits": [batch, n_tgt, v_tgt],
        "subtitle:training_loop.forward_loss.say2": [n_tok],
        "forward_loss.loss": [rec["loss"]],
        "training_loop.forward_loss.tokens": [n_tok],
        "subtitle:training_loop.forward_loss.say3": [math.log(v_tgt), steps[0]["loss"]],
        "training_loop.forward_loss.uniform": [v_tgt, math.log(v_tgt)],
        "training_loop.forward_loss.first": [1, steps[0]["loss"]],
        "training_loop.forward_loss.align": [cfg["align_weight"], logged[rec["step"]]["align_loss"]],
    })
    eps = cfg["label_smoothing"]
    exp["training_loop.forward_loss.smooth"] = [eps, 1 - eps + eps / v_tgt, eps / v_tgt]

    # backward + clipping
    with np.load(ASSETS / "tiny_transformer.npz") as z:
        n_params = sum(z[k].size for k in z.files if k not in ("config", "src_vocab",
                                                                  "tgt_vocab"))
    c, norm = cfg["clip_norm"], rec["grad_norm"]
    exp.update({
        "subtitle:training_loop.backward_clip.say1": [n_params],
        "training_loop.backward_clip.grads": [n_params],
        "backward_clip.norm": [norm],
        "training_loop.backward_clip.before": [norm],
        "training_loop.backward_clip.limit": [c],
        "subtitle:training_loop.backward_clip.say2": [norm, c, c / norm],
        "backward_clip.clip": [c / norm, c],
        "training_loop.backward_clip.after": [rec["grad_norm_clipped"]],
        "training_loop.backward_clip.grad": [rec["grad"], rec["grad"] * c / norm],
    })

    # Adam, from the recorded moments
    b1, b2, eps, t = cfg["beta1"], cfg["beta2"], cfg["eps"], rec["adam_t"]
    m_hat, v_hat = rec["m"] / (1 - b1 ** t), rec["v"] / (1 - b2 ** t)
    delta = -rec["lr"] * m_hat / (math.sqrt(v_hat) + eps)
    exp.update({
        "adam.hyper": [b1, b2, t, rec["lr"]],
        "adam.eps": eps,
        "adam.g": rec["grad"] * c / norm,
        "adam.m": rec["m"], "adam.v": rec["v"], "adam.m_hat": m_hat, "adam.v_hat": v_hat,
        "adam.delta": delta,
        "subtitle:training_loop.adam.say2": [t],
        "subtitle:training_loop.adam.say3": [abs(delta) / rec["lr"]],
        "training_loop.adam.result": [rec["value_before"], rec["value_before"] + delta],
    })

    # the schedule actually used: the log's lr per step
    peak, warm, low, total = cfg["peak_lr"], cfg["warmup"], cfg["min_lr"], cfg["steps"]
    s = np.array([st["step"] for st in steps])  # the logged steps: 1 and every 10th
    lr = np.array([st["lr"] for st in steps])
    exp.update({
        "subtitle:training_loop.schedule.say1": [warm, peak],
        "schedule.lr": np.concatenate([np.stack([s, lr]), [[rec["step"]], [rec["lr"]]]],
                                      axis=1),
        "schedule.lr.x_axis": ticks(0, total, total / 4),
        "schedule.lr.y_axis": ticks(0, peak, peak / 2),
        "training_loop.schedule.name": [warm, peak, low],
        "subtitle:training_loop.schedule.say2": [rec["step"], rec["lr"]],
        "training_loop.schedule.mark": [rec["step"], rec["lr"]],
        "subtitle:training_loop.schedule.say3": [n_steps],
    })

    # the loss curve: means over windows of k logged losses; the held-out evaluations
    loss = np.array([st["loss"] for st in steps])
    k = math.ceil(len(steps) / S.loss_points)
    xs = [s[i:i + k].mean() for i in range(0, len(steps), k)]
    ys = [loss[i:i + k].mean() for i in range(0, len(steps), k)]
    ev = {key: np.array([e[key] for e in log["evals"]]) for key in log["evals"][0]}
    held = np.stack([ev["step"], ev["heldout_loss"]])
    train_loss, train_exact, n_train = split_results("train")
    held_loss, held_exact, n_held = split_results("heldout")
    np.testing.assert_allclose([ev["train_loss"][-1], ev["heldout_loss"][-1]],
                               [train_loss, held_loss], rtol=1e-9, atol=1e-15)
    exp.update({
        "subtitle:training_loop.curve.say1": [n_steps, n_train],
        "curve.loss": np.concatenate([np.stack([xs, ys]), held, held], axis=1),
        "curve.loss.x_axis": ticks(0, total, total / 4),
        "curve.loss.y_axis": ticks(0, math.ceil(max(ys)), 1),
        "training_loop.curve.uniform": [math.log(v_tgt)],
        "training_loop.curve.train": [n_train],
        "training_loop.curve.heldout": [n_held, cfg["eval_every"]],
        "training_loop.curve.window": [k * cfg["log_every"]],
        "subtitle:training_loop.curve.say2": [loss[0], loss[-1]],
        "training_loop.curve.first": [1, loss[0]],
        "training_loop.curve.last": [n_steps, loss[-1]],
        "training_loop.curve.final_loss": [train_loss, held_loss],
        "subtitle:training_loop.curve.say3": [n_held],
    })

    # training vs held-out exact match, and the final figures recomputed here
    pct = {key: 100 * ev[key] for key in ("train_exact", "heldout_exact")}
    axis_low = S.percent_tick * math.floor(min(p.min() for p in pct.values()) / S.percent_tick)
    held_pct = np.stack([ev["step"], pct["heldout_exact"]])
    exp.update({
        "subtitle:training_loop.unseen.say1": [n_held, n_train],
        "unseen.exact": np.concatenate([np.stack([ev["step"], pct["train_exact"]]), held_pct,
                                        held_pct], axis=1),
        "unseen.exact.x_axis": ticks(0, total, total / 4),
        "unseen.exact.y_axis": ticks(axis_low, 100, (100 - axis_low) / 2),
        "training_loop.unseen.train": [100 * train_exact, n_train],
        "training_loop.unseen.heldout": [100 * held_exact, n_held],
        "subtitle:training_loop.unseen.say2": [100 * train_exact, 100 * held_exact],
    })

    # the four shapes
    grid = np.linspace(0, total, S.shape_points)
    for name in ("warmup_constant", "warmup_linear", "warmup_cosine", "cosine_restarts"):
        exp[f"shapes.{name}"] = np.stack([grid, schedule_oracle(name, grid, peak, warm, total,
                                                                low, total / S.restarts)])
    exp["training_loop.shapes.note"] = [peak, warm, total, low]
    exp["subtitle:training_loop.shapes.say2"] = [S.restarts]

    # before and after training
    src = [model.src_vocab.index(w) for w in words]
    trained_out = greedy(model.params, model.config, src, 20)
    prefix = trained_out[:S.position]
    init, config = untrained_params(model, log)
    p0 = next_word_probs(init, config, src, prefix)
    p1 = next_word_probs(model.params, model.config, src, prefix)
    exp.update({
        "subtitle:training_loop.before_after.say1": [cfg["seed"]],
        "training_loop.before_after.where": [S.position + 1],
        "training_loop.before_after.before": [cfg["seed"]],
        "training_loop.before_after.after": [n_steps],
        "before_after.before": p0,
        "before_after.after": p1,
        "subtitle:training_loop.before_after.say2": [p0.max(), 1 / v_tgt],
        "subtitle:training_loop.before_after.say3": [p1.max()],
    })
    return exp


# ---------------------------------------------------------------- tests
@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(watched(TrainingLoop), media_dir)


def test_every_shown_number_equals_the_reference(zh_dark):
    expected = expected_values(zh_dark.words)
    assert_shows_exactly(zh_dark, expected, atol=1e-12)


def test_bars_show_the_top_tokens(zh_dark):
    expected = expected_values(zh_dark.words)
    for name in ("before_after.before", "before_after.after"):
        (r,) = records(zh_dark)[name]
        top = np.argsort(-expected[name])[:TrainingLoop.top_k]
        assert set(r.cells) == {(int(i),) for i in top}


def test_the_untrained_model_is_the_one_training_started_from():
    """init_params with the log's seed gives exactly the log's first loss on the first batch."""
    log, model = read_log(), load_model()
    params, config = untrained_params(model, log)
    corpus = load_corpus(split="train")
    first = log["steps"][0]
    batch = sorted(np.random.default_rng(log["config"]["seed"]).choice(
        len(corpus), size=log["config"]["batch_size"], replace=False))  # step 1's draw
    parts = {}
    batch_loss_and_grads(params, config, [[model.src_vocab.index(w) for w in corpus[i][0]]
                                          for i in batch],
                         [[model.tgt_vocab.index(w) for w in corpus[i][1]]
                          for i in batch], parts=parts)
    assert parts["ce"] == pytest.approx(first["loss"], rel=1e-12)


def test_the_recorded_batch_is_the_sampled_one():
    """The batch shown is what the seeded sampler drew at the recorded step, from the corpus."""
    log = read_log()
    cfg, rec = log["config"], log["recorded_step"]
    rng = np.random.default_rng(cfg["seed"])
    for _ in range(rec["step"]):
        drawn = sorted(rng.choice(cfg["n_pairs"], size=cfg["batch_size"], replace=False))
    assert drawn == rec["batch"]
    corpus = load_corpus(split="train")
    assert rec["batch_pairs"] == [[" ".join(corpus[i][0]), " ".join(corpus[i][1])]
                                  for i in rec["batch"]]


def test_the_adam_update_and_the_schedule_agree_with_the_log():
    log = read_log()
    cfg, rec = log["config"], log["recorded_step"]
    exp = expected_values(("我", "爱", "学习"))
    _, after = exp["training_loop.adam.result"]
    assert after == pytest.approx(rec["value_after"], abs=1e-15)
    s = np.array([st["step"] for st in log["steps"]])
    np.testing.assert_allclose([st["lr"] for st in log["steps"]],
                               schedule_oracle(cfg["schedule"], s, cfg["peak_lr"], cfg["warmup"],
                                               cfg["steps"], cfg["min_lr"], None), atol=1e-15)
    assert rec["grad_norm_clipped"] == pytest.approx(min(rec["grad_norm"], cfg["clip_norm"]))


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS)


def test_layout(zh_dark):
    assert zh_dark.layout == []


def test_en_light(build_scene):
    scene = build_scene(watched(TrainingLoop), lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert scene.layout == []
    assert_sections_and_subtitles(scene, SECTIONS)
    assert_shown_faithfully(scene)
    expected = expected_values(scene.words)
    assert set(records(scene)) == set(expected)


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(watched(TrainingLoop), lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert scene.layout == []
    expected = expected_values(scene.words)
    assert_shows_exactly(scene, expected, atol=1e-12)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("training_loop")
