"""Manim's typesetting caches shared safely by processes that render at the same time.

Manim keeps the SVGs it typesets in the media dir, ``texts/`` (Pango, for Text) and ``Tex/``
(LaTeX, for MathTex), named by a hash of what they show, and reuses them. The workers of the
render pool (scenes/tools/pool.py) and the lines of a plan run on one machine share those
folders (media/<lang>-<theme>/), and the sections of one scene typeset the same words at the
same moment (a diagram every step of Architecture draws). Three places of manim 0.22 then
race, and :func:`install` makes each safe without changing what is drawn:

- ``SVGMobject.generate_mobject`` writes the styled SVG it parses to ``<hash>_.svg`` beside the
  original and deletes it: two processes write, parse and delete the same file (one fails with
  FileNotFoundError). Here the file's name carries the process and thread.
- Text's SVG is written by Pango straight to its final name, and every Text made of it
  rewrites the file in place (``PangoUtils.remove_last_M``: truncated, then written again),
  cached or not: another process reading it meanwhile finds an empty file (a ParseError).
  Here Pango writes beside the final name, the file is finished there (remove_last_M) and
  renamed into place (atomic), and remove_last_M writes only a file it changes, by renaming.
- MathTex writes ``<hash>.tex``, runs LaTeX and dvisvgm beside it and then deletes every file of
  ``Tex/`` that is not an SVG, another process's half-compiled files included. Here typesetting
  a formula (``tex_to_svg_file``) holds a lock on the folder (fcntl), so one process of the
  machine compiles in it at a time; a formula already typeset takes the lock only to look.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

_installed = False
LOCK_NAME = ".tviz-typeset.lock"


def _private(path: Path, tag: str) -> Path:
    """A name beside ``path`` that only this process and thread use."""
    return path.with_name(f"{path.stem}.{tag}.{os.getpid()}.{threading.get_ident()}{path.suffix}")


def generate_mobject(self):
    """manim's SVGMobject.generate_mobject, its styled copy of the SVG under a private name."""
    import svgelements as se
    from manim.constants import RIGHT
    from manim.mobject.svg.svg_mobject import ET

    file_path = self.get_file_path()
    element_tree = ET.parse(file_path)
    new_tree = self.modify_xml_tree(element_tree)
    modified_file_path = _private(file_path, "styled")
    new_tree.write(modified_file_path)
    try:
        svg = se.SVG.parse(modified_file_path)
    finally:
        modified_file_path.unlink(missing_ok=True)
    mobjects, mobject_dict = self.get_mobjects_from(svg)
    self.add(*mobjects)
    self.id_to_vgroup_dict = mobject_dict
    self.flip(RIGHT)
    return self


def settled(remove_last_m):
    """manimpango's ``PangoUtils.remove_last_M`` writing the file only if it changes it, and
    then by renaming a finished copy into place."""

    def finish(file_name: str) -> None:
        path = Path(file_name)
        content = path.read_text()
        done = LAST_M.sub('Z "/>', content)
        if done != content:
            tmp = _private(path, "settled")
            try:
                tmp.write_text(done)
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)

    finish.__wrapped__ = remove_last_m
    return finish


LAST_M = re.compile(r'Z M [^A-Za-z]*? "\/>')  # what PangoUtils.remove_last_M takes out


def atomic_svg(text2svg, finish=None):
    """``text2svg`` (manimpango's, which writes an SVG to the path it is given) writing beside
    the path, finishing the file there (``finish``: remove_last_M, which manim runs on it next)
    and renaming it into place."""

    def write(*args, **kwargs):
        args = list(args)
        where = [i for i, a in enumerate(args) if isinstance(a, str) and a.endswith(".svg")]
        key = next((k for k, v in kwargs.items() if isinstance(v, str) and v.endswith(".svg")),
                   None)
        if key is None and not where:
            return text2svg(*args, **kwargs)
        target = Path(kwargs[key] if key is not None else args[where[0]])
        tmp = _private(target, "part")
        if key is not None:
            kwargs[key] = str(tmp)
        else:
            args[where[0]] = str(tmp)
        try:
            text2svg(*args, **kwargs)
            if finish is not None:
                finish(str(tmp))
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return str(target)

    write.__wrapped__ = text2svg
    return write


@contextmanager
def folder_lock(folder: Path):
    """An exclusive lock (fcntl) on ``folder``, held by one process of the machine at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def locked_tex(tex_to_svg_file):
    """``tex_to_svg_file`` holding the lock of the Tex folder while it looks and compiles."""
    from manim import config

    def typeset(*args, **kwargs):
        with folder_lock(Path(config.get_dir("tex_dir"))):
            return tex_to_svg_file(*args, **kwargs)

    typeset.__wrapped__ = tex_to_svg_file
    return typeset


def install() -> None:
    """Put the three in place (once per process)."""
    global _installed
    if _installed:
        return
    import manimpango
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject, text_mobject
    from manim.utils import tex_file_writing

    SVGMobject.generate_mobject = generate_mobject
    finish = settled(text_mobject.PangoUtils.remove_last_M)
    text_mobject.PangoUtils.remove_last_M = staticmethod(finish)
    manimpango.text2svg = atomic_svg(manimpango.text2svg, finish)
    text_mobject.MarkupUtils.text2svg = staticmethod(
        atomic_svg(text_mobject.MarkupUtils.text2svg, finish))
    typeset = locked_tex(tex_file_writing.tex_to_svg_file)
    tex_file_writing.tex_to_svg_file = typeset
    tex_mobject.tex_to_svg_file = typeset
    _installed = True
