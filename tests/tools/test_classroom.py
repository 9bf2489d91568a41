"""scenes.tools.classroom, and the driver around it: the decks and the lecture after the renders
(progress lines, only what is out of date), ``render --collect`` and the plan's carried
settings. Slow: the plan of a tiny selection run through GNU parallel on this machine, its
outputs checked as a user would get them (moov first, keyframes, LibreOffice Impress opening
every deck, the lecture's chapters and subtitle tracks)."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from scenes.kit import encoding
from scenes.tools import classroom, common, handout, mp4, player, render
from tests.tools import clips

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECS = [common.SceneSpec("alpha", "Alpha", "alpha"), common.SceneSpec("beta", "Beta", "beta")]


def fabricate(videos: Path) -> Path:
    folder = videos / "zh-dark"
    clips.scene(folder, "Alpha", 0, [5, 8], [["一。"], ["二。"]])
    clips.scene(folder, "Beta", 1, [6], [["三。"]])
    return folder


def lines(out: io.StringIO) -> list[str]:
    return [line.split(" after ")[0] for line in out.getvalue().splitlines()]


def test_make_writes_what_is_missing_or_older_than_its_inputs(tmp_path):
    folder = fabricate(tmp_path / "videos")
    out = io.StringIO()
    assert classroom.make(tmp_path / "videos", specs=SPECS, stream=out)
    assert lines(out)[:5] == [
        "Decks and lecture: 4 to write",
        "[1/4] zh-dark/Alpha.pptx: done",
        "[2/4] zh-dark/Beta.pptx: done",
        "[3/4] zh-dark/Lecture.mp4: done",
        "[4/4] zh-dark/Lecture.pptx: done",
    ]
    assert out.getvalue().splitlines()[-1].startswith("decks and lecture: ")
    assert " MB)" in out.getvalue().splitlines()[1]
    out = io.StringIO()
    assert classroom.make(tmp_path / "videos", specs=SPECS, stream=out)
    assert lines(out) == ["Decks and lecture: 0 to write, 4 up to date"]
    # a newer subtitle file of Beta: its deck and the lecture (video and deck) again
    later = (folder / "Lecture.pptx").stat().st_mtime + 5
    os.utime(folder / "Beta.srt", (later, later))
    out = io.StringIO()
    assert classroom.make(tmp_path / "videos", specs=SPECS, stream=out)
    assert lines(out)[:4] == ["Decks and lecture: 3 to write, 1 up to date",
                              "[1/3] zh-dark/Beta.pptx: done", "[2/3] zh-dark/Lecture.mp4: done",
                              "[3/3] zh-dark/Lecture.pptx: done"]
    out = io.StringIO()
    assert classroom.make(tmp_path / "videos", only=["en-dark"], specs=SPECS, stream=out)
    assert lines(out) == ["Decks and lecture: 0 to write"]


def test_a_failed_output_is_reported_and_the_others_written(tmp_path):
    folder = fabricate(tmp_path / "videos")
    (folder / "sections" / "Alpha.json").write_text("[{}]")
    out = io.StringIO()
    assert not classroom.make(tmp_path / "videos", specs=SPECS, stream=out)
    text = out.getvalue()
    assert "[1/4] zh-dark/Alpha.pptx: failed after" in text and "Alpha.json" in text
    assert (folder / "Beta.pptx").is_file() and not (folder / "Alpha.pptx").exists()


def test_plan_lines_carry_the_settings_of_the_environment(monkeypatch):
    jobs = render.make_jobs([common.SceneSpec("positional_encoding", "PositionalEncoding")],
                            ["en"], ["dark"], "l")
    monkeypatch.setenv("TVIZ_STEPS", "title,formula")
    monkeypatch.setenv("TVIZ_SENTENCE", "我 爱 学习")
    words = shlex.split(render.plan_lines(jobs)[0])
    assert words[:4] == ["TVIZ_STEPS=title,formula", "TVIZ_SENTENCE=我 爱 学习", "TVIZ_LANG=en",
                         "TVIZ_THEME=dark"]


def test_render_collect_gathers_the_plans_outputs_then_decks_lecture_and_player(
        monkeypatch, tmp_path, capsys):
    scenes_dir = tmp_path / "scenes"
    scenes_dir.mkdir()
    (scenes_dir / "alpha.py").write_text("class Alpha(LectureScene):\n    pass\n")
    monkeypatch.setattr(common, "SCENES_DIR", scenes_dir)
    monkeypatch.setattr(render, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(render, "run_jobs", lambda *a: pytest.fail("--collect renders nothing"))
    # the numbers files and handouts build the real scenes (tests/tools/test_handout.py)
    monkeypatch.setattr(handout, "after_render", lambda pairs, n, videos: True)
    media = tmp_path / "media" / "zh-dark" / "videos" / "alpha" / "480p15"
    clips.scene(media, "Alpha", 0, [5, 8], [["一。"], ["二。"]])
    assert render.main(["--collect", "--langs", "zh", "--quality", "l"]) == 0
    out = capsys.readouterr().out
    assert "[1/1] collect zh-dark-Alpha: done" in out and "[3/3] zh-dark/Lecture.pptx" in out
    folder = tmp_path / "videos" / "zh-dark"
    assert all(mp4.moov_first(v) for v in [folder / "Alpha.mp4", *folder.glob("sections/*.mp4")])
    page = (tmp_path / "videos" / "index.html").read_text(encoding="utf-8")
    lib = json.loads(re.search(r'id="library">(.*?)</script>', page, re.DOTALL)[1])
    (scene,) = lib["folders"][0]["scenes"]  # the lecture is no scene
    assert scene["deck"] == "zh-dark/Alpha.pptx"
    assert lib["folders"][0]["lecture"]["video"] == "zh-dark/Lecture.mp4"
    assert lib["folders"][0]["lecture"]["deck"] == "zh-dark/Lecture.pptx"


def test_render_collect_reports_what_the_plan_did_not_render(monkeypatch, tmp_path, capsys):
    scenes_dir = tmp_path / "scenes"
    scenes_dir.mkdir()
    (scenes_dir / "alpha.py").write_text("class Alpha(LectureScene):\n    pass\n")
    monkeypatch.setattr(common, "SCENES_DIR", scenes_dir)
    monkeypatch.setattr(render, "REPO_ROOT", tmp_path)
    assert render.main(["--collect", "--langs", "zh", "--quality", "l"]) == 1
    out = capsys.readouterr().out
    assert "collect zh-dark-Alpha: failed (not rendered: no " in out
    assert "videos/alpha/480p15/Alpha.mp4 (run its line of --plan, with the same --quality)" in out


# ---------------------------------------------------------------- the plan through GNU parallel

STEP = "formula"  # one step of PositionalEncoding, chosen by TVIZ_STEPS where the plan is made


def _need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: make test installs the Debian package {package} "
                    "(scripts/setup-system.sh --test)")
    return path


@pytest.fixture(scope="module")
def through_parallel(tmp_path_factory):
    """A copy of the repo's layout (links to scenes/, assets/, manim.cfg, .venv) in which the
    plan for PositionalEncoding, -ql, zh and en, one step, runs through GNU parallel: its
    section lines, then its join lines; then collected, with its decks and lecture. Returns
    (root, plan lines)."""
    _need("parallel", "parallel")
    root = tmp_path_factory.mktemp("parallel")
    for name in ("scenes", "assets", "manim.cfg", ".venv"):
        (root / name).symlink_to(REPO_ROOT / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TVIZ_")}
    plan = subprocess.run(
        [sys.executable, "-m", "scenes", "render", "--plan", "--scenes", "PositionalEncoding",
         "--langs", "zh,en", "--quality", "l"], cwd=REPO_ROOT, env={**env, "TVIZ_STEPS": STEP},
        capture_output=True, text=True, check=True).stdout
    lines = plan.splitlines()
    (root / "sections.txt").write_text("".join(f"{x}\n" for x in lines if " join " not in x))
    (root / "joins.txt").write_text("".join(f"{x}\n" for x in lines if " join " in x))
    # -S 2/: is "this machine, two jobs at once": the sshlogin form a cluster's hosts take
    for stage in ("sections", "joins"):
        subprocess.run(["parallel", "--will-cite", "-S", "2/:", "--halt", "now,fail=1",
                        "--joblog", str(root / f"{stage}.log")],
                       stdin=(root / f"{stage}.txt").open(), cwd=root, env=env, check=True,
                       capture_output=True)
    jobs = render.make_jobs([common.SceneSpec("positional_encoding", "PositionalEncoding",
                                              "positional_encoding")], ["zh", "en"], ["dark"], "l")
    assert render.collect_jobs(jobs, root)
    assert classroom.make(root / "videos", stream=io.StringIO())
    return root, plan.splitlines()


@pytest.mark.slow
def test_the_plan_names_the_step_and_ran_through_parallel(through_parallel):
    root, plan = through_parallel
    assert len(plan) == 4 and not any("TVIZ_STEPS" in line for line in plan)
    assert all(line.endswith(f" 02-{STEP} --last") for line in plan[:2])  # a section each
    assert all(line.endswith(f" join -ql positional_encoding:PositionalEncoding 02-{STEP}")
               for line in plan[2:])
    for stage in ("sections", "joins"):
        log = (root / f"{stage}.log").read_text().splitlines()
        assert len(log) == 3 and all(row.split("\t")[6] == "0" for row in log[1:])  # Exitval
    index = json.loads((root / "videos" / "zh-dark" / "sections" /
                        "PositionalEncoding.json").read_text())
    assert [e["name"] for e in index] == [f"02-{STEP}"]


@pytest.mark.slow
def test_every_collected_mp4_is_web_ready(through_parallel):
    root, _ = through_parallel
    videos = sorted((root / "videos").rglob("*.mp4"))
    assert len(videos) == 2 * (1 + 1 + 1)  # per language: the scene, its clip, the lecture
    for video in videos:
        assert mp4.moov_first(video), video
        assert mp4.check_web_ready(video) == [], video
        gaps = mp4.keyframe_gaps(video)
        assert max(gaps) <= encoding.KEYFRAME_SECONDS + 1e-6, (video, gaps)


@pytest.mark.slow
def test_the_lecture_has_its_chapter_and_both_subtitle_tracks(through_parallel):
    root, _ = through_parallel
    lecture = root / "videos" / "zh-dark" / "Lecture.mp4"
    info = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_streams", "-of", "json",
         str(lecture)], capture_output=True, text=True, check=True).stdout)
    title = player.scene_title("PositionalEncoding", "positional_encoding", "zh",
                               player.catalogue())
    assert [c["tags"]["title"] for c in info["chapters"]] == [title]
    subs = [(s["codec_name"], s["tags"]["language"]) for s in info["streams"]
            if s["codec_type"] == "subtitle"]
    assert subs == [("mov_text", "chi"), ("mov_text", "eng")]


def _pdf(deck: Path, out: Path) -> Path:
    """The deck converted to PDF by LibreOffice Impress, headless, with a profile of its own."""
    soffice = _need("soffice", "libreoffice-impress-nogui")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(out), str(deck)],
                   check=True, capture_output=True, timeout=300)
    pdf = out / f"{deck.stem}.pdf"
    assert pdf.is_file(), f"LibreOffice wrote no {pdf.name}"
    return pdf


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def _page_image(pdf: Path, page: int, width: int) -> np.ndarray:
    prefix = pdf.with_name(f"{pdf.stem}-page{page}")
    subprocess.run(["pdftoppm", "-png", "-f", str(page), "-l", str(page), "-scale-to-x",
                    str(width), "-scale-to-y", "-1", "-singlefile", str(pdf), str(prefix)],
                   check=True)
    return np.asarray(Image.open(f"{prefix}.png").convert("RGB")).astype(int)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["PositionalEncoding", "Lecture"])
def test_libreoffice_opens_every_deck_and_shows_the_posters(through_parallel, tmp_path, lang,
                                                            name):
    root, _ = through_parallel
    deck = root / "videos" / f"{lang}-dark" / f"{name}.pptx"
    prs = Presentation(str(deck))
    pdf = _pdf(deck, tmp_path)
    assert _pages(pdf) == len(prs.slides)
    # the last page is the section slide: it shows the clip's last frame (the poster)
    slide = list(prs.slides)[-1]
    (movie,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
    blob = slide.part.related_part(movie._element.xpath(".//a:blip/@r:embed")[0]).blob
    poster = Image.open(io.BytesIO(blob)).convert("RGB")
    page = _page_image(pdf, len(prs.slides), poster.width)
    h = min(page.shape[0], poster.height)
    diff = np.abs(page[:h] - np.asarray(poster).astype(int)[:h]).mean()
    assert diff < 6, diff  # the same picture, resampled and compressed into the PDF
    # and not just a dark page: the poster has content, and so has the page
    assert np.asarray(poster).std() > 10 and page.std() > 10
