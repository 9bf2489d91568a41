"""PowerPoint decks of the rendered lectures (python-pptx): ``videos/<lang>-<theme>/<Scene>.pptx``
and ``videos/<lang>-<theme>/Lecture.pptx``.

A scene's deck: a title slide (the scene's title and subtitle from the string catalogue, in the
folder's language and theme colours), then one slide per section (sections/<Scene>.json): its
clip fills the slide and plays when the slide is shown (the timing PowerPoint itself writes for
"Start: Automatically"; a click on it pauses), the clip's last frame is the poster (what the
slide shows before and after playing, and what a PDF or a print of the deck shows), and its
subtitles are the speaker notes, as whole sentences. Each section slide also has its heading as
the slide title (behind the clip), so the outline, the slide sorter and screen readers name it.

``Lecture.pptx``: a title slide for the whole lecture, then every scene's deck in lecture order.

Clips are embedded (a deck is one file to copy onto a lecture-hall PC). The slide has the clip's
aspect ratio (16:9). The MP4s are the web-ready ones of scenes/tools/mp4.py, which PowerPoint,
Keynote and LibreOffice Impress play.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from scenes.tools import lecture, player
from scenes.tools import mp4 as mp4tools
from scenes.tools.common import SceneSpec, discover

SLIDE_WIDTH = Emu(12_192_000)  # PowerPoint's 16:9 width, 13.333 in; the height follows the clip
TITLE_PT, SUBTITLE_PT, SMALL_PT = 40, 22, 16  # the title slide's type sizes
CONTENTS_SEP = " · "  # between the scene titles on the lecture's title slide
TITLE_TOP, TITLE_HEIGHT = 0.30, 0.22  # the title's box, as fractions of the slide height
RULE_WIDTH, RULE_GAP, RULE_PT = 0.36, 0.02, 2.5  # the rule under the title (fractions; points)
SIDE_MARGIN = 0.08  # left and right of the title slide's text, fraction of the width
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5  # python-pptx's default template
MEDIA_VOLUME = 80000  # PowerPoint's default, 80 %
MP4_MIME = "video/mp4"
POSTER_SEEK = 1.0  # seconds before a clip's end from where its last frame is decoded
SENTENCE_END = re.compile(r"[。！？!?.…]['’\"”」』）)]*$")  # a cue that ends a sentence
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


class DeckError(ValueError):
    """A deck that cannot be made from what the folder holds."""


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    clip: Path
    duration: float
    notes: str


# ---------------------------------------------------------------- what goes on the slides


def _join(text: str, more: str, lang: str) -> str:
    """Two pieces of one sentence: Chinese joined as they are (a space only between two Latin
    words), English with a space."""
    if not text:
        return more
    if lang == "zh" and (CJK.search(text[-1]) or CJK.search(more[0])):
        return text + more
    return f"{text} {more}"


def notes_text(cues: list[tuple[float, float, str]], lang: str) -> str:
    """Subtitle cues as speaker notes: the cues (and the lines of a cue) of one sentence joined
    again, one paragraph per sentence."""
    paragraphs, current = [], ""
    for _, _, text in cues:
        for line in (part.strip() for part in text.split("\n")):
            if not line:
                continue
            current = _join(current, line, lang)
            if SENTENCE_END.search(line):
                paragraphs.append(current)
                current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def sections(folder: Path, spec: SceneSpec, lang: str, strings: dict) -> list[Section]:
    """The sections of a scene in ``folder``: clip, title, duration and speaker notes."""
    index = folder / "sections" / f"{spec.cls}.json"
    found = lecture.parts(folder, [spec], strings)
    if not found:
        raise DeckError(f"{folder / (spec.cls + '.mp4')} does not exist")
    part = found[0]
    if not part.sections:
        raise DeckError(f"{index} is missing or empty: render with sections "
                        "(python -m scenes render saves them)")
    entries = json.loads(index.read_text(encoding="utf-8"))
    # notes keep whole cues, each in the section it is shown in
    bounds = lecture.section_bounds(part.sections)
    own: list[list] = [[] for _ in bounds]
    for cue in part.cues:
        own[lecture.section_of_cue(cue, bounds)].append(cue)
    out = []
    for entry, (name, duration), mine in zip(entries, part.sections, own, strict=True):
        if not entry.get("video"):
            raise DeckError(f"{index}: section {name} names no clip (no 'video')")
        clip = folder / "sections" / Path(str(entry["video"])).name
        if not clip.is_file():
            raise DeckError(f"{index} lists {clip.name}, which is not in {clip.parent}")
        title = player.section_title(name, spec.topic, lang, strings, part.title)
        out.append(Section(name, title, clip, duration, notes_text(mine, lang)))
    return out


_posters: dict[tuple[str, int, int], bytes] = {}  # (clip, mtime, size) -> PNG: a scene's
# deck and the lecture's show the same posters; each is taken once a run


def poster(clip: Path) -> bytes:
    """The last frame of ``clip`` as PNG bytes (PyAV, in this process: decoding from the last
    keyframe at least a second before the end)."""
    import av  # PyAV, which Manim brings

    st = Path(clip).stat()
    key = (str(Path(clip).resolve()), st.st_mtime_ns, st.st_size)
    if key not in _posters:
        try:
            with av.open(str(clip)) as container:
                stream = container.streams.video[0]
                end = (container.duration or 0) / 1_000_000
                if end > POSTER_SEEK:
                    container.seek(int((end - POSTER_SEEK) * 1_000_000), backward=True)
                last = None
                for frame in container.decode(stream):
                    last = frame
            if last is None:
                raise DeckError(f"{clip} has no video frame")
            out = io.BytesIO()
            last.to_image().save(out, format="PNG")
        except av.FFmpegError as exc:
            raise DeckError(f"cannot take the last frame of {clip}: {exc}") from None
        _posters[key] = out.getvalue()
    return _posters[key]


# ---------------------------------------------------------------- building slides


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#")[:6].upper())


def _theme(name: str):
    from scenes.kit import theme as th  # imports manim: only when a deck is made

    return th.THEMES.get(name, th.THEMES["dark"]), th.FONT


def _fill_background(slide, hex_colour: str) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _colour(hex_colour)


def _style(run, size: float, hex_colour: str, font: str, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _colour(hex_colour)
    run.font.name = font
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):  # Chinese text takes the East Asian font
        el = rpr.find(qn(tag))
        if el is None:
            el = etree.SubElement(rpr, qn(tag))
        el.set("typeface", font)


def _set_text(shape, text: str, size: float, hex_colour: str, font: str, bold: bool = False,
              align=PP_ALIGN.CENTER) -> None:
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for n, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        _style(run, size, hex_colour, font, bold)


class DeckBuilder:
    """One presentation: title slides and section slides, in the given theme's colours."""

    def __init__(self, aspect: float, theme: str, lang: str):
        self.prs = Presentation()
        self.prs.slide_width = SLIDE_WIDTH
        self.prs.slide_height = Emu(round(SLIDE_WIDTH / aspect))
        self.colours, self.font = _theme(theme)
        self.lang = lang

    def title_slide(self, title: str, subtitle: str, subtitle_pt: float = SUBTITLE_PT) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[LAYOUT_TITLE])
        _fill_background(slide, self.colours.bg)
        w, h = self.prs.slide_width, self.prs.slide_height
        left, width = round(w * SIDE_MARGIN), round(w * (1 - 2 * SIDE_MARGIN))
        head, sub = slide.shapes.title, slide.placeholders[1]
        head.left, head.top, head.width, head.height = (left, round(h * TITLE_TOP), width,
                                                        round(h * TITLE_HEIGHT))
        _set_text(head, title, TITLE_PT, self.colours.text, self.font, bold=True)
        rule_y = head.top + head.height + round(h * RULE_GAP)
        rule = slide.shapes.add_connector(1, round(w * (1 - RULE_WIDTH) / 2), rule_y,
                                          round(w * (1 + RULE_WIDTH) / 2), rule_y)
        rule.line.color.rgb = _colour(self.colours.blue)
        rule.line.width = Pt(RULE_PT)
        sub.left, sub.top, sub.width = left, rule_y + round(h * RULE_GAP), width
        sub.height = round(h * TITLE_HEIGHT)
        _set_text(sub, subtitle, subtitle_pt, self.colours.muted, self.font)

    def section_slide(self, section: Section) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[LAYOUT_TITLE_ONLY])
        _fill_background(slide, self.colours.bg)
        w, h = self.prs.slide_width, self.prs.slide_height
        head = slide.shapes.title  # named in the outline; the clip covers it
        head.left, head.top, head.width, head.height = 0, 0, w, round(h * TITLE_HEIGHT)
        _set_text(head, section.title, TITLE_PT, self.colours.text, self.font, bold=True,
                  align=PP_ALIGN.LEFT)
        movie = slide.shapes.add_movie(str(section.clip), 0, 0, w, h,
                                       poster_frame_image=io.BytesIO(poster(section.clip)),
                                       mime_type=MP4_MIME)
        movie.name = section.title
        play_on_entry(slide, movie.shape_id, section.duration)
        if section.notes:
            slide.notes_slide.notes_text_frame.text = section.notes

    def scene(self, title: str, subtitle: str, secs: list[Section]) -> None:
        self.title_slide(title, subtitle)
        for section in secs:
            self.section_slide(section)

    def save(self, path: Path) -> Path:
        path = Path(path)
        tmp = path.with_name(f".{path.stem}.tmp.pptx")
        try:
            self.prs.save(str(tmp))
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
        return path


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _timing_xml(shape_id: int, duration_ms: int) -> str:
    """The slide timing PowerPoint writes for a video set to start automatically: the main
    sequence plays it (``playFrom(0.0)``) as the slide begins; clicks go on to the next slide."""
    return f"""<p:timing xmlns:p="{_P}"><p:tnLst><p:par>
<p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>
<p:seq concurrent="1" nextAc="seek">
<p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>
<p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/>
<p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst><p:childTnLst>
<p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>
<p:par><p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold"
 nodeType="afterEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>
<p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr><p:cTn id="6" dur="{duration_ms}" fill="hold"/>
<p:tgtEl><p:spTgt spid="{shape_id}"/></p:tgtEl></p:cBhvr></p:cmd>
</p:childTnLst></p:cTn></p:par>
</p:childTnLst></p:cTn></p:par>
</p:childTnLst></p:cTn></p:par>
</p:childTnLst></p:cTn>
<p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>
<p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>
</p:seq>
<p:video><p:cMediaNode vol="{MEDIA_VOLUME}"><p:cTn id="7" fill="hold" display="0">
<p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>
<p:tgtEl><p:spTgt spid="{shape_id}"/></p:tgtEl></p:cMediaNode></p:video>
</p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>"""


def play_on_entry(slide, shape_id: int, duration: float) -> None:
    """Replace the slide's timing (python-pptx's: play on a click on the video) by one that
    plays the video as soon as the slide is shown."""
    sld = slide._element
    for old in sld.findall(qn("p:timing")):
        sld.remove(old)
    timing = etree.fromstring(_timing_xml(shape_id, max(1, round(duration * 1000))))
    # p:timing comes after p:clrMapOvr and p:transition, before p:extLst
    ext = sld.find(qn("p:extLst"))
    if ext is not None:
        ext.addprevious(timing)
    else:
        sld.append(timing)


# ---------------------------------------------------------------- decks of a folder


def _aspect(secs: list[Section]) -> float:
    stream = mp4tools.video_stream(secs[0].clip)
    return int(stream["width"]) / int(stream["height"])


def _texts(spec: SceneSpec, lang: str, strings: dict) -> tuple[str, str]:
    title = player.scene_title(spec.cls, spec.topic, lang, strings)
    subtitle = player._text(strings, f"{spec.topic}.subtitle", lang) or ""
    return title, subtitle


def scene_deck(folder: Path, spec: SceneSpec, strings: dict | None = None) -> Path:
    """Write ``folder``/<Scene>.pptx; return its path."""
    folder = Path(folder)
    strings = player.catalogue() if strings is None else strings
    lang = lecture.folder_language(folder)
    theme = folder.name.partition("-")[2]
    secs = sections(folder, spec, lang, strings)
    deck = DeckBuilder(_aspect(secs), theme, lang)
    deck.scene(*_texts(spec, lang, strings), secs)
    return deck.save(folder / f"{spec.cls}.pptx")


def lecture_deck(folder: Path, specs: list[SceneSpec] | None = None,
                 strings: dict | None = None) -> Path:
    """Write ``folder``/Lecture.pptx: the lecture's title slide, then every scene of the folder
    in lecture order, as in its own deck; return its path."""
    folder = Path(folder)
    specs = discover() if specs is None else specs
    strings = player.catalogue() if strings is None else strings
    lang = lecture.folder_language(folder)
    theme = folder.name.partition("-")[2]
    scenes = [(s, sections(folder, s, lang, strings)) for s in specs
              if (folder / f"{s.cls}.mp4").is_file()]
    if not scenes:
        raise DeckError(f"{folder} holds no scene videos")
    deck = DeckBuilder(_aspect(scenes[0][1]), theme, lang)
    titles = [_texts(s, lang, strings)[0] for s, _ in scenes]
    deck.title_slide(player.ui_text()["heading"][lang], CONTENTS_SEP.join(titles), SMALL_PT)
    for spec, secs in scenes:
        deck.scene(*_texts(spec, lang, strings), secs)
    return deck.save(folder / f"{lecture.LECTURE}.pptx")
