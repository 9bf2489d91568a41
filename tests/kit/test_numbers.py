from __future__ import annotations

import math

import pytest

from scenes.kit.numbers import MINUS, fmt, fmt_sci, parse, tolerance


@pytest.mark.parametrize("value,decimals,text", [
    (0.84147, 3, "0.841"), (-1.5, 2, f"{MINUS}1.50"), (-0.0004, 3, "0.000"), (32, 0, "32"),
    (10000.0, 0, "10000"), (2.5, 0, "2"),  # round half to even, as Python formats
])
def test_fmt(value, decimals, text):
    assert fmt(value, decimals) == text
    assert abs(parse(text) - value) <= tolerance(text, decimals)


@pytest.mark.parametrize("value,text", [
    (1.1e-15, "1.1×10⁻¹⁵"), (-3.4e5, f"{MINUS}3.4×10⁵"), (0.0, "0"), (2.0, "2.0×10⁰"),
])
def test_fmt_sci_round_trip(value, text):
    assert fmt_sci(value) == text
    assert abs(parse(text) - value) <= tolerance(text, None)


def test_tolerance_is_half_a_unit_of_the_last_place():
    assert tolerance("0.841", 3) == pytest.approx(5e-4)
    assert tolerance("1.1×10⁻¹⁵", None) == pytest.approx(5e-17)
    assert abs(parse("0.841") - 0.8420) > tolerance("0.841", 3)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_non_finite_values_are_refused(bad):
    with pytest.raises(ValueError, match="non-finite"):
        fmt(bad)
