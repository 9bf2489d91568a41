"""scenes.tools.numbers without building a scene: how origins are found, what a ref may name,
how one record is written, the command line. (Every scene's real file: tests/scenes/test_numbers.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scenes.kit.mobjects import Shown
from scenes.tools import numbers

REPO_ROOT = Path(__file__).resolve().parents[2]

ORIGINS = {
    "{d}": "model.config.d_model",
    "*.say2{d}": "scenes.reference.counts.PAPER_BASE.d_model",
    "qkv.?": "scenes.reference.encode: q, k, v",
    "qkv.q": "scenes.reference.encode: q",
    "subtitle:t.input.say1": "settings.sentence",
    "*input.*": "scenes.reference.positional_encoding",
}


@pytest.mark.parametrize("name,key,entry", [
    ("qkv.q", None, "qkv.q"),  # the exact name beats a pattern
    ("qkv.k", None, "qkv.?"),
    ("qkv.kv", None, None),  # ? is one character
    ("subtitle:t.x.say1", "d", "{d}"),  # {d}: the placeholder d of any text
    ("subtitle:t.x.say2", "d", "*.say2{d}"),  # the longer pattern wins
    ("subtitle:t.input.say1", "d", "subtitle:t.input.say1"),  # an exact name beats patterns
    ("subtitle:t.input.say2", "d", "*.say2{d}"),  # longer than "*input.*"
    ("subtitle:t.input.say3", "d", "*input.*"),  # a name's pattern longer than "{d}"
    ("subtitle:t.x.say1", "n", None),
])
def test_the_most_specific_entry_wins(name, key, entry):
    assert numbers.entry_for(ORIGINS, name, key) == entry


def test_entries_used():
    records = [Shown("qkv.k", np.zeros(2)), Shown("subtitle:t.x.say2", np.zeros(1), {(0,): "0"},
                                                   0, ("d",))]
    assert numbers.entries_used(ORIGINS, records) == {"qkv.?", "*.say2{d}"}


class Scene:
    head = 0


@pytest.mark.parametrize("ref,problem", [
    ("scenes.reference.encode", None),
    ("scenes.reference.self_attention.score_entry", None),
    ("scenes.reference.counts.PAPER_BASE.d_model", None),
    ("scenes.reference.one_weight.X", None),
    ("model.config.d_model", None),
    ("model.params", None),
    ("model.src_ids", None),
    ("settings.sentence", None),
    ("Scene.head", None),
    ("scenes.reference.encoder", "scenes.reference has no encoder"),
    ("scenes.reference.counts.PAPER_BASE.width", "scenes.reference.counts has no PAPER_BASE.width"),
    ("model.config.width", "the trained model has no config.width"),
    ("settings.colour", "the settings have no colour"),
    ("Scene.tail", "Scene has no attribute tail"),
    ("numpy.mean", "neither scenes.reference"),
])
def test_ref_problem(ref, problem):
    found = numbers.ref_problem(ref, Scene)
    assert found == problem if problem is None else problem in found


def test_ref_of():
    assert numbers.ref_of("scenes.reference.encode: trace encoder[0].x") == \
        "scenes.reference.encode"
    assert numbers.ref_of("model.config.d_model") == "model.config.d_model"


def test_record_entry_of_a_matrix_a_text_and_a_drawing():
    origins = {"m": "scenes.reference.encode: m", "{n}": "settings.sentence: its words",
               "{w}": "scenes.reference.encode: a weight", "heat": "model.params: w"}
    matrix = Shown("m", np.array([[1 / 3, -2.0], [0.5, 4.0]]), {(0, 0): "0.33", (1, 1): "4.00"})
    assert numbers.record_entry(matrix, origins, "S") == {
        "name": "m", "shape": [2, 2], "origin": "scenes.reference.encode: m", "drawn": False,
        "numbers": [
            {"index": [0, 0], "text": "0.33", "value": 1 / 3},
            {"index": [1, 1], "text": "4.00", "value": 4.0}]}
    text = Shown("subtitle:t.say", np.array([3.0, 0.125]), {(0,): "3", (1,): "0.12"},
                 {(0,): 0, (1,): 2}, ("n", "w"))
    entry = numbers.record_entry(text, origins, "S")
    assert entry["origin"] is None  # two numbers, two origins
    assert [(n["key"], n["value"], n["origin"]) for n in entry["numbers"]] == [
        ("n", 3.0, origins["{n}"]), ("w", 0.125, origins["{w}"])]
    scalar = Shown("m", np.array(2.5), {(): "2.5"}, 1)
    assert numbers.record_entry(scalar, origins, "S")["numbers"] == [
        {"index": [], "text": "2.5", "value": 2.5}]
    same = Shown("subtitle:t.say", np.array([3.0, 4.0]), {(0,): "3", (1,): "4"}, 0, ("n", "n"))
    entry = numbers.record_entry(same, origins, "S")  # two numbers of one origin: said once
    assert entry["origin"] == origins["{n}"]
    assert [set(n) for n in entry["numbers"]] == [{"key", "index", "text", "value"}] * 2
    heat = Shown("heat", np.zeros((3, 4)), {}, None)
    assert numbers.record_entry(heat, origins, "S") == {
        "name": "heat", "shape": [3, 4], "origin": "model.params: w", "drawn": True,
        "numbers": []}


def test_missing_origins_are_named():
    with pytest.raises(numbers.OriginError, match=r"S shows 'subtitle:t.say\{w\}' \(0.12\)"):
        numbers.record_entry(Shown("subtitle:t.say", np.array([0.125]), {(0,): "0.12"}, 2,
                                   ("w",)), {}, "S")
    with pytest.raises(numbers.OriginError, match="S draws 'heat'"):
        numbers.record_entry(Shown("heat", np.zeros((2, 2))), {}, "S")


def test_dumps_writes_json_one_number_a_line():
    number = {"index": [0], "text": "0.30", "value": 0.1 + 0.2}
    doc = {"scene": "S", "title": "自注意力", "sections": [
        {"name": "00-title", "title": "自注意力", "records": []},
        {"name": "01-x", "title": "x", "records": [
            {"name": "m", "shape": [2], "origin": "o", "drawn": False,
             "numbers": [number, dict(number, index=[1])]},
            {"name": "h", "shape": [2, 2], "origin": "o", "drawn": True, "numbers": []}]}]}
    text = numbers.dumps(doc)
    assert json.loads(text) == doc  # full precision, Chinese as it is
    assert "自注意力" in text and "0.30000000000000004" in text
    assert sum(line.strip().startswith('{"index"') for line in text.splitlines()) == 2


def test_cli_without_rendered_scenes(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scenes", "numbers", "--videos", str(tmp_path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "render first" in done.stderr
    bad = subprocess.run([sys.executable, "-m", "scenes", "numbers", "--langs", "fr"],
                         cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "unknown language 'fr'" in bad.stderr


def test_write_numbers_keeps_a_current_file(tmp_path, monkeypatch):
    """A file whose inputs key is the current one is kept without building the scene."""
    from scenes.tools.common import SceneSpec

    spec = SceneSpec("self_attention", "SelfAttention", "self_attention")
    monkeypatch.setattr(numbers, "inputs_key", lambda spec: "same")
    monkeypatch.setattr(numbers, "build", lambda *a, **k: pytest.fail("built again"))
    out = numbers.path_of(tmp_path, "zh-dark", spec.cls)
    out.parent.mkdir()
    out.write_text(json.dumps({"inputs": "same"}), encoding="utf-8")
    assert numbers.write_numbers(spec, "zh-dark", tmp_path) == (out, False)
    with pytest.raises(ValueError, match="variant 'zh' is not <lang>-<theme>"):
        numbers.write_numbers(spec, "zh", tmp_path)


def test_the_inputs_key_follows_the_scene_and_the_settings(monkeypatch):
    from scenes.tools.common import SceneSpec

    lora, pe = (SceneSpec("lora", "LoRA", "lora"),
                SceneSpec("positional_encoding", "PositionalEncoding", "positional_encoding"))
    monkeypatch.setenv("TVIZ_LANG", "zh")
    key = numbers.inputs_key(lora)
    assert key == numbers.inputs_key(lora) and key != numbers.inputs_key(pe)
    monkeypatch.setenv("TVIZ_LANG", "en")
    assert numbers.inputs_key(lora) != key
