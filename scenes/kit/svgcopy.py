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

A Text's ``id_to_vgroup_dict`` (a VGroup for every element of its SVG: about sixty per line of
text, a fifth of making a Text) is made when it is first read (:class:`LazyGroups`): manim's
MathTex reads its own at once, and nothing reads a Text's.

Parsed SVGs are also kept on disk, in ``<media dir>/mobjects/`` (zlib-compressed pickles of the
parsed mobject, named by the SVG file's bytes, manim's hash of how it is parsed, this module
and the versions of manim, svgelements, NumPy and Python): another process that typesets the
same text (a render pool's other worker, the next test run, a re-render) loads it in about a
millisecond instead of parsing the SVG again (30-40 ms for a line of text). A file that cannot
be read is parsed again. The glyphs' parsed svgelements paths are not kept, on disk or in
manim's memory cache (``path_obj`` is None in what either hands out): nothing reads them once
the points are made, and one copy of a parsed SVG serves both caches.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import threading
import zlib
from collections.abc import MutableMapping
from pathlib import Path

import numpy as np
from manim import Mobject, VGroup, config, logger
from manim.mobject.svg import svg_mobject
from manim.mobject.text.text_mobject import MarkupText, Text
from svgelements import svgelements as se

_installed = False


class LazyGroups(MutableMapping):
    """manim's ``id_to_vgroup_dict`` of an SVG (element id -> VGroup of the shapes under that
    element), its VGroups made when it is first read: until then it keeps the shapes under each
    element id, in manim's order (references, so copies of the owner map onto its copies)."""

    def __init__(self, members: dict[str, list]):
        self._members, self._groups = members, None

    def _made(self) -> dict:
        if self._groups is None:
            self._groups = {name: VGroup(*shapes) for name, shapes in self._members.items()}
            self._members = None
        return self._groups

    def __getitem__(self, key):
        return self._made()[key]

    def __setitem__(self, key, value):
        self._made()[key] = value

    def __delitem__(self, key):
        del self._made()[key]

    def __iter__(self):
        return iter(self._made())

    def __len__(self):
        return len(self._made())

    def copied(self, memo: dict) -> LazyGroups:
        if self._groups is None:
            return LazyGroups(_copy_value(self._members, memo))
        new = LazyGroups({})
        new._groups = _copy_value(self._groups, memo)
        return new


SHAPES = (se.Path, se.SimpleLine, se.Rect, se.Circle, se.Ellipse, se.Polygon, se.Polyline, se.Text)


def get_mobjects_from(self, svg):
    """manim's SVGMobject.get_mobjects_from (0.22), for a Text: the same shapes in the same
    order, and the groups as :class:`LazyGroups`; any other SVG as manim makes it."""
    if not isinstance(self, (Text, MarkupText)):
        return _manim_get_mobjects_from(self, svg)
    result = []
    stack = [(svg, 1)]
    group_id_number = 0
    vgroup_stack = ["root"]
    members: dict[str, list] = {"root": []}  # in manim's order: an id's first appearance
    while stack:
        element, depth = stack.pop()
        vgroup_stack = vgroup_stack[0:depth]
        try:
            group_name = str(element.values["id"])
        except Exception:  # noqa: BLE001 (as manim: an element without an id is numbered)
            group_name = f"numbered_group_{group_id_number}"
            group_id_number += 1
        members[group_name] = []  # a later element of the same id replaces the group, as in manim
        vgroup_stack.append(group_name)
        if isinstance(element, (se.Group, se.Use)):
            stack.extend((sub, depth + 1) for sub in element[::-1])
        try:
            if isinstance(element, SHAPES):
                mob = self.get_mob_from_shape_element(element)
                if mob is not None:
                    result.append(mob)
                    for parent in vgroup_stack[:-1]:
                        members[parent].append(mob)
        except Exception as e:  # noqa: BLE001 (as manim: the shape is left out, with an error)
            logger.error(f"Exception occurred in 'get_mobjects_from'. Details: {e}")
    return result, LazyGroups(members)


_manim_get_mobjects_from = svg_mobject.SVGMobject.get_mobjects_from


def _copy_value(value, memo: dict):
    if isinstance(value, Mobject):
        return structural_copy(value, memo)
    if isinstance(value, LazyGroups):
        return value.copied(memo)
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


# ---------------------------------------------------------------- the parsed SVGs kept on disk

DISK_FORMAT = "1"  # change it when what is kept changes
DISK_FOLDER = "mobjects"  # in the media dir, beside texts/ and Tex/


@functools.cache
def _disk_salt() -> bytes:
    """What every kept file depends on besides its SVG: this module, manim, svgelements, numpy
    and Python."""
    import platform

    import manim
    import svgelements

    parts = (DISK_FORMAT, hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), manim.__version__,
             getattr(svgelements, "SVGELEMENTS_VERSION", ""), np.__version__,
             platform.python_version(), str(pickle.HIGHEST_PROTOCOL))
    return "\n".join(parts).encode()


def _stable(obj) -> str:
    """``obj`` (manim's ``hash_seed``: tuples, dicts, strings, numbers, colours, enums) written
    the same way in every process (manim's own hash of it is Python's, salted per process)."""
    if isinstance(obj, dict):
        return "{" + ",".join(sorted(f"{_stable(k)}:{_stable(v)}" for k, v in obj.items())) + "}"
    if isinstance(obj, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(v) for v in obj)) + "}"
    if isinstance(obj, (list, tuple)):
        return "(" + ",".join(_stable(v) for v in obj) + ")"
    return repr(obj)


def disk_path(mobject) -> Path | None:
    """Where the parsed ``mobject``'s SVG is kept: named by its SVG file's bytes, how it is
    parsed (``hash_seed``) and :func:`_disk_salt`; None without a file to read."""
    try:
        svg = Path(mobject.get_file_path()).read_bytes()
    except (OSError, ValueError):
        return None
    how = _stable(mobject.hash_seed).encode()
    key = hashlib.sha256(_disk_salt() + how + b"\n" + svg).hexdigest()
    return Path(config.get_dir("media_dir")) / DISK_FOLDER / f"{key[:40]}.pickle.z"


def load_parsed(path: Path | None):
    """The kept mobject at ``path``, or None (missing, unreadable, from another version)."""
    if path is None:
        return None
    try:
        return pickle.loads(zlib.decompress(path.read_bytes()))
    except Exception:  # noqa: BLE001 (whatever is wrong with the file, parse the SVG again)
        return None


def without_paths(mobject):
    """A structural copy of ``mobject`` without the parsed svgelements paths its glyphs no
    longer need (read once, when the points were made): what is kept, in memory and on disk."""
    kept = structural_copy(mobject)
    for part in kept.get_family():
        if "path_obj" in part.__dict__:
            part.path_obj = None
    return kept


def keep_parsed(path: Path, kept) -> None:
    """Write ``kept`` (:func:`without_paths`) to ``path``, renamed into place so that a
    concurrent reader finds the whole file or none."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        data = zlib.compress(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 (a full disk, a read-only media dir, a class pickle
        # cannot name: the text is just parsed again next time)
        tmp.unlink(missing_ok=True)


def _init_svg_mobject(self, use_svg_cache: bool):
    """manim's SVGMobject.init_svg_mobject with the cached mobject copied by structural_copy,
    and parsed SVGs kept on disk between processes (:func:`disk_path`; for every SVG: its name
    covers everything its parse depends on, with manim's memory cache on or off)."""
    cached = None
    if use_svg_cache:
        hash_val = svg_mobject.hash_obj(self.hash_seed)
        cached = svg_mobject.SVG_HASH_TO_MOB_MAP.get(hash_val)
    where = None
    if cached is None:
        where = disk_path(self)
        loaded = load_parsed(where)
        if loaded is not None and not use_svg_cache:
            self.add(*loaded)
            self.id_to_vgroup_dict = loaded.id_to_vgroup_dict
            return self
        if loaded is not None:
            svg_mobject.SVG_HASH_TO_MOB_MAP[hash_val] = cached = loaded
    if cached is not None:
        mob = structural_copy(cached)
        self.add(*mob)
        self.id_to_vgroup_dict = mob.id_to_vgroup_dict
        return self
    self.generate_mobject()
    if use_svg_cache or where is not None:
        kept = without_paths(self)  # one copy for manim's memory cache and the disk
        if use_svg_cache:
            svg_mobject.SVG_HASH_TO_MOB_MAP[hash_val] = kept
        if where is not None:
            keep_parsed(where, kept)
    return self


def _as_itself(self, memo):
    return self


def parsed_svg_classes() -> list[type]:
    """svgelements' classes of parsed SVG content (shapes, path segments, points, matrices,
    colours...): every class the module defines."""
    return [c for c in vars(se).values()
            if isinstance(c, type) and c.__module__ == se.__name__
            and not issubclass(c, BaseException)]


def install() -> None:
    """Use :func:`structural_copy` for manim's in-memory SVG cache, and let ``deepcopy`` share
    parsed svgelements objects (once per process)."""
    global _installed
    if not _installed:
        svg_mobject.SVGMobject.init_svg_mobject = _init_svg_mobject
        svg_mobject.SVGMobject.get_mobjects_from = get_mobjects_from
        for cls in parsed_svg_classes():
            cls.__deepcopy__ = _as_itself
        _installed = True
