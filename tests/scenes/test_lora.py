"""The LoRA scene: every number it shows equals an independently computed value.

The expected values are computed here with plain numpy from the saved files: the base weights
(assets/tiny_transformer.npz), the trained adapters (assets/lora_adapters.npz), the fine-tune
log and the pair files, with the reference's core forward pass and a greedy loop written here;
never through the scene's helpers or the reference's LoRA functions.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from scenes.lora import LoRA
from scenes.reference import forward, load_model, unflatten_params
from scenes.reference.data import ASSETS, BOS_ID, EOS_ID
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_values,
    built_once,
    records,
    subtitles,
    watched,
)

SECTIONS = ["title", "idea", "counts", "zero", "train", "translate", "keep", "merge", "adapter"]
NOTES_D, NOTES_R = 4096, 8  # the notes' LoRA figure: W 4096x4096, A 4096x8, B 8x4096
ADAPTER_D, ADAPTER_M = 768, 64  # the notes' Adapter: 768 -> 64 -> 768


# ---------------------------------------------------------------- the saved files, read plainly
@functools.lru_cache(maxsize=1)
def saved():
    with np.load(ASSETS / "tiny_transformer.npz", allow_pickle=False) as z:
        config = json.loads(str(z["config"]))
        src_vocab = [str(t) for t in z["src_vocab"]]
        tgt_vocab = [str(t) for t in z["tgt_vocab"]]
        weights = {k: np.array(z[k]) for k in z.files
                   if k not in ("config", "src_vocab", "tgt_vocab")}
    with np.load(ASSETS / "lora_adapters.npz", allow_pickle=False) as z:
        meta = json.loads(str(z["lora"]))
        adapters = {n: (np.array(z[f"{n}.a"]), np.array(z[f"{n}.b"])) for n in meta["targets"]}
    log = json.loads((ASSETS / "lora_log.json").read_text(encoding="utf-8"))
    return config, src_vocab, tgt_vocab, weights, adapters, meta, log


def pairs(name):
    lines = (ASSETS / name).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines
            if line.strip() and not line.startswith("#")]


def merged_weights():
    _, _, _, weights, adapters, meta, _ = saved()
    out = dict(weights)
    scale = meta["alpha"] / meta["r"]
    for name, (a, b) in adapters.items():
        out[name] = weights[name] + scale * a @ b
    return out


def greedy(weights, sentence, max_len=20):
    """Greedy decoding with the core forward pass -> (tokens, next-word distributions)."""
    _, src_vocab, tgt_vocab, *_ = saved()
    model = load_model()
    params = unflatten_params(weights)
    src = [src_vocab.index(w) for w in sentence.split()]
    tgt_in, tokens, dists = [BOS_ID], [], []
    for _ in range(max_len):
        probs = forward(params, model.config, src, tgt_in)[1]["probs"][-1]
        nxt = int(np.argmax(probs))
        tokens.append(tgt_vocab[nxt])
        dists.append(probs)
        if nxt == EOS_ID:
            break
        tgt_in.append(nxt)
    return tokens, dists


@functools.cache
def decoded(which, sentence):
    _, _, _, weights, *_ = saved()
    return greedy(weights if which == "base" else merged_weights(), sentence)


def chosen(which, sentence):
    tokens, dists = decoded(which, sentence)
    tgt_vocab = saved()[2]
    return [d[tgt_vocab.index(t)] for t, d in zip(tokens, dists)]


def top4(dist):
    order = sorted(range(len(dist)), key=lambda i: -dist[i])[: LoRA.top_k]
    return dist[order]


def teacher_forced_right(weights, zh, en):
    """Is every word of en (and <eos>) the argmax given the reference prefix? (= greedy exact
    match, one forward pass instead of one per word)."""
    _, src_vocab, tgt_vocab, *_ = saved()
    model = load_model()
    src = [src_vocab.index(w) for w in zh.split()]
    tgt = [tgt_vocab.index(w) for w in en.split()] + [EOS_ID]
    probs = forward(unflatten_params(weights), model.config, src, [BOS_ID] + tgt[:-1])[1]["probs"]
    return list(np.argmax(probs, axis=-1)) == tgt


@functools.lru_cache(maxsize=1)
def translated_right():
    """(new pairs right, new pairs, corpus pairs right, corpus pairs) with the merged weights:
    the new pairs greedy-decoded, the corpus (train + held-out) teacher-forced."""
    new, old, tuned = pairs("lora_pairs.tsv"), pairs("corpus.tsv"), merged_weights()
    new_right = sum(" ".join(t for t in decoded("tuned", zh)[0] if t != "<eos>") == en
                    for zh, en in new)
    return new_right, len(new), sum(teacher_forced_right(tuned, *p) for p in old), len(old)


def pct(part, whole):
    return 100.0 * part / whole


def expected_values(words):
    config, _, _, weights, adapters, meta, log = saved()
    d, r, alpha = config["d_model"], meta["r"], meta["alpha"]
    names = meta["targets"]
    new_zh, _new_en = pairs("lora_pairs.tsv")[LoRA.new_pair]
    base_tokens, base_dists = decoded("base", new_zh)
    tuned_tokens, tuned_dists = decoded("tuned", new_zh)
    k = next(i for i, (x, y) in enumerate(zip(base_tokens, tuned_tokens)) if x != y)
    # the fine-tune's initial A of the drawn matrix: N(0, 1/d_in), drawn target after target
    rng = np.random.default_rng(log["config"]["seed"])
    shown = names[LoRA.shown_matrix]
    for name in names:
        w = weights[name]
        a0 = rng.normal(0.0, w.shape[0] ** -0.5, size=(w.shape[0], r))
        if name == shown:
            a_init = a0
    w = weights[shown]
    a, b = adapters[shown]
    delta = alpha / r * a @ b
    lim = max(np.abs(w).max(), np.abs(delta).max(), np.abs(w + delta).max())
    trainable = sum(a_.size + b_.size for a_, b_ in adapters.values())
    total = sum(v.size for v in weights.values())
    losses = np.array([s["loss"] for s in log["steps"]])
    n_steps = len(losses)
    top = np.ceil(losses.max() / LoRA.loss_y_step) * LoRA.loss_y_step
    new_ok, new_n, old_ok, old_n = translated_right()
    sentence = " ".join(words)
    notes_lora, tiny_lora = NOTES_R * 2 * NOTES_D, r * 2 * d
    adapter = 2 * ADAPTER_D * ADAPTER_M
    return {
        # idea
        "lora.idea.dims": Each([NOTES_D, NOTES_D], [NOTES_D, NOTES_D], [NOTES_D, NOTES_R],
                               [NOTES_R, NOTES_D]),
        "lora.idea.all_trained": [100.0],
        "lora.idea.trainable": [pct(notes_lora, NOTES_D**2)],
        "idea.ranks": [NOTES_R, NOTES_D],
        # counts
        "subtitle:lora.counts.say1": [NOTES_D, NOTES_R],
        "lora.counts.case": Each([NOTES_D, NOTES_R], [d, r]),
        "counts.notes_full": NOTES_D**2,
        "counts.notes_lora": notes_lora,
        "counts.notes_pct": pct(notes_lora, NOTES_D**2),
        "counts.tiny_full": d * d,
        "counts.tiny_lora": tiny_lora,
        "counts.tiny_pct": pct(tiny_lora, d * d),
        "subtitle:lora.counts.say3": [d],
        "subtitle:lora.counts.say4": [len(names), pct(trainable, total)],
        "lora.counts.model": [len(names)],
        "lora.counts.share": [trainable, total, pct(trainable, total)],
        # zero
        "zero.a": a_init,
        "zero.b": np.zeros((r, w.shape[1])),
        "lora.zero.a": [w.shape[0], r],
        "lora.zero.b": [w.shape[1], r],
        "lora.zero.b_max": [0.0],
        "zero.base_probs": top4(base_dists[k]),
        "zero.attached_probs": top4(base_dists[k]),  # B = 0: exactly the base model
        "subtitle:lora.zero.say4": [0.0],
        "lora.zero.diff": [0.0],
        # train
        "subtitle:lora.train.say1": [len(pairs("lora_pairs.tsv"))],
        "lora.train.setup": [r, alpha, alpha / r, len(names), trainable],
        "lora.train.budget": [n_steps, log["config"]["lr"], log["config"]["replay"]],
        "subtitle:lora.train.say2": [log["config"]["replay"]],
        "train.loss": np.stack([np.arange(1, n_steps + 1), losses]),
        "train.loss.x_axis": Each(*np.arange(0, n_steps + 1, LoRA.loss_tick)),
        "train.loss.y_axis": Each(*np.arange(0, top + LoRA.loss_y_step / 2, LoRA.loss_y_step)),
        "train.first": losses[0],
        "train.last": losses[-1],
        "subtitle:lora.train.say3": [losses[0], losses[-1]],
        # translate
        "translate.before": chosen("base", new_zh),
        "translate.after": chosen("tuned", new_zh),
        "translate.next_before": top4(base_dists[k]),
        "translate.next_after": top4(tuned_dists[k]),
        # keep
        "keep.before": chosen("base", sentence),
        "keep.after": chosen("tuned", sentence),
        "subtitle:lora.keep.say3": [new_ok, new_n, old_ok, old_n],
        "lora.keep.new_total": [new_ok, new_n],
        "lora.keep.old_total": [old_ok, old_n],
        # merge
        "merge.w": w,
        "merge.delta": delta,
        "merge.merged": w + delta,
        "merge.scale.max": lim,
        "merge.scale.min": -lim,
        "subtitle:lora.merge.say2": [np.linalg.matrix_rank(delta)],
        "lora.merge.rank": [np.linalg.matrix_rank(delta)],
        "merge.unmerged_row": chosen("tuned", new_zh),
        "merge.merged_row": chosen("tuned", new_zh),
        "subtitle:lora.merge.say3": [0.0],  # rounding only (checked below at 1e-12)
        "lora.merge.diff": [0.0],
        # adapter
        "lora.adapter.input": [ADAPTER_D],
        "subtitle:lora.adapter.say2": [ADAPTER_D, ADAPTER_M, adapter,
                                       pct(adapter, ADAPTER_D**2)],
        "lora.adapter.down_count": [ADAPTER_D, ADAPTER_M, ADAPTER_D * ADAPTER_M],
        "lora.adapter.up_count": [ADAPTER_M, ADAPTER_D, ADAPTER_M * ADAPTER_D],
        "lora.adapter.total": [adapter],
        "lora.adapter.full": [ADAPTER_D**2, pct(adapter, ADAPTER_D**2)],
        "lora.adapter.lora_same": [ADAPTER_D, NOTES_R, 2 * ADAPTER_D * NOTES_R,
                                   pct(2 * ADAPTER_D * NOTES_R, ADAPTER_D**2)],
    }


ROUNDING = {"lora.merge.diff", "subtitle:lora.merge.say3"}


def check_against_oracle(scene):
    expected = expected_values(scene.words)
    assert set(records(scene)) == set(expected), (
        set(records(scene)) ^ set(expected), "shown and expected numbers differ")
    for name, value in expected.items():
        assert_values(scene, name, value, atol=1e-12 if name in ROUNDING else 1e-9)


Watched = watched(LoRA)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_zero_b_changes_nothing_exactly(zh_dark):
    (diff,) = records(zh_dark)["lora.zero.diff"]
    assert float(diff.source[0]) == 0.0 and diff.cells[(0,)] == "0"


def test_first_logged_loss_is_the_base_models_loss_on_the_new_pairs():
    """Step 1 runs with B = 0: its loss is the untouched model's token-mean cross-entropy."""
    _config, src_vocab, tgt_vocab, weights, *_ = saved()
    model = load_model()
    params = unflatten_params(weights)
    nll, n = 0.0, 0
    for zh, en in pairs("lora_pairs.tsv"):
        tgt = [tgt_vocab.index(t) for t in en.split()]
        probs = forward(params, model.config, [src_vocab.index(w) for w in zh.split()],
                        [BOS_ID] + tgt)[1]["probs"]
        nll -= np.log(probs[np.arange(len(tgt) + 1), tgt + [EOS_ID]]).sum()
        n += len(tgt) + 1
    assert saved()[6]["steps"][0]["loss"] == pytest.approx(nll / n, abs=1e-12)


def test_the_new_sentence_is_wrong_before_and_right_after(zh_dark):
    new_zh, new_en = pairs("lora_pairs.tsv")[LoRA.new_pair]
    before = " ".join(t for t in decoded("base", new_zh)[0] if t != "<eos>")
    after = " ".join(t for t in decoded("tuned", new_zh)[0] if t != "<eos>")
    assert before != new_en and after == new_en
    subs = " ".join(subtitles(zh_dark))
    assert f"「{before}」" in subs and f"「{after}」" in subs


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS)


def test_layout_zh(zh_dark):
    assert zh_dark.layout == []


def test_english_light(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    # Chinese only as the sentences it translates: the example and the fine-tuning one
    assert_sections_and_subtitles(scene, SECTIONS, chinese_words=scene.new_zh)
    assert_shown_faithfully(scene)
    check_against_oracle(scene)
    assert scene.layout == []


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(Watched, lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    check_against_oracle(scene)
    assert scene.layout == []


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("lora")
