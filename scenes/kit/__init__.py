"""The scene kit: settings, strings, theme, number mobjects and the base LectureScene."""

from scenes.kit import theme
from scenes.kit.base import LectureScene
from scenes.kit.mobjects import (
    Block,
    ColorBar,
    Heatmap,
    LinePlot,
    Num,
    NumberMathTex,
    NumberMatrix,
    NumberText,
    Shown,
    Shows,
    flow_arrow,
    label,
    token_boxes,
)
from scenes.kit.settings import Settings, SettingsError, load_settings

__all__ = [
    "Block", "ColorBar", "Heatmap", "LectureScene", "LinePlot", "Num", "NumberMathTex",
    "NumberMatrix", "NumberText", "Settings", "SettingsError", "Shown", "Shows", "flow_arrow",
    "label", "load_settings", "theme", "token_boxes",
]
