"""scenes.tools.deck: the PowerPoint decks, read back with python-pptx (slides, one movie per
section slide with the clip's own bytes and its last frame as poster, speaker notes, the
timing that plays it on entry). LibreOffice opening them is in test_classroom.py (slow)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from scenes.tools import common, deck
from tests.tools import clips

STRINGS = {
    "alpha.title": {"zh": "第一讲", "en": "Alpha"},
    "alpha.subtitle": {"zh": "副标题", "en": "The subtitle"},
    "alpha.step1.heading": {"zh": "第一步", "en": "Step one"},
    "alpha.step2.heading": {"zh": "第二步", "en": "Step two"},
    "beta.title": {"zh": "第二讲", "en": "Beta"},
}
SPECS = [common.SceneSpec("alpha", "Alpha", "alpha"), common.SceneSpec("beta", "Beta", "beta")]
CUES = {
    "zh": [["标题。"], ["第一句的前半，", "后半。", "第二句。"], ["d_model", "is 32，结束。"]],
    "en": [["Title."], ["The first sentence,", "its end.\nA second\nline."], ["Last one"]],
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    videos = tmp_path_factory.mktemp("decks") / "videos"
    out = {}
    for lang in ("zh", "en"):
        folder = videos / f"{lang}-dark"
        clips.scene(folder, "Alpha", 0, [10, 20, 40], CUES[lang])
        clips.scene(folder, "Beta", 1, [5, 6], [["一"], ["二"]])
        out[lang] = folder
    return out


def movies(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scene_deck_a_title_slide_then_a_slide_per_section(folders, lang):
    path = deck.scene_deck(folders[lang], SPECS[0], STRINGS)
    assert path == folders[lang] / "Alpha.pptx"
    prs = Presentation(str(path))
    slides = list(prs.slides)
    assert len(slides) == 1 + 3
    title = slides[0]
    assert not movies(title)
    texts = [s.text_frame.text for s in title.shapes if s.has_text_frame]
    assert texts == [STRINGS["alpha.title"][lang], STRINGS["alpha.subtitle"][lang]]
    assert [s.shapes.title.text for s in slides[1:]] == [
        STRINGS["alpha.title"][lang], STRINGS["alpha.step1.heading"][lang],
        STRINGS["alpha.step2.heading"][lang]]
    # the slide has the clip's aspect; the clip fills it
    assert prs.slide_width / prs.slide_height == pytest.approx(clips.W / clips.H, rel=1e-3)
    for slide in slides[1:]:
        (movie,) = movies(slide)
        assert (movie.left, movie.top, movie.width, movie.height) == \
            (0, 0, prs.slide_width, prs.slide_height)


def test_each_section_slide_holds_its_clip_with_its_last_frame_as_poster(folders):
    prs = Presentation(str(deck.scene_deck(folders["zh"], SPECS[0], STRINGS)))
    for k, slide in enumerate(list(prs.slides)[1:]):
        (movie,) = movies(slide)
        rel = movie._element.xpath(".//a:videoFile/@r:link")[0]
        media = slide.part.related_part(rel)
        clip = folders["zh"] / "sections" / sorted(
            p.name for p in (folders["zh"] / "sections").glob("Alpha_*.mp4"))[k]
        assert media.blob == clip.read_bytes() and media.content_type == "video/mp4"
        blob = slide.part.related_part(movie._element.xpath(".//a:blip/@r:embed")[0]).blob
        poster = np.asarray(Image.open(io.BytesIO(blob)).convert("RGB")).astype(int)
        want = clips.last_picture(0, k).astype(int)
        assert poster.shape == want.shape
        assert np.abs(poster - want).mean() < 3  # x264's coding noise
        others = [clips.last_picture(0, j).astype(int) for j in range(3) if j != k]
        assert all(np.abs(poster - o).mean() > 5 for o in others)  # not another section's


def test_section_slides_play_on_entry(folders):
    prs = Presentation(str(deck.scene_deck(folders["en"], SPECS[0], STRINGS)))
    for slide in list(prs.slides)[1:]:
        (movie,) = movies(slide)
        timing = slide._element.xpath("./p:timing")
        assert len(timing) == 1
        play = timing[0].xpath(".//p:cmd[@cmd='playFrom(0.0)']//p:spTgt/@spid")
        assert play == [str(movie.shape_id)]
        assert timing[0].xpath(".//p:video//p:spTgt/@spid") == [str(movie.shape_id)]
        assert timing[0].xpath(".//p:cTn[@nodeType='mainSeq']")


def test_speaker_notes_are_the_section_subtitles_as_sentences(folders):
    zh = list(Presentation(str(deck.scene_deck(folders["zh"], SPECS[0], STRINGS))).slides)
    assert [notes(s) for s in zh] == ["", "标题。", "第一句的前半，后半。\n第二句。",
                                      "d_model is 32，结束。"]
    en = list(Presentation(str(deck.scene_deck(folders["en"], SPECS[0], STRINGS))).slides)
    assert [notes(s) for s in en] == ["", "Title.", "The first sentence, its end.\nA second line.",
                                      "Last one"]


def test_lecture_deck_every_scene_in_lecture_order(folders):
    path = deck.lecture_deck(folders["en"], SPECS, STRINGS)
    slides = list(Presentation(str(path)).slides)
    assert len(slides) == 1 + (1 + 3) + (1 + 2)
    lecture_title = [s.text_frame.text for s in slides[0].shapes if s.has_text_frame]
    assert lecture_title[1] == "Alpha · Beta"
    titles = [s.shapes.title.text for s in slides]
    assert titles[1] == "Alpha" and titles[5] == "Beta"
    assert [len(movies(s)) for s in slides] == [0, 0, 1, 1, 1, 0, 1, 1]
    assert notes(slides[7]) == "二"


def test_a_scene_without_sections_is_refused(tmp_path):
    folder = tmp_path / "zh-dark"
    clips.scene(folder, "Alpha", 0, [5])
    (folder / "sections" / "Alpha.json").unlink()
    with pytest.raises(deck.DeckError, match="Alpha.json is missing"):
        deck.scene_deck(folder, SPECS[0], STRINGS)
    with pytest.raises(deck.DeckError, match="Beta.mp4 does not exist"):
        deck.scene_deck(folder, SPECS[1], STRINGS)
    (folder / "sections" / "Alpha.json").write_text('[{"name": "00-title", "duration": 1}]')
    with pytest.raises(deck.DeckError, match="section 00-title names no clip"):
        deck.scene_deck(folder, SPECS[0], STRINGS)
