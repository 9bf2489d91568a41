"""The generation scene: every number it shows equals an independently computed value.

The oracle is a plain-numpy encoder-decoder written here from the raw arrays of
assets/tiny_transformer.npz (embedding rows, the paper's PE formula, per-head attention with an
explicit causal mask, layer norm, ReLU FFN, the generator), a greedy loop and a teacher-forced
pass on assets/corpus.tsv's reference; never through the scene's helpers, the reference's
forward pass or scenes.reference.generation.
"""

from __future__ import annotations

import numpy as np
import pytest

from scenes import strings
from scenes.generation import Generation
from scenes.kit.numbers import fmt
from scenes.reference import load_model, pair_loss
from tests.scenes.helpers import (
    OTHER_SENTENCE,
    Each,
    assert_sections_and_subtitles,
    assert_shown_faithfully,
    assert_shows_exactly,
    built_once,
    records,
    subtitles,
    watched,
)
from tests.scenes.oracle import corpus_target, forward, saved

SECTIONS = ["title", "idea", "decode", "teacher", "loss", "compare"]
BOS, EOS = "<bos>", "<eos>"




def probs_oracle(zh_words, tgt_in_words):
    """p(next token) at every decoder position: [len(tgt_in), V_tgt]."""
    _, src_vocab, tgt_vocab, _ = saved()
    logits, _ = forward([src_vocab.index(t) for t in zh_words],
                        [tgt_vocab.index(t) for t in tgt_in_words])
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def oracle(zh_words, target=None, max_steps=Generation.max_steps):
    """Greedy steps, the teacher-forced pass and what the scene derives from them."""
    tgt_vocab = saved()[2]
    prefix, steps = [BOS], []
    for _ in range(max_steps):
        dist = probs_oracle(zh_words, prefix)[-1]
        word = tgt_vocab[int(np.argmax(dist))]
        steps.append((list(prefix), dist, word))
        if word == EOS:
            break
        prefix.append(word)
    generated = [word for _, _, word in steps if word != EOS]
    ref_words = target.split() if target else corpus_target(zh_words)
    from_model = ref_words is None
    tgt = generated if from_model else ref_words
    tgt_in, tgt_out = [BOS] + tgt, tgt + [EOS]
    probs = probs_oracle(zh_words, tgt_in)
    p = np.array([probs[t, tgt_vocab.index(word)] for t, word in enumerate(tgt_out)])
    agree, diff = 0, 0.0
    for t, (pre, dist, _) in enumerate(steps[: len(tgt_in)]):
        if pre != tgt_in[: t + 1]:
            break
        agree += 1
        diff = max(diff, np.abs(dist - probs[t]).max())
    return {"steps": steps, "generated": generated, "tgt": tgt, "from_model": from_model,
            "tgt_in": tgt_in, "tgt_out": tgt_out, "p": p, "nll": -np.log(p),
            "agree": agree, "diff": diff}


def top(dist, k):
    order = sorted(range(len(dist)), key=lambda i: (-dist[i], i))[:k]
    return dist[order]


def expected_values(words, target=None):
    o = oracle(list(words), target)
    v = len(saved()[2])
    g = Generation
    n = len(o["steps"])
    m = len(o["tgt_out"])
    hard = int(np.argmax(o["nll"]))
    loss = float(np.mean(o["nll"]))
    agreement = [o["agree"], o["diff"]]
    same = o["agree"] == m == n
    exp = {
        "subtitle:generation.idea.say3": [v],
        "generation.idea.dist": [v],
        "generation.decode.col_top": [g.table_k],
        "subtitle:generation.decode.say_first": [1, o["steps"][0][1].max()],
        "decode.step": Each(*range(1, n + 1)),
        "generation.decode.panel": Each(*([t] for t in range(1, n + 1))),
        "decode.bars": Each(*(top(dist, g.bars_k) for _, dist, _ in o["steps"])),
        "generation.decode.rest": Each(*([v - g.bars_k, 1.0 - top(dist, g.bars_k).sum()]
                                 for _, dist, _ in o["steps"])),
        "decode.top": Each(*(top(dist, g.table_k) for _, dist, _ in o["steps"])),
        "teacher.mask": np.tril(np.ones((m, m))),
        "subtitle:generation.teacher.say4": [m],
        "generation.teacher.one_pass": [m],
        "loss.p": o["p"],
        "loss.nll": o["nll"],
        "subtitle:generation.loss.say2": [o["p"][hard], o["nll"][hard]],
        "subtitle:generation.loss.say3": [m, loss],
        "loss.mean": [m, loss],
        "subtitle:generation.compare.say1": [n, n * (n + 1) // 2],
        "generation.compare.passes": Each([n], [1]),
        "generation.compare.positions": Each([n * (n + 1) // 2], [m]),
        "subtitle:generation.compare.say2": [1, m],
        f"subtitle:generation.compare.say_{'same' if same else 'part'}": agreement,
        "generation.compare.same": agreement,
    }
    if n > 1:
        exp["subtitle:generation.decode.say_step"] = Each(*([t + 1, dist.max()] for t, (_, dist, _)
                                                   in enumerate(o["steps"]) if t > 0))
    end = "end" if o["steps"][-1][2] == EOS else "limit"
    exp[f"subtitle:generation.decode.say_{end}"] = [n]
    return exp


def check_against_oracle(scene, target=None):
    assert_shows_exactly(scene, expected_values(scene.words, target), atol=1e-12)


Watched = watched(Generation)


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_oracle(zh_dark):
    check_against_oracle(zh_dark)


def test_the_oracle_is_the_reference_model():
    """The hand-written pass equals the reference's forward trace (so the scene shows the model)."""
    from scenes.reference import forward
    model = load_model()
    words = ["我", "爱", "学习"]
    tgt_in = [BOS, "I", "love", "learning"]
    _, trace = forward(model.params, model.config, [model.src_vocab.index(w) for w in words],
                       [model.tgt_vocab.index(w) for w in tgt_in])
    np.testing.assert_allclose(trace["probs"], probs_oracle(words, tgt_in), atol=1e-12)


@pytest.mark.parametrize("sentence", ["我 爱 学习", "猫 坐 在 垫子 上"])
def test_the_mean_loss_is_pair_loss(sentence):
    """The loss the scene shows is the reference's pair_loss of the corpus pair."""
    model = load_model()
    words = sentence.split()
    o = oracle(words)
    expected = pair_loss(model.params, model.config, model.src_ids(sentence),
                         model.tgt_ids(" ".join(o["tgt"])))
    assert float(np.mean(o["nll"])) == pytest.approx(expected, abs=1e-12)


def test_the_shown_loss_is_pair_loss(zh_dark):
    model = load_model()
    (mean,) = records(zh_dark)["loss.mean"]
    tgt = corpus_target(zh_dark.words)
    expected = pair_loss(model.params, model.config, model.src_ids(" ".join(zh_dark.words)),
                         model.tgt_ids(" ".join(tgt)))
    assert float(mean.source[1]) == pytest.approx(expected, abs=1e-12)
    assert mean.cells[(1,)] == fmt(expected, Generation.decimals)


def test_the_translation_is_the_corpus_reference(zh_dark):
    o = oracle(list(zh_dark.words))
    assert o["generated"] == corpus_target(zh_dark.words)
    end = strings.t("generation.decode.say_end", "zh", out=" ".join(o["generated"]),
                    n=str(len(o["steps"])))
    assert end in subtitles(zh_dark)


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS, per_step=2)


def test_layout_zh(zh_dark):
    assert zh_dark.layout == []


def test_english_on_light(build_scene):
    scene = build_scene(Watched, lang="en", theme="light", sentence=OTHER_SENTENCE)
    assert_sections_and_subtitles(scene, SECTIONS, per_step=2)
    assert_shown_faithfully(scene)
    check_against_oracle(scene)
    assert scene.layout == []


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(Watched, lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert len(records(scene)["decode.step"]) == len(corpus_target(words.split())) + 1
    assert scene.layout == []
    check_against_oracle(scene)


def test_a_sentence_outside_the_corpus_uses_the_models_translation(build_scene):
    words = "猫 爱 学习"
    assert corpus_target(words.split()) is None
    scene = build_scene(Generation, sentence=words)
    o = oracle(words.split())
    assert o["from_model"]
    said = strings.t("generation.teacher.say1_model", "zh", tgt=" ".join(o["generated"]))
    assert said in subtitles(scene)
    check_against_oracle(scene)


class WrongReference(Generation):
    target = "I like learning"  # not what the model writes: the prefixes part at position 2


def test_a_reference_the_model_does_not_write(build_scene):
    scene = build_scene(WrongReference)
    o = oracle(list(scene.words), WrongReference.target)
    assert o["agree"] == 2 < len(o["tgt_out"])
    (part,) = records(scene)["subtitle:generation.compare.say_part"]
    assert part.cells[(0,)] == "2"
    check_against_oracle(scene, WrongReference.target)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("generation")
