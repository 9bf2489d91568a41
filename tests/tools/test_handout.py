"""scenes.tools.handout: the printable handouts and the player's numbers panel.

Fast tests check the page's HTML from a fabricated videos/ folder (subtitles by section, running
text, the numbers tables, escaping, missing files), the player's data and the driver's step.
The slow test prints a real PDF with headless Chromium from a dry build's numbers file and real
clips, and looks at it with poppler (pdfinfo, pdftotext, pdftoppm).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.tools import handout, numbers, player, render
from scenes.tools.common import SceneSpec
from tests.tools.test_player import SPECS as PLAYER_SPECS
from tests.tools.test_player import STRINGS as PLAYER_STRINGS
from tests.tools.test_player import _wait, browser, real_tree  # noqa: F401 (fixtures)

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC = SceneSpec("positional_encoding", "PositionalEncoding", "positional_encoding")
TEXTS = handout.ui("en")


def doc_of(lang="zh") -> dict:
    """A numbers file of three sections: none, a matrix and a text, a drawing."""
    return {
        "scene": "PositionalEncoding", "topic": "positional_encoding", "title": "位置编码",
        "lang": lang, "theme": "dark", "sentence": "我 爱 学习", "inputs": "k",
        "sections": [
            {"name": "00-title", "title": "位置编码", "records": []},
            {"name": "01-order", "title": "为什么要注入顺序", "records": [
                {"name": "order.out", "shape": [2, 8], "origin": "scenes.reference.permutation_check",
                 "drawn": False, "numbers": [
                     {"index": [0, j], "text": f"0.{j}0", "value": j / 10 + 1e-9}
                     for j in range(8)]},
                {"name": "subtitle:positional_encoding.order.say2", "shape": [2],
                 "origin": None, "drawn": False, "numbers": [
                     {"key": "n", "index": [0], "text": "3", "value": 3.0,
                      "origin": "settings.sentence: <its> words"},
                     {"key": "d", "index": [1], "text": "32", "value": 32.0,
                      "origin": "model.config.d_model"}]},
                {"name": "positional_encoding.order.shape", "shape": [1], "origin":
                 "model.config.d_model", "drawn": False, "numbers": [
                     {"key": "d", "index": [0], "text": "32", "value": 32.0}]}]},
            {"name": "02-waves", "title": "正弦波", "records": [
                {"name": "waves.dim0", "shape": [2, 40], "origin": "scenes.reference.pe_curve",
                 "drawn": True, "numbers": []}]},
        ]}


DURATIONS = [2.0, 3.0, 1.5]
SRT = ("1\n00:00:00,000 --> 00:00:01,900\n位置编码\n\n"
       "2\n00:00:02,000 --> 00:00:03,500\n把 Query\n和 Key 相乘，\n\n"
       "3\n00:00:03,500 --> 00:00:05,200\n得到 3 个分数。\n\n"
       "4\n00:00:05,100 --> 00:00:06,400\n最后<一节>\n")


def fabricate(videos: Path, clip: Path | None = None, lang: str = "zh") -> Path:
    """videos/<lang>-dark/ as the driver leaves it for PositionalEncoding: the numbers file, the
    subtitles, the section index and its clips (copies of ``clip``, or fake bytes)."""
    folder = videos / f"{lang}-dark"
    (folder / "sections").mkdir(parents=True)
    entries = []
    for i, (section, d) in enumerate(zip(doc_of(lang)["sections"], DURATIONS, strict=True)):
        video = f"PositionalEncoding_{i:04d}_{section['name']}.mp4"
        entries.append({"name": section["name"], "video": video, "duration": f"{d:.6f}"})
        target = folder / "sections" / video
        if clip is None:
            target.write_bytes(b"not a clip")
        else:
            shutil.copyfile(clip, target)
    (folder / "sections" / "PositionalEncoding.json").write_text(json.dumps(entries))
    (folder / "PositionalEncoding.srt").write_text(SRT, encoding="utf-8")
    (folder / f"PositionalEncoding{numbers.SUFFIX}").write_text(
        numbers.dumps(doc_of(lang)), encoding="utf-8")
    (folder / "PositionalEncoding.mp4").write_bytes(clip.read_bytes() if clip else b"no mp4")
    return folder


# ---------------------------------------------------------------- texts


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_ui_text_has_zh_and_en_with_the_same_placeholders():
    table = handout.ui_text()
    assert {"handout", "numbers", "col_origin", "drawn", "more"} <= set(table)
    for key, texts in table.items():
        assert set(texts) == {"zh", "en"} and all(texts.values()), key
        assert _fields(texts["zh"]) == _fields(texts["en"]), key


# ---------------------------------------------------------------- subtitles


def test_a_cue_belongs_to_the_section_it_starts_in():
    cues = player.parse_subtitles(SRT)
    assert handout.section_cues(cues, DURATIONS) == [
        ["位置编码"], ["把 Query\n和 Key 相乘，", "得到 3 个分数。"], ["最后<一节>"]]
    assert handout.section_cues([], DURATIONS) == [[], [], []]
    assert handout.section_cues([(9.0, 9.5, "late")], DURATIONS) == [[], [], ["late"]]


@pytest.mark.parametrize("texts,lang,expected", [
    (["把 Query\n和 Key 相乘，", "得到 3 个分数。"], "zh", "把 Query 和 Key 相乘，得到 3 个分数。"),
    (["每个词", "都看一看", "Q 和 K"], "zh", "每个词都看一看 Q 和 K"),
    (["例句有 3", "个词。", "然后"], "zh", "例句有 3 个词。然后"),
    (["Each word's query\nmeets every key,", "and the scores", "follow."], "en",
     "Each word's query meets every key, and the scores follow."),
    ([], "en", ""),
])
def test_running_text(texts, lang, expected):
    assert handout.running_text(texts, lang) == expected


# ---------------------------------------------------------------- tables


def test_table_rows():
    rows = handout.table_rows(doc_of()["sections"][1], "positional_encoding", TEXTS)
    assert rows[0] == {"name": "order.out", "shown": "0.00  0.10  0.20  0.30  0.40  0.50 … 2 more",
                       "exact": "1e\u221209  0.100000001 \u2026",
                       "origin": "scenes.reference.permutation_check"}
    # the two placeholders of the subtitle, each with its own origin; the caption's d is the
    # same number from the same place: one row with both names
    assert rows[1:] == [
        {"name": "order.say2 \u00b7 n", "shown": "3", "exact": "3",
         "origin": "settings.sentence: <its> words"},
        {"name": "order.say2 \u00b7 d, order.shape \u00b7 d", "shown": "32", "exact": "32",
         "origin": "model.config.d_model"}]
    drawn = handout.table_rows(doc_of()["sections"][2], "positional_encoding", TEXTS)
    assert drawn == [{"name": "waves.dim0", "shown": "drawn as colours or curves (2\u00d740)",
                      "exact": "", "origin": "scenes.reference.pe_curve"}]
    assert handout.table_rows(doc_of()["sections"][0], "positional_encoding", TEXTS) == []


def test_rows_put_together_what_one_name_or_one_source_shows():
    def rec(name, texts, origin="o", drawn=False, shape=(1,)):
        return {"name": name, "shape": list(shape), "origin": origin, "drawn": drawn,
                "numbers": [{"index": [], "text": t, "value": float(t)} for t in texts]}

    section = {"records": [
        rec("t.waves.x_axis", ["0"]), rec("t.waves.x_axis", ["10"]),  # an axis, a Num a tick
        rec("t.w_q", [], "params", True, (4, 4)), rec("t.w_k", [], "params", True, (4, 4)),
        rec("t.w_v", [], "params", True, (4, 4)), rec("t.w_o", [], "params", True, (4, 4)),
        rec("t.other", ["0"], "p")]}
    assert handout.table_rows(section, "t", TEXTS) == [
        {"name": "waves.x_axis", "shown": "0  10", "exact": "0  10", "origin": "o"},
        {"name": "w_q, w_k, w_v \u2026", "shown": "drawn as colours or curves (4\u00d74)",
         "exact": "", "origin": "params"},
        {"name": "other", "shown": "0", "exact": "0", "origin": "p"}]


def test_short_names_and_exact_values():
    assert handout.short_name("subtitle:lora.idea.say1", "lora") == "idea.say1"
    assert handout.short_name("lora.idea.dims", "lora") == "idea.dims"
    assert handout.short_name("idea.ranks", "lora") == "idea.ranks"
    assert handout.exact(-0.5514614985793825) == "\u22120.5514614986"
    assert handout.exact(63501.0) == "63501" and handout.exact(2.2e-16) == "2.2e\u221216"


# ---------------------------------------------------------------- the page


def test_page_of_a_fabricated_folder(tmp_path):
    folder = fabricate(tmp_path / "videos")
    found = handout.inputs_of(folder, "PositionalEncoding")
    doc = numbers.read(found["numbers"])
    texts = handout.ui("zh")
    stills = {"00-title": b"\xff\xd8jpeg", "02-waves": b"\xff\xd8jpeg2"}
    sections = handout.handout_sections(doc, found, stills, texts)
    assert [s["name"] for s in sections] == ["00-title", "01-order", "02-waves"]
    assert sections[1]["narration"] == "把 Query 和 Key 相乘，得到 3 个分数。"
    assert sections[1]["still"] is None and sections[0]["still"].startswith("data:image/jpeg;")
    html = handout.page(doc, sections, texts)
    assert '<html lang="zh-CN">' in html and "<title>位置编码 · 讲义</title>" in html
    assert not re.search(r"__[A-Z0-9]+__", html)  # every placeholder of the template filled
    assert html.count('<section class="sec"') == 3
    for s in doc["sections"]:
        assert s["title"] in html
    assert "最后&lt;一节&gt;" in html and "&lt;its&gt; words" in html  # escaped
    assert texts["no_still"] in html and texts["no_numbers"] in html
    assert html.count("<tr>") == 1 + 3 + 1 + 1  # heads and rows of two tables
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from the network
    assert "例句：我 爱 学习" in html
    en = handout.page(dict(doc, lang="en"), sections, TEXTS)
    assert '<html lang="en">' in en and "Numbers in this section" in en


def test_missing_inputs_are_named(tmp_path):
    folder = fabricate(tmp_path / "videos")
    (folder / f"PositionalEncoding{numbers.SUFFIX}").unlink()
    with pytest.raises(handout.HandoutError, match="python -m scenes numbers"):
        handout.inputs_of(folder, "PositionalEncoding")
    folder = fabricate(tmp_path / "other")
    (folder / "sections" / "PositionalEncoding.json").unlink()
    with pytest.raises(handout.HandoutError, match="render the scene with its sections"):
        handout.inputs_of(folder, "PositionalEncoding")
    folder = fabricate(tmp_path / "third")
    doc = doc_of()
    doc["sections"] = doc["sections"][:2]  # the video has a section the file does not
    (folder / f"PositionalEncoding{numbers.SUFFIX}").write_text(numbers.dumps(doc))
    found = handout.inputs_of(folder, "PositionalEncoding")
    with pytest.raises(handout.HandoutError, match="'02-waves'.*numbers --force"):
        handout.handout_sections(doc, found, {}, TEXTS)


def test_the_key_changes_with_the_inputs(tmp_path):
    folder = fabricate(tmp_path / "videos")
    key = handout.inputs_key(handout.inputs_of(folder, "PositionalEncoding"))
    assert key == handout.inputs_key(handout.inputs_of(folder, "PositionalEncoding"))
    (folder / "PositionalEncoding.srt").write_text(SRT + "\n", encoding="utf-8")
    assert handout.inputs_key(handout.inputs_of(folder, "PositionalEncoding")) != key


def test_page_count():
    pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>>\n2 0 obj <</Type /Page>>\n" \
          b"3 0 obj <</Type/Page /Parent 1 0 R>>\n"
    path = Path(__file__).parent / ".pages.pdf"
    try:
        path.write_bytes(pdf)
        assert handout.page_count(path) == 2
    finally:
        path.unlink()


# ---------------------------------------------------------------- the player


def test_the_player_links_the_files_and_embeds_each_sections_numbers(tmp_path):
    videos = tmp_path / "videos"
    fabricate(videos)
    (videos / "zh-dark" / "PositionalEncoding.pdf").write_bytes(b"%PDF")
    specs = [SPEC]
    lib = player.library(videos, specs)
    scene = lib["folders"][0]["scenes"][0]
    assert scene["handout"] == "zh-dark/PositionalEncoding.pdf"
    assert scene["numbers"] == f"zh-dark/PositionalEncoding{numbers.SUFFIX}"
    rows = [s["numbers"] for s in scene["sections"]]
    texts = handout.ui("zh")
    assert rows[0] == [] and rows[2][0][1] == texts["drawn"].format(shape="2\u00d740")
    assert rows[1] == [[r["name"], r["shown"], r["exact"], r["origin"]] for r in
                       handout.table_rows(doc_of()["sections"][1], "positional_encoding", texts)]
    # no numbers file, no handout: no links and no panel
    (videos / "zh-dark" / f"PositionalEncoding{numbers.SUFFIX}").unlink()
    (videos / "zh-dark" / "PositionalEncoding.pdf").unlink()
    scene = player.library(videos, specs)["folders"][0]["scenes"][0]
    assert scene["handout"] is None and scene["numbers"] is None
    assert all(s["numbers"] is None for s in scene["sections"])


def test_the_player_script_shows_the_numbers_and_the_links():
    script = player.asset("player.js")
    assert "showNumbers(s);" in script and "sceneLinks(scene)" in script
    table = player.ui_text()
    for key in ("handout", "numbersFile", "numbersTitle", "numbersNone", "exact"):
        assert key in table, key
    page = player.asset("index.html")
    assert 'id="numbers"' in page and 'id="p-numbers"' in page


# ---------------------------------------------------------------- the driver


def test_after_render_runs_one_command_per_video_and_says_what_each_did(tmp_path,
                                                                          monkeypatch):
    def fake(spec, variant, videos):
        fail = spec.cls == "Bad"
        code = (f"print('noise'); print('[1/1] {variant}-{spec.cls}: made it'); "
                f"raise SystemExit({int(fail)})")
        return [sys.executable, "-c", code]

    monkeypatch.setattr(handout, "command", fake)
    out = io.StringIO()
    pairs = [("zh-dark", SPEC), ("en-dark", SceneSpec("lora", "Bad", "lora"))]
    assert handout.after_render(pairs, 2, tmp_path, root=tmp_path, stream=out) is False
    lines = out.getvalue().splitlines()
    assert lines[0] == "Numbers and handouts of 2 video(s), 2 at a time"
    said = sorted(re.sub(r" \(\d+\.\ds\)$", "", ln) for ln in lines[1:3])
    assert said == sorted(["[1/2] zh-dark-PositionalEncoding: made it",
                           "[2/2] en-dark-Bad: made it"]) or said == sorted(
        ["[2/2] zh-dark-PositionalEncoding: made it", "[1/2] en-dark-Bad: made it"])
    assert lines[-1].startswith("numbers and handouts: ")
    assert handout.after_render([], 2, tmp_path, stream=out) is True


def test_the_command_of_one_video():
    cmd = handout.command(SPEC, "en-light", Path("/v"))
    assert cmd[1:] == ["-m", "scenes", "handout", "--numbers", "--videos", "/v", "--scenes",
                       "PositionalEncoding", "--langs", "en", "--themes", "light"]


def test_render_makes_numbers_and_handouts_of_the_videos_it_rendered(monkeypatch, tmp_path):
    from scenes.tools import classroom, common, doctor

    scenes_dir = tmp_path / "scenes"
    scenes_dir.mkdir()
    (scenes_dir / "alpha.py").write_text("class Alpha(LectureScene):\n    pass\n")
    monkeypatch.setattr(render, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(common, "SCENES_DIR", scenes_dir)
    monkeypatch.setattr(doctor, "require", lambda: None)
    monkeypatch.setattr(classroom, "make", lambda videos, only: True)  # the decks: not here

    def run_jobs(jobs, n):
        for job in jobs:
            job.status = "done" if job.lang == "zh" else "failed"
        return False

    calls = []
    monkeypatch.setattr(render, "run_jobs", run_jobs)
    monkeypatch.setattr(handout, "after_render",
                        lambda pairs, n, videos: calls.append((pairs, n, videos)) or True)
    assert render.main(["--langs", "zh,en", "--jobs", "2"]) == 1
    assert calls == [([("zh-dark", SceneSpec("alpha", "Alpha", "alpha"))], 2,
                      tmp_path / "videos")]


def test_cli_without_rendered_scenes(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scenes", "handout", "--videos", str(tmp_path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "render first" in done.stderr


# ---------------------------------------------------------------- a real PDF (slow)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """A real 854x480 clip whose last frame is a picture with a bright box."""
    out = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "color=c=0x101318:s=854x480:r=15:d=1", "-vf",
                    "drawbox=x=300:y=160:w=250:h=160:color=0x58A6FF:t=fill",
                    "-pix_fmt", "yuv420p", str(out)], check=True, capture_output=True)
    return out


@pytest.mark.slow
def test_a_real_handout(tmp_path, clip):
    """A dry build writes the numbers file of PositionalEncoding; its handout is printed with
    headless Chromium; poppler reads the pages: their count, the Chinese text as text, and a
    page image with the section's picture on it."""
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run scripts/setup-system.sh (poppler-utils)")
    videos, media = tmp_path / "videos", tmp_path / "media"
    done = subprocess.run([sys.executable, "-m", "scenes", "numbers", "--videos", str(videos),
                           "--media", str(media), "--scenes", SPEC.cls, "--langs", "zh",
                           "--themes", "dark"], cwd=REPO_ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1  # nothing rendered yet
    folder = videos / "zh-dark"
    (folder / "sections").mkdir(parents=True)
    shutil.copyfile(clip, folder / f"{SPEC.cls}.mp4")
    out, built = numbers.write_numbers(SPEC, "zh-dark", videos, media / "zh-dark")
    assert built
    doc = numbers.read(out)
    entries = [{"name": s["name"], "video": f"{SPEC.cls}_{i:04d}_{s['name']}.mp4",
                "duration": "1.000000"} for i, s in enumerate(doc["sections"])]
    for e in entries:
        shutil.copyfile(clip, folder / "sections" / e["video"])
    (folder / "sections" / f"{SPEC.cls}.json").write_text(json.dumps(entries))
    srt = "".join(f"{i + 1}\n00:00:{i:02d},100 --> 00:00:{i:02d},900\n第 {i} 节的字幕\n\n"
                  for i in range(len(entries)))
    (folder / f"{SPEC.cls}.srt").write_text(srt, encoding="utf-8")

    done = subprocess.run([sys.executable, "-m", "scenes", "handout", "--videos", str(videos),
                           "--media", str(media), "--scenes", SPEC.cls, "--langs", "zh",
                           "--themes", "dark"], cwd=REPO_ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"\[1/1\] zh-dark-PositionalEncoding: PositionalEncoding.pdf printed "
                     r"\d+ pages", done.stdout), done.stdout
    pdf = folder / f"{SPEC.cls}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])
    assert "A4" in info.stdout
    assert pages == handout.page_count(pdf)
    assert len(entries) / 3 <= pages <= 2 * len(entries)  # a still and a table per section
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert doc["title"] in text and "本节的数值" in text  # Chinese as real glyphs
    for s in doc["sections"]:
        assert s["title"].split()[0] in text, s["title"]
    assert "scenes.reference.positional_encoding" in text and "第 3 节的字幕" in text
    # a page image: white paper with the dark picture and its bright box on it
    subprocess.run(["pdftoppm", "-r", "50", "-f", "2", "-l", "2", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    page = np.asarray(Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")).astype(int)
    assert page.std() > 40, "a blank page"
    assert (page.sum(axis=2) > 740).mean() > 0.3  # mostly paper
    dark = (page.max(axis=2) < 40).mean()
    blue = ((page[..., 2] > 200) & (page[..., 0] < 130)).mean()
    assert dark > 0.05 and blue > 0.005, (dark, blue)  # the still and its box
    # printed once: the second run keeps it
    again = subprocess.run([sys.executable, "-m", "scenes", "handout", "--videos", str(videos),
                            "--media", str(media), "--scenes", SPEC.cls, "--langs", "zh",
                            "--themes", "dark"], cwd=REPO_ROOT, capture_output=True, text=True,
                          check=False)
    assert "PositionalEncoding.pdf unchanged" in again.stdout, again.stdout


# ---------------------------------------------------------------- the panel in Chromium (slow)


@pytest.mark.slow
def test_the_numbers_panel_and_the_links_in_headless_chromium(browser, real_tree):  # noqa: F811
    from selenium.webdriver.common.by import By

    folder = real_tree / "zh-dark"
    (folder / f"PositionalEncoding{numbers.SUFFIX}").write_text(numbers.dumps(doc_of("zh")),
                                                               encoding="utf-8")
    (folder / "PositionalEncoding.pdf").write_bytes(b"%PDF-1.4\n")
    player.write_index(real_tree, PLAYER_SPECS, PLAYER_STRINGS)
    d = browser
    d.get((real_tree / "index.html").as_uri() + "#zh-dark")
    _wait(d, "return !document.getElementById('gallery').hidden", "the gallery")
    links = d.find_elements(By.CSS_SELECTOR, '#cards a[data-scene="PositionalEncoding"] ~ '
                                             '.card-links a')
    assert [(a.get_attribute("data-file"), a.text) for a in links] == [
        ("handout", "讲义 PDF"), ("numbers", "数值 JSON")]
    assert links[0].get_attribute("href") == (folder / "PositionalEncoding.pdf").as_uri()
    # a scene without the files has no links
    assert d.find_elements(By.CSS_SELECTOR, '#cards a[data-scene="Lora"] ~ .card-links a') == []

    d.get((real_tree / "index.html").as_uri() + "#zh-dark/PositionalEncoding/2")
    _wait(d, "return !document.getElementById('player').hidden", "the player")
    head = d.find_element(By.ID, "p-numbers")
    assert head.is_displayed() and head.text == "本节的数值（3）"
    rows = d.find_elements(By.CSS_SELECTOR, "#numbers .num")
    assert [r.find_element(By.CSS_SELECTOR, ".nm").text for r in rows] == [
        "order.out", "order.say2 · n", "order.say2 · d, order.shape · d"]
    assert rows[1].find_element(By.CSS_SELECTOR, ".or").text == "settings.sentence: <its> words"
    assert rows[2].get_attribute("title") == "精确值 32"
    shot = np.asarray(Image.open(io.BytesIO(d.find_element(By.ID, "numbers").screenshot_as_png))
                      .convert("RGB")).astype(int)
    assert shot.shape[0] > 60 and shot.std() > 15, "the panel is blank"
    files = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#files a")]
    assert files[-2:] == ["\u2913 讲义 PDF", "\u2913 数值 JSON"]
    # the next section: its own numbers; the first: none
    d.find_element(By.ID, "next").click()
    _wait(d, "return document.querySelectorAll('#numbers .num').length === 1", "section 3")
    assert d.find_element(By.CSS_SELECTOR, "#numbers .nm").text == "waves.dim0"
    d.find_element(By.CSS_SELECTOR, '#sections .sec[data-index="0"]').click()
    _wait(d, "return document.querySelector('#numbers .none') !== null", "section 1")
    assert d.find_element(By.ID, "p-numbers").text == "本节的数值（0）"
    # the other folder has no numbers file: no panel
    d.get((real_tree / "index.html").as_uri() + "#en-light/PositionalEncoding/2")
    _wait(d, "return !document.getElementById('player').hidden", "the en player")
    assert not d.find_element(By.ID, "p-numbers").is_displayed()
    errors = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == [], errors
