"""Transformer explained in Manim: every number on screen is computed.

Layers (arrows point one way only): ``scenes.reference`` (numpy numbers) ->
``scenes.kit`` (how things look) -> topic modules such as ``scenes.positional_encoding``.
This package's ``__init__`` imports nothing, so ``import scenes.reference`` needs numpy only.
"""
