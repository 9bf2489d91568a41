"""scenes.tools.player: the offline lecture player videos/index.html.

Fast tests check the data the page embeds (titles per language, sections, subtitle cues,
missing files) and the command line. The slow test opens a generated page from file:// in
Debian's headless Chromium (through /usr/bin/chromedriver) and drives it with the keyboard.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.tools import common, player, render

REPO_ROOT = Path(__file__).resolve().parents[2]

STRINGS = {
    "pe.title": {"zh": "位置编码", "en": "Positional Encoding"},
    "pe.order.heading": {"zh": "为什么要注入顺序", "en": "Why order must be injected"},
    "pe.waves.heading": {"zh": "正弦波", "en": "Sine waves"},
    "lo.title": {"zh": "低秩适配 LoRA", "en": "LoRA"},
}
SPECS = [
    common.SceneSpec("positional_encoding", "PositionalEncoding", "pe"),
    common.SceneSpec("lora", "Lora", "lo"),
]
SECTIONS = ["00-title", "01-order", "02-waves"]
DURATIONS = [2.0, 3.0, 1.5]
SRT = (
    "1\n00:00:00,000 --> 00:00:01,500\n标题 <bos> & </script>\n\n"
    "2\n00:00:02,500 --> 00:00:04,000\n第二节的话\n\n"
    "3\n00:00:04,000 --> 00:00:05,500\n跨过边界\n两行\n\n"
    "4\n00:00:05,600 --> 00:00:06,400\n最后\n"
)


def _section_index(cls: str) -> list[dict]:
    return [
        {"name": name, "type": "default.normal", "video": f"{cls}_{i:04d}_{name}.mp4",
         "duration": f"{d:.6f}", "width": 160, "height": 90}
        for i, (name, d) in enumerate(zip(SECTIONS, DURATIONS, strict=True))
    ]


def fabricate(videos: Path, folders=("zh-dark", "en-light"), clip: Path | None = None,
              thumb: Path | None = None) -> Path:
    """A videos/ tree as scenes.tools.render.collect writes it. Per folder: PositionalEncoding with
    everything; Lora with a video only (no thumbnail, subtitles or section index); Old, a
    scene no longer in the source. Clips are copies of ``clip`` (or a few fake bytes), the
    thumbnail a copy of ``thumb`` (or fake bytes)."""
    for name in folders:
        d = videos / name
        (d / "sections").mkdir(parents=True)

        def put(path: Path):
            if clip is None:
                path.write_bytes(b"not a real mp4")
            else:
                shutil.copyfile(clip, path)

        put(d / "PositionalEncoding.mp4")
        (d / "PositionalEncoding.srt").write_text(SRT, encoding="utf-8")
        (d / "PositionalEncoding.vtt").write_text(render.srt_to_vtt(SRT), encoding="utf-8")
        (d / "PositionalEncoding.png").write_bytes(thumb.read_bytes() if thumb else b"no png")
        index = _section_index("PositionalEncoding")
        for entry in index:
            put(d / "sections" / entry["video"])
        (d / "sections" / "PositionalEncoding.json").write_text(json.dumps(index))
        put(d / "Lora.mp4")
        put(d / "Old.mp4")
    return videos


def embedded(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="library">(.*?)</script>', page,
                  re.DOTALL)
    assert m, "no embedded library"
    return json.loads(m[1])


# ---------------------------------------------------------------- titles


def test_catalogue_loads_without_manim():
    code = (
        "import sys\n"
        "from scenes.tools import player\n"
        "s = player.catalogue()\n"
        "assert s['positional_encoding.title']['en'], s\n"
        "assert 'manim' not in sys.modules, 'manim was imported'\n"
        "assert 'scenes.kit' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_catalogue_is_the_kit_catalogue():
    from scenes import strings

    assert player.catalogue() is strings.STRINGS


# ---------------------------------------------------------------- subtitles


def test_parse_subtitles_srt_and_vtt_agree():
    cues = player.parse_subtitles(SRT)
    assert cues[0] == (0.0, 1.5, "标题 <bos> & </script>")
    assert cues[2] == (4.0, 5.5, "跨过边界\n两行")
    assert player.parse_subtitles(render.srt_to_vtt(SRT)) == cues
    assert player.parse_subtitles("WEBVTT\n\n01:02.5 --> 01:03.25\nshort\n") == [
        (62.5, 63.25, "short")
    ]


def test_split_cues_shifts_into_section_time_and_cuts_at_boundaries():
    per_section = player.split_cues(player.parse_subtitles(SRT), DURATIONS)
    assert per_section[0] == [[0.0, 1.5, "标题 <bos> & </script>"]]
    assert per_section[1] == [[0.5, 2.0, "第二节的话"], [2.0, 3.0, "跨过边界\n两行"]]
    assert per_section[2] == [[0.0, 0.5, "跨过边界\n两行"], [0.6, 1.4, "最后"]]


# ---------------------------------------------------------------- the page's data


def test_library_titles_sections_and_missing_files(tmp_path):
    videos = fabricate(tmp_path / "videos", folders=("en-light", "zh-dark"))
    (videos / "notes").mkdir()
    (videos / "notes" / "todo.txt").write_text("no videos here")
    lib = player.library(videos, SPECS, STRINGS)
    # folders in LANGS x THEMES order; "notes" (no video) is not a folder of the page
    assert [f["id"] for f in lib["folders"]] == ["zh-dark", "en-light"]
    zh, en = lib["folders"]
    assert (zh["lang"], zh["theme"], en["lang"], en["theme"]) == ("zh", "dark", "en", "light")
    # discovery order, then scenes no longer in the source (titled by their class name)
    assert [(s["id"], s["title"]) for s in zh["scenes"]] == [
        ("PositionalEncoding", "位置编码"), ("Lora", "低秩适配 LoRA"), ("Old", "Old")
    ]
    assert [s["title"] for s in en["scenes"]] == ["Positional Encoding", "LoRA", "Old"]

    pe = zh["scenes"][0]
    assert pe["thumb"] == "zh-dark/PositionalEncoding.png"
    assert pe["vtt"] == "zh-dark/PositionalEncoding.vtt"
    assert pe["duration"] == pytest.approx(sum(DURATIONS))
    assert [s["name"] for s in pe["sections"]] == SECTIONS
    assert [s["title"] for s in pe["sections"]] == ["位置编码", "为什么要注入顺序", "正弦波"]
    assert [s["title"] for s in en["scenes"][0]["sections"]] == [
        "Positional Encoding", "Why order must be injected", "Sine waves"
    ]
    assert pe["sections"][1]["video"] == "zh-dark/sections/PositionalEncoding_0001_01-order.mp4"
    assert pe["sections"][1]["cues"] == [[0.5, 2.0, "第二节的话"], [2.0, 3.0, "跨过边界\n两行"]]

    # Lora: no thumbnail, no subtitles, no section index: the whole video is one section
    lora = zh["scenes"][1]
    assert lora["thumb"] is None and lora["srt"] is None and lora["vtt"] is None
    assert len(lora["sections"]) == 1
    assert lora["sections"][0]["video"] == "zh-dark/Lora.mp4"
    assert lora["sections"][0]["cues"] == []


def test_decks_and_the_lecture_are_linked_and_the_lecture_is_no_scene(tmp_path):
    """What scenes.tools.classroom writes: <Scene>.pptx per scene, Lecture.mp4 .srt .vtt and
    Lecture.pptx per folder."""
    videos = fabricate(tmp_path / "videos", folders=("zh-dark", "en-light"))
    zh = videos / "zh-dark"
    (zh / "PositionalEncoding.pptx").write_bytes(b"deck")
    for ext in ("mp4", "srt", "pptx"):
        (zh / f"Lecture.{ext}").write_bytes(b"lecture")
    (videos / "en-light" / "Lecture.pptx").write_bytes(b"deck only")
    lib = player.library(videos, SPECS, STRINGS)
    zh_lib, en_lib = lib["folders"]
    assert [s["id"] for s in zh_lib["scenes"]] == ["PositionalEncoding", "Lora", "Old"]
    assert [s["deck"] for s in zh_lib["scenes"]] == ["zh-dark/PositionalEncoding.pptx", None, None]
    assert zh_lib["lecture"] == {"video": "zh-dark/Lecture.mp4", "deck": "zh-dark/Lecture.pptx",
                                 "srt": "zh-dark/Lecture.srt", "vtt": None, "duration": None}
    assert en_lib["lecture"]["deck"] == "en-light/Lecture.pptx"
    assert en_lib["lecture"]["video"] is None
    (videos / "en-light" / "Lecture.pptx").unlink()
    assert player.library(videos, SPECS, STRINGS)["folders"][1]["lecture"] is None


def test_missing_section_clip_is_left_out(tmp_path):
    videos = fabricate(tmp_path / "videos", folders=("zh-dark",))
    (videos / "zh-dark" / "sections" / "PositionalEncoding_0001_01-order.mp4").unlink()
    pe = player.library(videos, SPECS, STRINGS)["folders"][0]["scenes"][0]
    assert [s["name"] for s in pe["sections"]] == ["00-title", "02-waves"]
    # the remaining sections keep their own cues (times of the full video)
    assert pe["sections"][1]["cues"][1] == [0.6, 1.4, "最后"]


def test_page_embeds_the_library_safely(tmp_path):
    videos = fabricate(tmp_path / "videos")
    index = player.write_index(videos, SPECS, STRINGS)
    assert index == videos / "index.html"
    page = index.read_text(encoding="utf-8")
    assert embedded(page) == player.library(videos, SPECS, STRINGS)
    # the subtitle "</script>" cannot end the data block early
    assert page.count("</script>") == 2
    # offline: nothing is fetched from elsewhere, no <track src>, no fetch()
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "@import" not in page and "fetch(" not in page and "<track" not in page
    # every file the page names exists (a missing thumbnail is not named)
    for folder in embedded(page)["folders"]:
        for scene in folder["scenes"]:
            names = [scene["video"], scene["thumb"], scene["srt"], scene["vtt"]]
            names += [s["video"] for s in scene["sections"]]
            for name in filter(None, names):
                assert (videos / name).is_file(), name
    assert "Lora.png" not in page
    assert '<html lang="zh">' in page and 'class="theme-dark"' in page


def test_page_inlines_its_assets(tmp_path):
    page = player.write_index(fabricate(tmp_path / "videos"), SPECS, STRINGS).read_text(
        encoding="utf-8")
    css = player.asset("player.css")
    js = player.asset("player.js").replace("__UI__", player.ui_script())
    assert css.strip() and js.strip()
    assert f"<style>\n\n{css}\n</style>" in page and f"<script>\n\n{js}\n</script>" in page
    assert not re.search(r"__[A-Z]+__", page)  # every placeholder of the template is filled
    assert "<link rel=\"stylesheet\"" not in page and "<script src" not in page


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_ui_text_has_every_key_in_zh_and_en_with_the_same_placeholders():
    table = player.ui_text()
    assert "heading" in table and "nSections" in table
    for key, texts in table.items():
        assert set(texts) == set(player.UI_LANGS), key
        assert all(texts.values()), key
        assert _fields(texts["zh"]) == _fields(texts["en"]), key
    assert _fields(table["nSections"]["en"]) == ["n"]


def test_every_key_the_script_asks_for_is_in_the_ui_text():
    script = player.asset("player.js")
    asked = {k for call in re.findall(r"\btr\(([^)]*)\)", script)
             for k in re.findall(r'"(\w+)"', call)}
    asked |= {"full", "srt", "vtt", "dark", "light", "langName"}  # tr(pair[1]), tr(f.theme), .langName
    assert {"heading", "back", "subsOn", "lastEnded"} <= asked
    assert asked <= set(player.ui_text())


def test_ui_script_escapes_and_wraps():
    table = {"a": {"zh": "甲 \u2192 “引”", "en": 'say "hi" </script> \\'},
             "b-c": {"zh": "{n} 节", "en": "x" * 90}}
    assert player.ui_script(table) == (
        '{\n    zh: {\n      a: "甲 \\u2192 \\u201c引\\u201d", "b-c": "{n} 节"\n    },\n'
        '    en: {\n      a: "say \\"hi\\" <\\/script> \\\\",\n      "b-c": "' + "x" * 90 + '"\n'
        '    }\n  }')


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_page_script_gets_the_ui_text_as_it_is():
    code = f"process.stdout.write(JSON.stringify({player.ui_script()}))"
    done = subprocess.run(["node", "-e", code], capture_output=True, text=True, check=True)
    table = player.ui_text()
    assert json.loads(done.stdout) == {lang: {k: t[lang] for k, t in table.items()}
                                       for lang in player.UI_LANGS}


def test_page_without_videos(tmp_path):
    index = player.write_index(tmp_path / "videos", SPECS, STRINGS)
    assert embedded(index.read_text(encoding="utf-8")) == {"folders": []}


def test_cli_writes_index(tmp_path):
    videos = fabricate(tmp_path / "videos", folders=("en-dark",))
    done = subprocess.run(
        [sys.executable, "-m", "scenes", "player", "--videos", str(videos)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (videos / "index.html").is_file()
    assert "file://" in done.stdout
    lib = embedded((videos / "index.html").read_text(encoding="utf-8"))
    assert lib["folders"][0]["scenes"][0]["title"] == "Positional Encoding"  # real catalogue

    missing = subprocess.run(
        [sys.executable, "-m", "scenes", "player", "--videos", str(tmp_path / "nothing")],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert missing.returncode == 1 and "render first" in missing.stderr


def test_render_run_writes_the_player(monkeypatch, tmp_path, capsys):
    """After the jobs, `python -m scenes render` rewrites videos/index.html."""
    scenes_dir = tmp_path / "scenes"
    scenes_dir.mkdir()
    (scenes_dir / "alpha.py").write_text("class Alpha(LectureScene):\n    topic = 'pe'\n")
    fabricate(tmp_path / "videos", folders=("zh-dark",))
    monkeypatch.setattr(render, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(common, "SCENES_DIR", scenes_dir)
    from scenes.tools import doctor

    monkeypatch.setattr(doctor, "require", lambda: None)
    monkeypatch.setattr(render, "run_jobs", lambda jobs, n: True)
    assert render.main(["--langs", "zh", "--jobs", "1"]) == 0
    assert "lecture player:" in capsys.readouterr().out
    lib = embedded((tmp_path / "videos" / "index.html").read_text(encoding="utf-8"))
    assert [s["id"] for s in lib["folders"][0]["scenes"]] == ["Lora", "Old", "PositionalEncoding"]


# ---------------------------------------------------------------- in the browser (slow)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: run scripts/setup-system.sh (make setup) to "
                        "install Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="player-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--mute-audio", "--window-size=1280,800",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def real_tree(tmp_path_factory):
    """The fabricated tree with one tiny real H.264 clip as every video, written by Manim's
    segment encoder with the kit's held-picture encoding (as the scenes' videos are)."""
    from fractions import Fraction

    import numpy as np
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    from scenes.kit import encoding

    assert encoding.install()
    root = tmp_path_factory.mktemp("player")
    clip = root / "clip.mp4"
    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", 160, 90, Fraction(15),
                            (("preset", "ultrafast"), ("crf", "23")))
    enc = VideoSegmentEncoder(target=clip, spec=spec)
    picture = np.full((90, 160, 4), (0x33, 0x66, 0x99, 255), np.uint8)
    for k in range(8):  # an animation, then a held picture
        moved = picture.copy()
        moved[30:60, 10 * k:10 * k + 40, :3] = 230
        enc.write_frame(moved, repeat=1 if k < 7 else 15)
    enc.finish()
    thumb = root / "thumb.png"
    render.make_thumbnail(clip, thumb, width=160)
    videos = fabricate(root / "videos", folders=("zh-dark", "en-light"), clip=clip, thumb=thumb)
    # the classroom outputs of zh-dark (scenes/tools/classroom.py): a deck, the whole lecture
    shutil.copyfile(clip, videos / "zh-dark" / "Lecture.mp4")
    for name in ("Lecture.pptx", "PositionalEncoding.pptx"):
        (videos / "zh-dark" / name).write_bytes(b"a deck")
    player.write_index(videos, SPECS, STRINGS)
    return videos


def _wait(driver, condition, what: str, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(condition)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _press(driver, key):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


@pytest.mark.slow
def test_player_in_headless_chromium(browser, real_tree):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get((real_tree / "index.html").as_uri())
    d.get_log("browser")  # start from an empty log (nothing before this page)
    d.refresh()

    # the gallery of the first folder (zh-dark), titles in Chinese, dark theme
    _wait(d, "return !document.getElementById('gallery').hidden", "the gallery")
    assert d.execute_script("return document.body.className") == "theme-dark"
    titles = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#cards .card-title")]
    assert titles == ["位置编码", "低秩适配 LoRA", "Old"]
    assert [e.get_attribute("data-folder") for e in
            d.find_elements(By.CSS_SELECTOR, "#folders a")] == ["zh-dark", "en-light"]
    # a missing thumbnail is a placeholder, not a broken image
    assert len(d.find_elements(By.CSS_SELECTOR, "#cards img.thumb")) == 1
    # the whole lecture (video and deck) and the one scene deck of this folder are linked
    lecture = d.find_element(By.ID, "g-lecture")
    assert lecture.is_displayed() and lecture.text.startswith("整堂课")
    assert [(a.get_attribute("data-file"), a.get_attribute("href")) for a in
            lecture.find_elements(By.TAG_NAME, "a")] == [
        ("video", (real_tree / "zh-dark" / "Lecture.mp4").as_uri()),
        ("deck", (real_tree / "zh-dark" / "Lecture.pptx").as_uri())]
    assert [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "#cards .card-deck")
            ] == [(real_tree / "zh-dark" / "PositionalEncoding.pptx").as_uri()]
    _wait(d, "var i = document.querySelector('#cards img.thumb');"
             "return i.complete && i.naturalWidth === 160", "the thumbnail")

    # the other folder: English titles and UI, light theme
    d.find_element(By.CSS_SELECTOR, '#folders a[data-folder="en-light"]').click()
    _wait(d, "return document.body.className === 'theme-light'", "the light folder")
    titles = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#cards .card-title")]
    assert titles == ["Positional Encoding", "LoRA", "Old"]
    assert not d.find_element(By.ID, "g-lecture").is_displayed()  # no lecture rendered here

    # keyboard: the first card has the focus; Enter opens the player on section 1
    _wait(d, "return document.activeElement.classList.contains('card')", "focus on a card")
    _press(d, Keys.ENTER)
    _wait(d, "return !document.getElementById('player').hidden", "the player")
    sections = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#sections .sec .t")]
    assert sections == ["Positional Encoding", "Why order must be injected", "Sine waves"]
    downloads = [e.get_attribute("href") for e in d.find_elements(By.CSS_SELECTOR, "#sections .dl")]
    clips = [(real_tree / "en-light" / "sections" / e["video"]).as_uri()
             for e in _section_index("PositionalEncoding")]
    assert downloads == clips

    src = "return document.getElementById('video').src"
    assert d.execute_script(src) == clips[0]
    # the clip really loads from file:// (metadata read, duration known)
    _wait(d, "return document.getElementById('video').readyState >= 1", "the clip to load")
    # held pictures are stored once with their duration: the browser sees the whole clip
    # (7 animated frames and a picture held for 15, at 15 fps) and shows the held picture
    assert d.execute_script("return document.getElementById('video').duration") == \
        pytest.approx(22 / 15, abs=0.02)
    d.execute_script("var v = document.getElementById('video'); v.pause(); v.seeked = false;"
                     "v.addEventListener('seeked', () => { v.seeked = true; }, {once: true});"
                     "v.currentTime = 1.2;")
    _wait(d, "return document.getElementById('video').seeked", "the seek into the hold")
    shot = np.asarray(Image.open(io.BytesIO(d.find_element(By.ID, "video").screenshot_as_png))
                      .convert("RGB")).astype(int)
    h, w, _ = shot.shape  # the 16:9 picture, centred in the element
    pw, ph = min(w, h * 16 / 9), min(h, w * 9 / 16)
    def at(x, y):
        return shot[int((h - ph) / 2 + y / 90 * ph), int((w - pw) / 2 + x / 160 * pw)]
    assert at(90, 45).min() > 200, at(90, 45)  # the box where it ended
    assert at(20, 45)[2] > 120 and at(20, 45)[0] < 90, at(20, 45)  # the background
    assert d.find_element(By.ID, "p-count").text == "1 / 3"

    # Right and Space advance to the next clip; Left goes back; no wrap at the end
    _press(d, Keys.ARROW_RIGHT)
    assert d.execute_script(src) == clips[1]
    assert d.find_element(By.ID, "p-count").text == "2 / 3"
    _press(d, Keys.SPACE)
    assert d.execute_script(src) == clips[2]
    _press(d, Keys.ARROW_RIGHT)
    assert d.execute_script(src) == clips[2]
    _press(d, Keys.ARROW_LEFT)
    assert d.execute_script(src) == clips[1]

    # the section's subtitle cues are in the (script-built) track, shifted to section time
    cues = d.execute_script(
        "var t = document.getElementById('video').textTracks[0];"
        "return Array.from(t.cues).map(c => [c.startTime, c.endTime, c.text]);")
    assert cues == [[0.5, 2.0, "第二节的话"], [2.0, 3.0, "跨过边界\n两行"]]

    # subtitles: S and the button switch the track between showing and hidden
    mode = "return document.getElementById('video').textTracks[0].mode"
    assert d.execute_script(mode) == "showing"
    _press(d, "s")
    assert d.execute_script(mode) == "hidden"
    assert d.find_element(By.ID, "subs").get_attribute("aria-pressed") == "false"
    d.find_element(By.ID, "subs").click()
    assert d.execute_script(mode) == "showing"
    assert d.find_element(By.ID, "subs").text == "Subtitles: on"

    # Escape: back to the gallery of the same folder
    _press(d, Keys.ESCAPE)
    _wait(d, "return !document.getElementById('gallery').hidden", "the gallery again")
    assert d.execute_script("return location.hash") == "#en-light"

    # a scene without a section index plays its whole video as one section
    d.find_element(By.CSS_SELECTOR, '#cards a[data-scene="Lora"]').click()
    _wait(d, "return !document.getElementById('player').hidden", "the Lora player")
    assert d.execute_script(src) == (real_tree / "en-light" / "Lora.mp4").as_uri()
    assert d.find_element(By.ID, "p-count").text == "1 / 1"

    # a deep link opens a section directly
    d.get((real_tree / "index.html").as_uri() + "#zh-dark/PositionalEncoding/3")
    _wait(d, "return !document.getElementById('player').hidden", "the deep-linked player")
    assert d.execute_script(src) == (
        real_tree / "zh-dark" / "sections" / "PositionalEncoding_0002_02-waves.mp4").as_uri()
    assert d.find_element(By.ID, "subs").text == "字幕：开"
    _wait(d, "return document.getElementById('video').readyState >= 1", "the clip to load")

    errors = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == [], errors
