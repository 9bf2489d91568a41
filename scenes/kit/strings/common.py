"""Strings shared by several scenes (no topic prefix)."""

STRINGS = {
    "dims": {"zh": "维度", "en": "dimension"},
    "position": {"zh": "位置", "en": "position"},
}
