"""How numbers are written on screen, and read back by the tests (no manim here).

Every number a scene shows goes through :func:`fmt` (fixed decimals) or :func:`fmt_sci`
(scientific), and :func:`parse` turns the shown text back into a float.
"""

from __future__ import annotations

import math

MINUS = "\u2212"  # typographic minus sign
TIMES = "\u00d7"
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def fmt(value: float, decimals: int = 2) -> str:
    """Fixed-point text with a real minus sign; a value that rounds to zero shows as 0.00."""
    if not math.isfinite(value):
        raise ValueError(f"cannot show the non-finite number {value!r}")
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text.replace("-", MINUS)


def fmt_sci(value: float, digits: int = 1) -> str:
    """Scientific text such as 2.2×10⁻¹⁶ (exactly 0 shows as 0)."""
    if not math.isfinite(value):
        raise ValueError(f"cannot show the non-finite number {value!r}")
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"{mantissa}{TIMES}10{str(int(exponent)).translate(_SUPERSCRIPT)}".replace("-", MINUS)


def parse(text: str) -> float:
    """Read a number written by fmt or fmt_sci back into a float."""
    text = text.strip().replace(MINUS, "-")
    if TIMES in text:
        mantissa, power = text.split(TIMES)
        if not power.startswith("10"):
            raise ValueError(f"not a number written by fmt_sci: {text!r}")
        return float(mantissa) * 10.0 ** int(power[2:].translate(_FROM_SUPERSCRIPT))
    return float(text)


def tolerance(text: str, decimals: int | None) -> float:
    """Half a unit in the last shown place: how far a shown number may be from its source."""
    if decimals is not None:
        return 0.5 * 10.0**-decimals + 1e-12
    # scientific: half a unit of the mantissa's last digit, scaled by the power
    mantissa, power = text.replace(MINUS, "-").split(TIMES) if TIMES in text else (text, "10⁰")
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 0.5 * 10.0 ** (int(power[2:].translate(_FROM_SUPERSCRIPT)) - places) + 1e-300
