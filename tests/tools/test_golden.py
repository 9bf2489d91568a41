"""Golden-frame comparison: tolerant of a few pixels, not of a changed picture."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.tools import golden


def test_identical_frames_match():
    a = np.random.default_rng(0).integers(0, 255, (48, 64, 3), dtype=np.uint8)
    d = golden.compare(a, a.copy())
    assert d.ok and d.mean == 0 and d.changed == 0


def test_a_few_changed_pixels_pass_a_changed_region_fails():
    a = np.zeros((100, 100, 3), dtype=np.uint8)
    b = a.copy()
    b[0, :5] = 255  # 5 pixels: antialiasing-sized
    assert golden.compare(a, b).ok
    c = a.copy()
    c[10:40, 10:40] = 200  # a new block: 9% of the frame
    d = golden.compare(a, c)
    assert not d.ok and d.changed == pytest.approx(0.09)


def test_size_mismatch_is_an_error():
    with pytest.raises(ValueError, match="sizes differ"):
        golden.compare(np.zeros((2, 2, 3), np.uint8), np.zeros((2, 3, 3), np.uint8))


def test_png_round_trip(tmp_path):
    a = np.random.default_rng(1).integers(0, 255, (8, 8, 3), dtype=np.uint8)
    golden.write_png(tmp_path / "x" / "a.png", a)
    np.testing.assert_array_equal(golden.read_png(tmp_path / "x" / "a.png"), a)


def test_unknown_scene_is_refused(capsys):
    import argparse

    assert golden.run(argparse.Namespace(scenes="NoSuchScene")) == 2
    assert "NoSuchScene" in capsys.readouterr().err
