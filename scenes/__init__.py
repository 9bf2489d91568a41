"""Transformer explained in Manim: every number on screen is computed.

Layers (arrows point one way only): ``scenes.reference`` (numpy numbers) ->
``scenes.kit`` (how things look) -> topic modules such as ``scenes.positional_encoding`` ->
``scenes.tools`` (render driver, player, golden stills, bench, doctor; ``python -m scenes``).
This package's ``__init__`` imports nothing, so ``import scenes.reference`` needs numpy only.
"""
