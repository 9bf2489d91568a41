"""What is made of the lectures: the render driver, the offline lecture player, golden stills,
the benchmark and the doctor (``python -m scenes ...``, see :mod:`scenes.tools.cli`).

The top layer: it may import the topic modules, the kit and the reference code; none of those
imports it. This ``__init__`` imports nothing.
"""
