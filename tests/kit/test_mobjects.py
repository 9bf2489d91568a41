"""Number mobjects remember the array they were built from and show it faithfully."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.kit import theme
from scenes.kit.mobjects import Heatmap, LinePlot, Num, NumberMatrix, NumberText
from scenes.kit.numbers import fmt


@pytest.fixture(autouse=True, params=["dark", "light"])
def each_theme(request):
    theme.use(request.param)
    yield
    theme.use("dark")


def test_matrix_records_every_shown_cell_and_elides_the_middle():
    a = np.arange(24, dtype=float).reshape(3, 8) / 7 - 1
    m = NumberMatrix(a, "m", decimals=2, max_cols=4)
    assert m.source_cols == [0, 1, 2, None, 7]
    assert set(m.record.cells) == {(i, j) for i in range(3) for j in (0, 1, 2, 7)}
    for (i, j), text in m.record.cells.items():
        assert text == fmt(a[i, j], 2)
        assert m.entry(i, j).text == text.replace(" ", "")
    np.testing.assert_array_equal(m.record.source, a)


def test_matrix_keeps_a_copy_of_its_source():
    a = np.ones((2, 2))
    m = NumberMatrix(a, "m")
    a[0, 0] = 5
    assert m.record.source[0, 0] == 1


def test_vector_cells_are_indexed_by_position():
    m = NumberMatrix(np.array([0.5, -0.25]), "v")
    assert m.record.cells == {(0,): "0.50", (1,): fmt(-0.25, 2)}


def test_number_text_records_numbers_not_words():
    t = NumberText("{word} has id {id} and {p}", "t", decimals={"p": 2}, word="爱", id=5,
                   p=0.125)
    assert t.text == "爱hasid5and0.12"
    np.testing.assert_array_equal(t.record.source, [5, 0.125])
    assert t.record.cells == {(0,): "5", (1,): "0.12"}
    assert t.record.places((0,)) == 0 and t.record.places((1,)) == 2
    assert NumberText("no numbers", "t").record is None


def test_num_and_non_finite():
    assert Num(0.5, "n", 1).record.cells == {(): "0.5"}
    with pytest.raises(ValueError, match="finite"):
        Num(float("nan"), "n")


def test_heatmap_small_with_values_and_large_as_image():
    small = Heatmap(np.array([[0.1, 0.9], [0.5, 0.5]]), "s", width=2, diverging=False,
                    show_values=True)
    assert small.record.cells[(0, 1)] == "0.90"
    big = Heatmap(np.random.default_rng(0).normal(size=(20, 20)), "b", width=4)
    assert big.record.cells == {} and big.record.source.shape == (20, 20)
    assert big.cells.pixel_array.shape[:2] == (20, 20)


def test_plot_records_its_series_on_every_drawable_part():
    x = np.linspace(0, 1, 5)
    p = LinePlot({"a": (x, x**2)}, "p", x_range=[0, 1, 0.5], y_range=[0, 1, 0.5],
                 dots={"a": (x, x**2)})
    assert p.record.source.shape == (2, 10)
    assert p.curves.record is p.record and p.curves[0].record is p.record
    assert p.dots.record is p.record


def test_a_replacement_transform_target_is_recorded():
    """ReplacementTransform adds its target through Scene.replace; the record must see it."""
    from manim import ReplacementTransform, tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    from scenes.kit.base import LectureScene

    class Swap(LectureScene):
        def construct(self):
            first = Num(1, "first")
            self.add(first)
            self.play(ReplacementTransform(first, Num(2, "second")))

    with tempconfig({"dry_run": True, "progress_bar": "none"}):
        scene = Swap(renderer=CairoRenderer(skip_animations=True))
        scene.render()
    assert [r.name for r in scene.shown] == ["first", "second"]


def test_heatmap_cells_follow_scaling_and_moving():
    h = Heatmap(np.arange(6.0).reshape(2, 3), "h", width=3, diverging=False, vmax=5)
    h.scale(2).shift([1, 1, 0])
    assert h.cell_w == pytest.approx(2.0) and h.cell_h == pytest.approx(2.0)
    np.testing.assert_allclose(h.cell_center(1, 2), h.cells[-1].get_center(), atol=1e-9)
