"""A faster copy of the SVGs manim keeps in memory (Text, MathTex): same mobjects, less work.

With ``use_svg_cache`` manim parses a typeset SVG once per process and hands out copies of it,
made by ``Mobject.copy`` = ``copy.deepcopy``. Deep-copying walks every attribute of every glyph,
including the parsed svgelements path each glyph keeps (``path_obj``), and took about 60% of
a dry build. :func:`install` makes the cache hand out :func:`structural_copy` instead: the same
tree of new mobjects with copies of their arrays, lists and dicts, sharing only what nothing
changes afterwards (numbers, strings, colours, the parsed paths). What is drawn is the same:
the golden stills, drawn through this copy, are compared byte for byte with manim's own.

Every other copy (``Mobject.copy``, ``generate_target``, the copies Transform and FadeIn make
to animate from) is still manim's ``copy.deepcopy``, which also walked each glyph's parsed path:
ten lines of text took 122 ms to copy, 11 ms once :func:`install` makes the parsed svgelements
objects (paths, their segments and points, matrices, colours) copy as themselves. They are read
once, when a glyph's points are made from them (``VMobjectFromSVGPath.generate_points``), and
neither manim nor svgelements copies or changes them afterwards.
"""

from __future__ import annotations

import numpy as np
from svgelements import svgelements
from manim import Mobject
from manim.mobject.svg import svg_mobject

_installed = False


def _copy_value(value, memo: dict):
    if isinstance(value, Mobject):
        return structural_copy(value, memo)
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy_value(v, memo) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy_value(v, memo) for v in value)
    if isinstance(value, dict):
        return {k: _copy_value(v, memo) for k, v in value.items()}
    return value  # numbers, strings, colours, parsed svg paths: not changed in place


def structural_copy(mobject: Mobject, memo: dict | None = None) -> Mobject:
    """A copy of ``mobject`` and everything it holds that a scene may change in place (the
    submobjects, their points and colour arrays, lists and dicts); an object reached twice is
    copied once, as by deepcopy."""
    memo = {} if memo is None else memo
    if id(mobject) in memo:
        return memo[id(mobject)]
    cls = type(mobject)
    new = cls.__new__(cls)
    memo[id(mobject)] = new
    new.__dict__.update({k: _copy_value(v, memo) for k, v in mobject.__dict__.items()})
    new.original_id = str(id(mobject))
    return new


def _init_svg_mobject(self, use_svg_cache: bool):
    """manim's SVGMobject.init_svg_mobject with the cached mobject copied by structural_copy."""
    if use_svg_cache:
        hash_val = svg_mobject.hash_obj(self.hash_seed)
        cached = svg_mobject.SVG_HASH_TO_MOB_MAP.get(hash_val)
        if cached is not None:
            mob = structural_copy(cached)
            self.add(*mob)
            self.id_to_vgroup_dict = mob.id_to_vgroup_dict
            return self
    self.generate_mobject()
    if use_svg_cache:
        svg_mobject.SVG_HASH_TO_MOB_MAP[hash_val] = structural_copy(self)
    return self


def _as_itself(self, memo):
    return self


def parsed_svg_classes() -> list[type]:
    """svgelements' classes of parsed SVG content (shapes, path segments, points, matrices,
    colours...): every class the module defines."""
    return [c for c in vars(svgelements).values()
            if isinstance(c, type) and c.__module__ == svgelements.__name__
            and not issubclass(c, BaseException)]


def install() -> None:
    """Use :func:`structural_copy` for manim's in-memory SVG cache, and let ``deepcopy`` share
    parsed svgelements objects (once per process)."""
    global _installed
    if not _installed:
        svg_mobject.SVGMobject.init_svg_mobject = _init_svg_mobject
        for cls in parsed_svg_classes():
            cls.__deepcopy__ = _as_itself
        _installed = True
