"""scenes.tools.typesetting: the shared Text and LaTeX caches written safely, the same mobjects."""

from __future__ import annotations

import fcntl
import multiprocessing
from pathlib import Path

import numpy as np
from manim import Text, tempconfig

from scenes.tools import typesetting


def test_text_is_drawn_as_before_and_leaves_no_file_behind(tmp_path):
    with tempconfig({"media_dir": str(tmp_path / "before")}):
        before = Text("注意力 attention", font_size=30)
    typesetting.install()
    typesetting.install()  # once is enough: a second call changes nothing
    with tempconfig({"media_dir": str(tmp_path / "after")}):
        after = Text("注意力 attention", font_size=30)
    a = [m.points for m in before.family_members_with_points()]
    b = [m.points for m in after.family_members_with_points()]
    assert len(a) == len(b) > 5 and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    written = sorted(p.name for p in (tmp_path / "after" / "texts").iterdir())
    assert len(written) == 1 and written[0].endswith(".svg") and "." not in written[0][:-4]


def test_a_svg_is_renamed_into_place(tmp_path):
    target = tmp_path / "abc.svg"
    seen = []

    def fake(settings, size, spacing, liga, file_name, *rest):
        seen.append(file_name)
        Path(file_name).write_text("<svg/>")
        return file_name

    assert typesetting.atomic_svg(fake)(None, 1, 1, False, str(target), 0, 0) == str(target)
    assert seen[0] != str(target) and Path(seen[0]).parent == tmp_path
    assert target.read_text() == "<svg/>" and [p.name for p in tmp_path.iterdir()] == ["abc.svg"]


def _try_lock(folder: str, out) -> None:
    with open(Path(folder) / typesetting.LOCK_NAME, "a") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            out.put("got it")
        except BlockingIOError:
            out.put("blocked")


def test_the_tex_folder_lock_keeps_other_processes_out(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    with typesetting.folder_lock(tmp_path):
        p = ctx.Process(target=_try_lock, args=(str(tmp_path), out))
        p.start()
        p.join(30)
        assert out.get(timeout=5) == "blocked"
    p = ctx.Process(target=_try_lock, args=(str(tmp_path), out))
    p.start()
    p.join(30)
    assert out.get(timeout=5) == "got it"


def test_remove_last_m_writes_a_file_only_when_it_changes_it(tmp_path):
    from manimpango import PangoUtils

    original = getattr(PangoUtils.remove_last_M, "__wrapped__", PangoUtils.remove_last_M)
    svg = '<svg><path d="M 1 2 L 3 4 Z M 5 6 "/></svg>\n'
    theirs, mine = tmp_path / "theirs.svg", tmp_path / "mine.svg"
    theirs.write_text(svg)
    mine.write_text(svg)
    original(str(theirs))
    typesetting.settled(original)(str(mine))
    assert mine.read_text() == theirs.read_text() == '<svg><path d="M 1 2 L 3 4 Z "/></svg>\n'
    inode = mine.stat().st_ino
    typesetting.settled(original)(str(mine))  # done already: the file is left as it is
    assert mine.stat().st_ino == inode and [p.name for p in sorted(tmp_path.iterdir())] == [
        "mine.svg", "theirs.svg"]
