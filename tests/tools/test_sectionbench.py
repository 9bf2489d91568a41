"""The sections benchmark without rendering: its subtitle edit, table, verdicts and timing."""

from __future__ import annotations

import sys
from pathlib import Path

from scenes import strings
from scenes.tools import sectionbench as B

REPO_ROOT = Path(__file__).resolve().parents[2]


def timed(what, wall, cpu=10.0, load=0.5):
    return B.Timed(what, wall, cpu, load, load, 100.0)


def figures(scene, whole, split, again, rendered=("04-waves",)):
    return B.SceneFigures(scene, 100.0, timed("whole", whole), timed("split", split),
                          timed("again", again), "waves.say1", list(rendered))


def test_the_edited_subtitle_is_one_steps_text_in_one_language(tmp_path):
    toml = tmp_path / "positional_encoding.toml"
    toml.write_text((REPO_ROOT / "scenes/strings/positional_encoding.toml").read_text("utf-8"),
                    encoding="utf-8")
    ids = B.say_ids(toml, "formula")
    assert ids[0] == "formula.say1" and all(i.startswith("formula.say") for i in ids)
    before = strings.read(toml)
    old = B.edit_subtitle(toml, "formula.say1", "zh")
    after = strings.read(toml)
    assert old == (REPO_ROOT / "scenes/strings/positional_encoding.toml").read_text("utf-8")
    assert [k for k in before if before[k] != after[k]] == ["formula.say1"]
    assert after["formula.say1"]["zh"] == before["formula.say1"]["zh"] + B.EDIT["zh"]
    assert after["formula.say1"]["en"] == before["formula.say1"]["en"]
    assert not any(c.isdigit() for c in "".join(B.EDIT.values()))


def test_table_and_verdicts():
    good, slow = figures("PositionalEncoding", 100.0, 55.0, 10.0), figures("LoRA", 100, 70, 30)
    lines = B.table([good, slow]).splitlines()
    assert lines[0].split()[:5] == ["scene", "video", "s", "whole", "s"]
    assert lines[2].split()[:8] == ["PositionalEncoding", "100.0", "100.0", "55.0", "0.55",
                                    "10.0", "0.18", "0.10"]
    assert B.verdicts([good], None) == []
    assert B.verdicts([slow], None) == [
        "LoRA: split cold 0.70 x whole (target <= 0.6)",
        "LoRA: re-render after one subtitle 0.43 x cold (target <= 0.2)"]
    two = figures("PositionalEncoding", 100.0, 55.0, 10.0, ("03-values", "04-waves"))
    assert B.verdicts([two], None) == [("PositionalEncoding: editing waves.say1 rendered "
                                        "['03-values', '04-waves'] again (expected its one "
                                        "section)")]
    total = {"whole": timed("whole", 300.0), "split": timed("split", 30.0)}
    assert B.verdicts([], total) == [("all scenes: 0.30 x their video (target <= 0.22 for zh "
                                      "and en at 1080p60)")]


def test_run_timed_counts_the_cpu_of_the_process_and_its_children(tmp_path):
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass\n"
    code = (f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {spin!r}])\n"
            f"{spin}")
    t = B.run_timed("spin", [sys.executable, "-c", code], tmp_path, {}, lambda line: None)
    assert t.cpu >= 0.75 and t.wall >= 0.4 and t.load_before >= 0
