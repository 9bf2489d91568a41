"""scenes.kit.system: each check reports what is missing and how to fix it."""

import os
import stat
from pathlib import Path

import pytest

from scenes.kit import system


def _fake_bin(tmp_path: Path, names: list[str], kpsewhich_finds: list[str] | None = None) -> Path:
    """A directory of stand-in executables; kpsewhich prints paths for the files it 'finds'."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in names:
        script = bin_dir / name
        if name == "kpsewhich":
            found = kpsewhich_finds or []
            lines = "".join(f'  {f}) echo "/tex/{f}" ;;\n' for f in found)
            script.write_text(f'#!/bin/sh\nfor a in "$@"; do case "$a" in\n{lines}esac; done\n')
        else:
            script.write_text("#!/bin/sh\nexit 0\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir


@pytest.fixture
def all_fonts(monkeypatch):
    monkeypatch.setattr(system, "_list_fonts", lambda: frozenset({system.CJK_FONT, "DejaVu Sans"}))


def test_missing_font_is_reported(monkeypatch):
    monkeypatch.setattr(system, "_list_fonts", lambda: frozenset({"DejaVu Sans"}))
    r = system.check_cjk_font()
    assert not r.ok
    assert system.CJK_FONT in r.detail
    assert "fonts-noto-cjk" in r.fix


def test_present_font_passes(all_fonts):
    assert system.check_cjk_font().ok


def test_font_list_failure_is_reported(monkeypatch):
    def broken():
        raise ImportError("No module named 'manimpango'")

    monkeypatch.setattr(system, "_list_fonts", broken)
    r = system.check_cjk_font()
    assert not r.ok and "manimpango" in r.detail and "make setup" in r.fix


def test_missing_binaries_are_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(_fake_bin(tmp_path, ["ffmpeg"])))
    latex, dvisvgm, ffmpeg = system.check_latex(), system.check_dvisvgm(), system.check_ffmpeg()
    assert not latex.ok and "latex" in latex.detail and "texlive-latex-base" in latex.fix
    assert not dvisvgm.ok and "dvisvgm" in dvisvgm.fix
    assert not ffmpeg.ok and ffmpeg.detail == "`ffprobe` not on PATH"
    assert "apt-get install ffmpeg" in ffmpeg.fix


def test_binaries_present_pass(tmp_path, monkeypatch):
    bin_dir = _fake_bin(
        tmp_path,
        ["latex", "kpsewhich", "dvisvgm", "ffmpeg", "ffprobe"],
        kpsewhich_finds=list(system.TEX_FILES),
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    assert system.check_latex().ok
    assert system.check_dvisvgm().ok


def test_missing_tex_file_is_named(tmp_path, monkeypatch):
    bin_dir = _fake_bin(
        tmp_path, ["latex", "kpsewhich"], kpsewhich_finds=["preview.sty", "amsmath.sty"]
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    r = system.check_latex()
    assert not r.ok
    assert "standalone.cls" in r.detail and "preview.sty" not in r.detail
    assert "texlive-latex-extra" in r.fix


def test_media_dir_created_and_unwritable_reported(tmp_path):
    target = tmp_path / "a" / "media"
    assert system.check_media_dir(target).ok
    assert target.is_dir()
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("not a dir")
        r = system.check_media_dir(blocker / "media")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        r = system.check_media_dir(locked / "media")
    assert not r.ok and "not writable" in r.detail


def test_require_raises_naming_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(_fake_bin(tmp_path, ["ffmpeg", "ffprobe"])))
    monkeypatch.setattr(system, "_list_fonts", lambda: frozenset({"DejaVu Sans"}))
    monkeypatch.setattr(system, "_results", None)
    with pytest.raises(SystemExit) as exc:
        system.require()
    message = str(exc.value.code)
    assert system.CJK_FONT in message
    assert "fonts-noto-cjk" in message
    assert "dvisvgm" in message
    assert "latex" in message


def test_require_caches_and_passes(monkeypatch):
    calls = []
    ok = [system.CheckResult("x", True, "fine")]
    monkeypatch.setattr(system, "checks", lambda: calls.append(1) or ok)
    monkeypatch.setattr(system, "_results", None)
    system.require()
    system.require()
    assert calls == [1]


def test_the_theme_font_is_the_checked_font():
    from scenes.kit import theme

    assert theme.FONT == system.CJK_FONT
