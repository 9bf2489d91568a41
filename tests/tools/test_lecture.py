"""scenes.tools.lecture: the whole lecture as one MP4 (concat without encoding), one chapter per
scene titled in the folder's language, soft subtitle tracks in both languages, .srt/.vtt."""

from __future__ import annotations

import json
import subprocess

import pytest

from scenes.tools import common, lecture, mp4, player
from tests.tools import clips

# every test of this module in one pytest-xdist worker: its video tree (clips encoded with ffmpeg) is made once
pytestmark = pytest.mark.xdist_group("lecture")

STRINGS = {
    "alpha.title": {"zh": "第一讲 = 甲", "en": "Alpha; the first"},
    "beta.title": {"zh": "第二讲", "en": "Beta"},
}
SPECS = [common.SceneSpec("alpha", "Alpha", "alpha"), common.SceneSpec("beta", "Beta", "beta"),
         common.SceneSpec("gamma", "Gamma", "gamma")]  # gamma: not rendered
ZH_CUES = {"Alpha": [["标题"], ["第一句。", "第二句。"]], "Beta": [["标题二"], ["一"], ["二"]]}
EN_CUES = {"Alpha": [["Title"], ["First.", "Second."]], "Beta": [["Title two"], ["One", "more"],
                                                                 ["Two"]]}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """zh-dark and en-dark with Alpha (2 sections) and Beta (3); English holds are longer."""
    videos = tmp_path_factory.mktemp("lecture") / "videos"
    for lang, cues, extra in (("zh", ZH_CUES, 0), ("en", EN_CUES, 9)):
        folder = videos / f"{lang}-dark"
        clips.scene(folder, "Alpha", 0, [10 + extra, 20 + extra], cues["Alpha"])
        clips.scene(folder, "Beta", 1, [8, 12 + extra, 5 + extra], cues["Beta"])
    for lang in ("zh", "en"):
        lecture.build(videos / f"{lang}-dark", SPECS, STRINGS)
    return videos


def probe(path, *entries) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", *entries, "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_scenes_joined_in_lecture_order_without_encoding(tree):
    folder = tree / "zh-dark"
    out = folder / "Lecture.mp4"
    parts = lecture.parts(folder, SPECS, STRINGS)
    assert [p.spec.cls for p in parts] == ["Alpha", "Beta"]
    _, end = mp4.keyframe_times(out)
    assert end == pytest.approx(sum(p.duration for p in parts), abs=1e-3)
    # the packets are the scenes' own, one after the other
    def sizes(path):
        info = probe(path, "-select_streams", "v:0", "-show_entries", "packet=size")
        return [int(p["size"]) for p in info["packets"]]
    assert sizes(out) == sizes(folder / "Alpha.mp4") + sizes(folder / "Beta.mp4")
    assert mp4.moov_first(out) and not mp4.check_web_ready(out)
    decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(out), "-map", "0:v", "-f",
                              "null", "-"], capture_output=True, text=True, check=False)
    assert decoded.returncode == 0 and not decoded.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_chapter_per_scene_titled_in_the_folder_language(tree, lang):
    out = tree / f"{lang}-dark" / "Lecture.mp4"
    info = probe(out, "-show_chapters", "-show_entries", "format_tags=title")
    chapters = info["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [STRINGS["alpha.title"][lang],
                                                     STRINGS["beta.title"][lang]]
    parts = lecture.parts(tree / f"{lang}-dark", SPECS, STRINGS)
    assert float(chapters[0]["start_time"]) == 0
    assert float(chapters[1]["start_time"]) == pytest.approx(parts[0].duration, abs=1e-3)
    assert float(chapters[1]["end_time"]) == pytest.approx(sum(p.duration for p in parts), abs=1e-3)
    assert info["format"]["tags"]["title"] == player.ui_text()["heading"][lang]


def subtitle_track(path, n: int) -> list[tuple[float, float, str]]:
    srt = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", f"0:s:{n}", "-f",
                          "srt", "-"], capture_output=True, text=True, check=True).stdout
    return player.parse_subtitles(srt)


def test_soft_subtitles_in_both_languages_with_language_tags(tree):
    out = tree / "zh-dark" / "Lecture.mp4"
    streams = probe(out, "-show_streams")["streams"]
    subs = [s for s in streams if s["codec_type"] == "subtitle"]
    assert [(s["codec_name"], s["tags"]["language"], s["disposition"]["default"])
            for s in subs] == [("mov_text", "chi", 1), ("mov_text", "eng", 0)]
    own = subtitle_track(out, 0)
    # the folder's own track is the .srt beside it: each scene's cues moved by its start
    srt = player.parse_subtitles((tree / "zh-dark" / "Lecture.srt").read_text(encoding="utf-8"))
    assert [c[2] for c in own] == [c[2] for c in srt] == ["标题", "第一句。", "第二句。", "标题二",
                                                          "一", "二"]
    for got, want in zip(own, srt, strict=True):
        assert got[0] == pytest.approx(want[0], abs=0.002)
    beta = lecture.parts(tree / "zh-dark", SPECS, STRINGS)[0].duration
    assert srt[3][0] == pytest.approx(beta, abs=0.002)  # Beta's first cue at Beta's start
    vtt = (tree / "zh-dark" / "Lecture.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n") and player.parse_subtitles(vtt) == srt
    # the English track, from en-dark, on the Chinese video's times
    en = subtitle_track(out, 1)
    assert [c[2] for c in en] == ["Title", "First.", "Second.", "Title two", "One", "more", "Two"]


def test_the_other_language_is_moved_section_by_section():
    theirs = (("00-title", 2.0), ("01-a", 4.0), ("02-b", 2.0))
    ours = (("00-title", 1.0), ("01-a", 2.0), ("02-b", 3.0))
    cues = ((0.0, 2.0, "t"), (2.0, 4.0, "a1"), (4.0, 6.0, "a2"), (6.5, 7.5, "b"))
    our_cues = ((0.0, 1.0, "T"), (1.5, 2.5, "A"), (3.0, 3.2, "B1"), (4.0, 6.0, "B2"))
    moved = lecture.retime(cues, theirs, ours, our_cues)
    assert moved == [
        (0.0, 1.0, "t"),  # as many cues as ours here: our times
        (1.0, 2.0, "a1"), (2.0, 3.0, "a2"),  # 2 vs 1: linearly, 4 s onto 2 s
        (3.0 + 0.5 * 1.5, 3.0 + 1.5 * 1.5, "b"),  # 1 vs 2: linearly, 2 s onto 3 s
    ]
    assert lecture.retime(cues, theirs, (("00-title", 1.0),)) == []  # other sections: none


def test_ffmetadata_escapes_titles():
    part = lecture.Part(SPECS[0], "a=b; #c\\d", None, 1.5, (), ())
    text = lecture.ffmetadata("T=1", [part, part])
    assert text.startswith(";FFMETADATA1\ntitle=T\\=1\n")
    assert "title=a\\=b\\; \\#c\\\\d" in text
    assert "START=1500\nEND=3000" in text


def test_scenes_of_other_sizes_are_refused_with_both_named(tmp_path):
    folder = tmp_path / "zh-dark"
    clips.scene(folder, "Alpha", 0, [5])
    clips.scene(folder, "Beta", 1, [5])
    small = folder / "Beta.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=s=64x36:d=1",
                    "-pix_fmt", "yuv420p", str(small)], check=True)
    with pytest.raises(lecture.LectureError, match=r"Alpha.mp4 and Beta.mp4.*width 160 vs 64"):
        lecture.build(folder, SPECS, STRINGS)
    assert not (folder / "Lecture.mp4").exists()


def test_compose_srt_round_trips():
    cues = [(0.0, 1.25, "a"), (3661.5, 3662.0, "b\nc")]
    assert player.parse_subtitles(lecture.compose_srt(cues)) == cues
    assert lecture.compose_srt([]) == "" and lecture.compose_vtt([]) == "WEBVTT\n"
