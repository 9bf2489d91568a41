"""scenes.tools.doctor: the command line that prints the kit's machine checks."""

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.tools import doctor

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_doctor_loads_the_checks_without_manim():
    code = (
        "import sys\n"
        "from scenes.tools import doctor\n"
        "assert doctor.system().CJK_FONT\n"
        "loaded = [m for m in ('manim', 'manimpango', 'scenes.kit') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_doctor_uses_the_kit_module_once_the_kit_is_loaded():
    from scenes.kit import system

    assert doctor.system() is system


def test_main_exit_code_and_lines(monkeypatch, capsys):
    system = doctor.system()
    results = [
        system.CheckResult("good", True, "here"),
        system.CheckResult("bad", False, "gone", "sudo apt-get install thing"),
    ]
    monkeypatch.setattr(system, "checks", lambda: results)
    assert doctor.main() == 1
    out = capsys.readouterr().out
    assert "OK       good" in out
    assert "MISSING  bad: gone" in out and "sudo apt-get install thing" in out
    monkeypatch.setattr(system, "checks", lambda: results[:1])
    assert doctor.main() == 0
    assert "All checks passed." in capsys.readouterr().out


def test_require_stops_naming_the_failed_check(monkeypatch):
    system = doctor.system()
    monkeypatch.setattr(system, "checks", lambda: [system.CheckResult("bad", False, "gone", "x")])
    monkeypatch.setattr(system, "_results", None)
    with pytest.raises(SystemExit, match="bad: gone"):
        doctor.require()


def test_cli_exits_1_when_a_check_fails(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("ffmpeg", "ffprobe"):  # no latex, kpsewhich or dvisvgm
        script = bin_dir / name
        script.write_text("#!/bin/sh\nexit 0\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    done = subprocess.run([sys.executable, "-m", "scenes", "doctor"], cwd=REPO_ROOT,
                          env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "MISSING  LaTeX (MathTex): `latex` is not on PATH" in done.stdout
    assert "MISSING  dvisvgm" in done.stdout and "check(s) failed." in done.stdout
