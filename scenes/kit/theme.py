"""Colours, fonts and sizes for the two backgrounds: dark (default) and light (projectors)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import ManimColor

from scenes.kit.system import CJK_FONT

FONT = CJK_FONT  # Text in both languages; MathTex only for ASCII math
MONO_FONT = "Noto Sans Mono CJK SC"

# font sizes (Text units)
TITLE, HEADING, BODY, SMALL, TINY = 46, 32, 26, 20, 16


@dataclass(frozen=True)
class Spacing:
    """The gaps between things (``buff=``), smallest to largest, in frame units (the frame is
    14.2 wide and 8 high): in the spirit of manim's SMALL_BUFF ... LARGE_BUFF."""

    hair: float = 0.05  # a frame around a cell, a mark on a line
    xs: float = 0.1  # a label and what it labels
    sm: float = 0.2  # lines of one block
    md: float = 0.3  # blocks of one group
    lg: float = 0.45  # groups of one screen; below the heading
    xl: float = 0.6  # columns side by side
    xxl: float = 1.0  # regions apart


@dataclass(frozen=True)
class Pacing:
    """How long things take (``run_time=``, waits), in seconds."""

    flash: float = 0.4  # a flash, a highlight off
    quick: float = 0.6  # a small thing in
    beat: float = 0.8  # the usual step of a lecture
    steady: float = 1.0  # a block of numbers in
    slow: float = 1.5  # a formula written, a curve drawn
    long: float = 2.5  # a whole run played


SPACE = Spacing()
PACE = Pacing()


@dataclass(frozen=True)
class Theme:
    name: str
    bg: str
    text: str
    muted: str
    grid: str
    panel: str  # fill of blocks
    blue: str
    orange: str
    green: str
    red: str
    purple: str
    yellow: str
    cmap_low: str  # diverging map: low -> mid -> high
    cmap_mid: str
    cmap_high: str
    seq_low: str  # sequential map (weights in [0, 1]): low -> high
    seq_high: str

    def diverging(self, values, vmin=-1.0, vmax=1.0) -> np.ndarray:
        """RGB in [0, 1] for each value: vmin -> cmap_low, middle -> cmap_mid, vmax -> cmap_high."""
        t = _unit(values, vmin, vmax)
        low, mid, high = (_rgb(c) for c in (self.cmap_low, self.cmap_mid, self.cmap_high))
        s = np.clip(2 * t, 0, 1)[..., None]
        u = np.clip(2 * t - 1, 0, 1)[..., None]
        return np.where(t[..., None] < 0.5, low + (mid - low) * s, mid + (high - mid) * u)

    def sequential(self, values, vmin=0.0, vmax=1.0) -> np.ndarray:
        """RGB in [0, 1] for each value from seq_low (vmin) to seq_high (vmax)."""
        t = _unit(values, vmin, vmax)
        low, high = _rgb(self.seq_low), _rgb(self.seq_high)
        return low + (high - low) * t[..., None]

    def readable_on(self, rgb) -> str:
        """Text colour that stays readable on a cell of colour ``rgb``."""
        luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        return "#111111" if luminance > 0.55 else "#f4f4f4"


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array(ManimColor(hex_colour).to_rgb(), dtype=float)


THEMES = {
    "dark": Theme(
        name="dark", bg="#101318", text="#E8EAED", muted="#9AA0A6", grid="#3C4043",
        panel="#1C2230", blue="#58A6FF", orange="#F0883E", green="#3FB950", red="#FF7B72",
        purple="#BC8CFF", yellow="#E3B341",
        cmap_low="#3B82F6", cmap_mid="#161B22", cmap_high="#F97316",
        seq_low="#1E2B3C", seq_high="#FACC15",
    ),
    "light": Theme(
        name="light", bg="#FFFFFF", text="#1F2328", muted="#57606A", grid="#D0D7DE",
        panel="#F1F5FB", blue="#0969DA", orange="#BC4C00", green="#1A7F37", red="#CF222E",
        purple="#8250DF", yellow="#9A6700",
        cmap_low="#2166AC", cmap_mid="#F7F7F7", cmap_high="#B2182B",
        seq_low="#EEF2F7", seq_high="#08519C",
    ),
}

_active = THEMES["dark"]


def use(name: str) -> Theme:
    """Make ``name`` the theme every kit mobject draws with, and return it."""
    global _active
    _active = THEMES[name]
    return _active


def current() -> Theme:
    return _active


def _unit(values, vmin, vmax) -> np.ndarray:
    """values placed on [vmin, vmax] as 0..1 (clipped); an empty range (one value, e.g. a 1 x 1
    matrix) puts every value in the middle."""
    values = np.asarray(values, dtype=float)
    if vmax == vmin:
        return np.full(values.shape, 0.5)
    return np.clip((values - vmin) / (vmax - vmin), 0.0, 1.0)
