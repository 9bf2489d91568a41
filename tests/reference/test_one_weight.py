"""The notes' one-weight example, worked by hand."""

import pytest

from scenes.reference import one_weight as ow


def test_each_formula():
    assert ow.predict(0.5, 2.0) == 1.0  # y_pred = W x
    assert ow.error(1.0, 4.0) == 4.5  # E = 1/2 (1 - 4)^2
    assert ow.grad_w(1.0, 4.0, 2.0) == -6.0  # (y_pred - y) x
    assert ow.sgd_step(0.5, -6.0, 0.1) == pytest.approx(1.1)  # W - lr g


def test_gradient_is_the_derivative_of_the_error():
    w, x, y, h = 0.7, 1.5, -2.0, 1e-6
    numeric = (ow.error(ow.predict(w + h, x), y) - ow.error(ow.predict(w - h, x), y)) / (2 * h)
    assert ow.grad_w(ow.predict(w, x), y, x) == pytest.approx(numeric, rel=1e-8)


def test_descent_two_steps_by_hand():
    r = ow.descent(w0=0.5, x=2.0, y=4.0, lr=0.1, steps=2)
    assert r["w"].tolist() == pytest.approx([0.5, 1.1])
    assert r["y_pred"].tolist() == pytest.approx([1.0, 2.2])
    assert r["e"].tolist() == pytest.approx([4.5, 1.62])
    assert r["grad"].tolist() == pytest.approx([-6.0, -3.6])
    assert r["w_new"].tolist() == pytest.approx([1.1, 1.46])


def test_error_shrinks_by_a_constant_factor():
    """W - y/x shrinks by (1 - lr x^2) each step, so E by its square."""
    r = ow.descent()
    factor = (1 - ow.LR * ow.X**2) ** 2
    assert r["e"][1:] / r["e"][:-1] == pytest.approx([factor] * (ow.STEPS - 1))
    assert abs(r["w_new"][-1] - ow.Y / ow.X) < abs(ow.W0 - ow.Y / ow.X)
    assert (r["w_new"][:-1] == r["w"][1:]).all()
