"""The benchmark: its table, its verdicts, its measurements, and (slow) a warm re-render."""

from __future__ import annotations

import json
import sys

import pytest

from scenes.tools import bench
from scenes.tools.common import discover


def fake(scene, cold_h, cold_l, warm, duration=100.0):
    r = bench.SceneBench(scene)
    r.runs = [bench.Run("h", "off", cold_h, 400.0, 0.1, duration),
              bench.Run("l", "off", cold_l, 300.0, 0.1, duration),
              bench.Run("h", "primed", cold_h + 5, 410.0, 0.1, duration),
              bench.Run("h", "warm", warm, 150.0, 0.1, duration)]
    return r


def test_table_has_one_row_per_scene_with_rtf_and_warm_ratio():
    text = bench.table([fake("Fast", 80.0, 20.0, 2.0), fake("Slow", 130.0, 40.0, 30.0)],
                       ["h", "l"], "h")
    lines = text.splitlines()
    assert "cold 1080p60 s" in lines[0] and "cold 480p15 s" in lines[0]
    assert "warm/cold" in lines[0]
    assert lines[2].split()[:4] == ["Fast", "100.0", "80.0", "0.80"]
    assert lines[2].split()[-1] == "2.5%"
    assert lines[3].split()[:4] == ["Slow", "100.0", "130.0", "1.30"]
    assert lines[3].split()[-1] == "23.1%"


def test_verdicts_name_each_missed_target_and_only_those():
    assert bench.verdicts([fake("Fast", 80.0, 20.0, 2.0)], "h") == []
    missed = bench.verdicts([fake("Slow", 130.0, 40.0, 30.0)], "h")
    assert missed == ["Slow: RTF 1.30 at 1080p60 cold (target <= 1.0)",
                      "Slow: re-render 23.1% of cold (target <= 10%)"]


def test_timed_measures_wall_and_peak_memory_of_the_child():
    wall, peak = bench.timed([sys.executable, "-c",
                              "import time; b = bytearray(200 * 2**20); time.sleep(0.3)"], {})
    assert 0.3 <= wall < 10
    assert peak >= 200  # MB: the child's own peak, not this process's


def test_a_failing_render_raises_with_its_output():
    with pytest.raises(RuntimeError, match="boom"):
        bench.timed([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], {})


def test_unknown_scene_names_are_refused_with_the_known_ones():
    with pytest.raises(SystemExit, match="unknown scene.*Nope.*PositionalEncoding"):
        bench.select(discover(), "Nope")
    assert [s.cls for s in bench.select(discover(), "LoRA")] == ["LoRA"]


@pytest.mark.slow
def test_a_re_render_with_nothing_changed_reuses_the_outputs(tmp_path):
    spec = next(s for s in discover() if s.cls == "PositionalEncoding")
    result = bench.bench_scene(spec, [], "l", tmp_path, log=lambda *_: None)
    primed, warm = result.get("l", "primed"), result.get("l", "warm")
    assert primed.duration > 30 and warm.duration == primed.duration
    assert warm.wall < 0.25 * primed.wall, (warm.wall, primed.wall)
    out = tmp_path / "PositionalEncoding-l-cached" / "videos" / spec.module / "480p15"
    record = json.loads((out / ".PositionalEncoding.inputs.json").read_text(encoding="utf-8"))
    assert "PositionalEncoding.mp4" in record["files"]
    assert any(name.startswith("sections/") for name in record["files"])


def test_repeated_cold_runs_keep_the_fastest_and_record_all(monkeypatch, tmp_path):
    walls = iter([5.0, 3.0, 4.0, 9.0, 0.2])
    peaks = iter([100.0, 300.0, 200.0, 50.0, 40.0])

    def measure(spec, quality, cache, media, env):
        return bench.Run(quality, cache, next(walls), next(peaks), 0.0, 10.0)

    monkeypatch.setattr(bench, "measure", measure)
    spec = next(s for s in discover() if s.cls == "LoRA")
    result = bench.bench_scene(spec, ["h"], "h", tmp_path, log=lambda *_: None, repeat=3)
    cold = result.get("h", "off")
    assert (cold.wall, cold.walls, cold.peak_mb) == (3.0, [5.0, 3.0, 4.0], 300.0)
    assert result.get("h", "primed").wall == 9.0  # cached runs are made once
    assert result.get("h", "warm").wall == 0.2
    assert result.warm_ratio("h") == pytest.approx(0.2 / 3.0)


def test_repeat_must_be_one_or_more(tmp_path):
    with pytest.raises(SystemExit, match="--repeat 0"):
        bench.main(["--repeat", "0", "--json", str(tmp_path / "r.json")])
