"""scenes.tools.render: plan, subtitles, progress, collecting, option validation (no rendering)."""

import io
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.tools import common, mp4, render

REPO_ROOT = Path(__file__).resolve().parents[2]


def _jobs(langs=("zh", "en"), themes=("dark",), quality="h"):
    scenes = [render.SceneSpec("positional_encoding", "PositionalEncoding")]
    return render.make_jobs(scenes, list(langs), list(themes), quality)


def test_plan_lines():
    lines = render.plan_lines(_jobs(themes=("dark", "light"), quality="l"))
    assert len(lines) == 4
    first = shlex.split(lines[0])
    assert first[:2] == ["TVIZ_LANG=zh", "TVIZ_THEME=dark"]
    assert first[3:] == [
        "-m",
        "manim",
        "render",
        "-ql",
        "--save_sections",
        "--media_dir",
        "media/zh-dark",
        "scenes/positional_encoding.py",
        "PositionalEncoding",
    ]
    media_dirs = [shlex.split(line)[9] for line in lines]
    assert media_dirs == ["media/zh-dark", "media/zh-light", "media/en-dark", "media/en-light"]


def test_plan_cli_uses_real_discovery(monkeypatch, capsys, fake_scenes):
    monkeypatch.setattr(common, "SCENES_DIR", fake_scenes)
    assert render.main(["--plan", "--scenes", "Beta,alpha", "--langs", "en", "--quality", "m"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [shlex.split(x)[-1] for x in lines] == ["Beta", "AlphaMain", "AlphaVariant", "Dotted"]
    assert all(x.startswith("TVIZ_LANG=en TVIZ_THEME=dark ") and " -qm " in x for x in lines)


SRT = (
    "1\r\n00:00:00,000 --> 00:00:02,500\r\n第一句，有逗号, here\r\n\r\n"
    "2\r\n00:01:03,040 --> 01:00:00,001\r\nsecond line\r\ntwo rows\r\n"
)


def test_srt_to_vtt():
    vtt = render.srt_to_vtt(SRT)
    assert vtt == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:02.500\n第一句，有逗号, here\n\n"
        "2\n00:01:03.040 --> 01:00:00.001\nsecond line\ntwo rows\n"
    )


def test_srt_to_vtt_empty():
    assert render.srt_to_vtt("") == "WEBVTT\n"


def _run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "scenes", "render", "--plan", *args],
        cwd=REPO_ROOT,
        check=False,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "args, named, accepted",
    [
        (["--langs", "zh,fr"], "'fr'", "zh, en"),
        (["--themes", "sepia"], "'sepia'", "dark, light"),
        (["--quality", "x"], "'x'", "'l', 'm', 'h', 'k'"),
    ],
)
def test_bad_option_values_exit_2(args, named, accepted):
    result = _run_cli(*args)
    assert result.returncode == 2
    assert named in result.stderr and accepted in result.stderr


def test_unknown_scene_exits_2(monkeypatch, capsys, fake_scenes):
    monkeypatch.setattr(common, "SCENES_DIR", fake_scenes)
    with pytest.raises(SystemExit) as exc:
        render.main(["--plan", "--scenes", "NoSuchScene"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "'NoSuchScene'" in err and "AlphaMain" in err and "Beta" in err


def test_bad_jobs_exits_2(monkeypatch, fake_scenes):
    monkeypatch.setattr(common, "SCENES_DIR", fake_scenes)
    with pytest.raises(SystemExit) as exc:
        render.main(["--plan", "--jobs", "0"])
    assert exc.value.code == 2


def test_progress_plain_lines():
    jobs = _jobs()
    out = io.StringIO()
    progress = render.Progress(jobs, out, tty=False)
    jobs[0].status, jobs[0].start = "running", 0.0
    progress.event(jobs[0])
    jobs[0].status, jobs[0].end = "failed", 3.0
    jobs[0].note = "exit 1"
    progress.event(jobs[0])
    assert out.getvalue().splitlines() == [
        "[0/2] zh-dark-PositionalEncoding: running",
        "[1/2] zh-dark-PositionalEncoding: failed after 3.0s (exit 1)",
    ]


def _fake_manim_outputs(root: Path, job: render.Job, sections: list[str]) -> Path:
    src = root / job.media_dir / "videos" / job.scene.module / render.QUALITY_DIRS[job.quality]
    (src / "sections").mkdir(parents=True)
    lavfi = "color=c=red:s=320x180:d=1"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            lavfi,
            "-pix_fmt",
            "yuv420p",
            str(src / f"{job.scene.cls}.mp4"),
        ],
        check=True,
    )
    (src / f"{job.scene.cls}.srt").write_text("1\n00:00:00,000 --> 00:00:00,500\nhi\n")
    index = []
    for i, name in enumerate(sections):
        clip = f"{job.scene.cls}_{i:04}_{name}.mp4"
        shutil.copyfile(src / f"{job.scene.cls}.mp4", src / "sections" / clip)
        index.append({"name": name, "video": clip})
    (src / "sections" / "PositionalEncoding_0009_stale.mp4").write_bytes(b"stale")
    (src / "sections" / f"{job.scene.cls}.json").write_text(json.dumps(index))
    return src


@pytest.mark.skipif(
    not all(__import__("shutil").which(t) for t in ("ffmpeg", "ffprobe")), reason="needs ffmpeg"
)
def test_collect(tmp_path):
    job = _jobs(quality="l")[0]
    _fake_manim_outputs(tmp_path, job, ["intro", "formula"])
    dst = render.collect(job, tmp_path)
    assert dst == tmp_path / "videos" / "zh-dark"
    names = sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file())
    assert names == [
        "PositionalEncoding.mp4",
        "PositionalEncoding.png",
        "PositionalEncoding.srt",
        "PositionalEncoding.vtt",
        "sections/PositionalEncoding.json",
        "sections/PositionalEncoding_0000_intro.mp4",
        "sections/PositionalEncoding_0001_formula.mp4",
    ]
    assert (dst / "PositionalEncoding.vtt").read_text().startswith("WEBVTT\n\n1\n00:00:00.000")
    # manim writes moov after mdat; every collected MP4 has it first, its packets unchanged
    src = tmp_path / job.media_dir / "videos" / job.scene.module / "480p15"
    assert not mp4.moov_first(src / "PositionalEncoding.mp4")
    for video in [dst / "PositionalEncoding.mp4", *dst.glob("sections/*.mp4")]:
        assert mp4.moov_first(video), video
    assert mp4.keyframe_times(dst / "PositionalEncoding.mp4") == \
        mp4.keyframe_times(src / "PositionalEncoding.mp4")
    width = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=width",
            "-of",
            "csv=p=0",
            str(dst / "PositionalEncoding.png"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert width == "480"


def test_progress_tty_redraws_in_place():
    jobs = _jobs()
    out = io.StringIO()
    progress = render.Progress(jobs, out, tty=True)
    progress.draw()
    jobs[0].status, jobs[0].start = "running", 0.0
    progress.event(jobs[0])
    text = out.getvalue()
    assert text.count("\x1b[2K") == 4  # two rows, drawn twice
    assert "\x1b[2F" in text  # cursor back up over the two rows before the redraw
    assert "waiting" in text and "running" in text


def test_run_jobs_continues_past_failure(tmp_path, monkeypatch):
    jobs = render.make_jobs(
        [render.SceneSpec("m", "Bad"), render.SceneSpec("m", "Good")], ["zh"], ["dark"], "l"
    )

    def fake_argv(self, python=sys.executable):
        if self.scene.cls == "Bad":
            return [python, "-c", "print('line one'); print('boom'); raise SystemExit(3)"]
        return [python, "-c", "import os; print(os.environ['TVIZ_LANG'])"]

    collected = []
    monkeypatch.setattr(render.Job, "argv", fake_argv)
    monkeypatch.setattr(render, "collect", lambda job, root: collected.append(job.name))
    out = io.StringIO()
    assert render.run_jobs(jobs, 2, root=tmp_path, stream=out) is False
    assert [j.status for j in jobs] == ["failed", "done"]
    assert jobs[0].returncode == 3 and collected == ["zh-dark-Good"]
    assert (tmp_path / "media/logs/zh-dark-Bad.log").read_text() == "line one\nboom\n"
    assert (tmp_path / "media/logs/zh-dark-Good.log").read_text() == "zh\n"
    assert "boom" in out.getvalue()  # the failed job's log tail is shown
    table = render.summary(jobs)
    assert "1 done, 1 failed" in table and "media/logs/zh-dark-Bad.log" in table
