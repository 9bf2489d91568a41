"""The positional-encoding scene: every number it shows equals an independently computed value.

The expected values below are computed from the paper's formula and the model's weights
directly (numpy, math), not through the scene's helper functions.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenes.kit import Heatmap
from scenes.positional_encoding import PositionalEncoding
from scenes.reference import encoder_layer, forward, load_model
from scenes.reference.data import BOS_ID
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

PAPER_BASE = 10000.0
SECTIONS = ["title", "order", "formula", "values", "waves", "heatmap", "similarity", "input"]


def pe_oracle(positions, d):
    """The notes' double loop, at any positions."""
    positions = np.asarray(positions, dtype=float)
    pe = np.zeros((len(positions), d))
    for r, pos in enumerate(positions):
        for i in range(0, d, 2):
            pe[r, i] = math.sin(pos / PAPER_BASE ** (i / d))
            pe[r, i + 1] = math.cos(pos / PAPER_BASE ** (i / d))
    return pe


def ticks(lo, hi, step):
    """Axis numbers: one record per tick."""
    return Each(*np.arange(lo, hi + step / 2, step))


def expected_values(words):
    model = load_model()
    d, h = model.config.d_model, model.config.n_heads
    S = PositionalEncoding
    ids = [model.src_vocab.index(w) for w in words]
    n = len(ids)
    emb = np.array([model.params["src_embed"][i] for i in ids]) * math.sqrt(d)
    a, b = (i % n for i in S.swap)
    perm = list(range(n))
    perm[a], perm[b] = perm[b], perm[a]
    enc0 = model.params["encoder"][0]
    out = encoder_layer(emb, enc0, h)[0]
    out_swapped = encoder_layer(emb[perm], enc0, h)[0]
    pos, dim = S.example
    waves = []
    fine = np.linspace(0, S.wave_positions, 8 * S.wave_positions + 1)
    whole = np.arange(S.wave_positions + 1)
    for k in S.wave_dims:
        waves.append((k, np.concatenate([np.stack([fine, pe_oracle(fine, d)[:, k]]),
                                         np.stack([whole, pe_oracle(whole, d)[:, k]])], axis=1)))
    p, q = S.similarity_from
    dist = np.arange(S.max_distance + 1)
    omega = 1.0 / PAPER_BASE ** (np.arange(0, d, 2) / d)
    dots = np.array([np.cos(k * omega).sum() for k in dist])  # sin a sin b + cos a cos b
    top = math.ceil(dots.max())
    heat = pe_oracle(range(S.heatmap_positions), d)
    focus = S.focus % n
    _, trace = forward(model.params, model.config, ids, [BOS_ID])
    exp = {
        "order.out": out,
        "order.out_swapped": out_swapped,
        "positional_encoding.order.diff": [np.abs(out_swapped - out[perm]).max()],
        "formula.base": [PAPER_BASE],
        "positional_encoding.formula.d": [d],
        "formula.example_args": [pos, dim, d, PAPER_BASE],
        "formula.example_value": [math.sin(pos / PAPER_BASE ** (dim / d))],
        "subtitle:positional_encoding.formula.say2": [pos, dim],
        "values.pe": pe_oracle(range(n), d),
        "subtitle:positional_encoding.values.say1": [n, d],
        "positional_encoding.waves.legend": Each(*(np.array([k, 2 * math.pi * PAPER_BASE ** (k / d)])
                                  for k in S.wave_dims)),
        "heatmap.pe": heat,
        "heatmap.scale.max": heat.max(),
        "heatmap.scale.min": heat.min(),
        "heatmap.first": 0,
        "heatmap.last_position": S.heatmap_positions - 1,
        "heatmap.last_dim": d - 1,
        "subtitle:positional_encoding.heatmap.say1": [S.heatmap_positions, d],
        "similarity.dots": np.concatenate([np.stack([dist, dots]), np.stack([dist, dots])],
                                          axis=1),
        "similarity.dots.x_axis": ticks(0, S.max_distance, 10),
        "similarity.dots.y_axis": ticks(0, top, top / 4),
        "positional_encoding.similarity.from": Each([p], [q]),
        "subtitle:positional_encoding.similarity.say1": [p, q],
        "similarity.sentence": pe_oracle(range(n), d) @ pe_oracle(range(n), d).T,
        "input.embedding": emb[focus],
        "input.pe": pe_oracle([focus], d)[0],
        "input.x": trace["src_x"][focus],
        "positional_encoding.input.lookup": [ids[focus]],
        "positional_encoding.input.pe": [focus],
        "subtitle:positional_encoding.input.say1": [ids[focus]],
        "subtitle:positional_encoding.input.say2": [focus],
        "positional_encoding.input.shape": [n, d],
    }
    for k, source in waves:
        exp[f"waves.dim{k}"] = source
    last = S.wave_dims[-1]
    exp[f"waves.dim{last}.x_axis"] = ticks(0, S.wave_positions, 10)
    exp[f"waves.dim{last}.y_axis"] = ticks(-1, 1, 1)
    return exp


Watched = watched(PositionalEncoding, blocks=(Heatmap,))


@pytest.fixture(scope="module")
def zh_dark(media_dir):
    yield from built_once(Watched, media_dir)


def test_every_shown_number_equals_the_reference(zh_dark):
    expected = expected_values(zh_dark.words)
    assert_shows_exactly(zh_dark, expected)


def test_permutation_difference_is_rounding_only(zh_dark):
    (diff,) = records(zh_dark)["positional_encoding.order.diff"]
    assert float(diff.source[0]) < 1e-12


def test_nothing_overlaps_or_leaves_the_frame(zh_dark):
    assert zh_dark.layout == []


def test_one_section_per_step_with_subtitles(zh_dark):
    assert_sections_and_subtitles(zh_dark, SECTIONS)


@pytest.mark.parametrize("lang,theme", [("en", "light")])  # the contract's build
def test_other_languages_and_themes(build_scene, lang, theme):
    scene = build_scene(Watched, lang=lang, theme=theme, sentence=OTHER_SENTENCE)
    assert scene.layout == []
    assert_sections_and_subtitles(scene, SECTIONS)
    assert_shown_faithfully(scene)


def test_another_sentence(build_scene):
    words = "猫 坐 在 垫子 上"
    scene = build_scene(Watched, lang="en", theme="light", sentence=words)
    assert scene.words == tuple(words.split())
    assert scene.layout == []
    expected = expected_values(scene.words)
    assert_shows_exactly(scene, expected)


# with pytest-xdist (--dist loadgroup): this module and the contract tests of its scene run in
# one worker, which builds each of the scene's dry builds once (tests.scenes.helpers.build)
pytestmark = pytest.mark.xdist_group("positional_encoding")
