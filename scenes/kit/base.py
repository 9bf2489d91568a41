"""LectureScene: the base of every topic scene.

It checks the machine (scenes.kit.system) and the settings before drawing anything, applies the
theme, shows a title card, makes one named section per lecture step, writes the subtitles
(.srt) from the string catalogue, and records every number mobject it shows (``self.shown``)
so the tests can compare each displayed number with the reference value it came from.

A scene declares its steps as data::

    class SelfAttention(LectureScene):
        steps = ("input", "qkv", "scores", "softmax")

        def prepare(self):          # every number the steps show, computed once
            self.o = ...

        def qkv(self):              # one method per step, named as the step (step_add for
                                    # a step named like a Scene method)
            ...

``construct`` prepares the data, shows the title card and runs each step in its own section on
a clear screen under its heading. The setting ``steps`` (TVIZ_STEPS=qkv,softmax) renders only
the chosen ones ("title" is the title card); a step therefore builds only from the prepared data,
never from what an earlier step left on screen.
"""

from __future__ import annotations

import inspect
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Group, Line, Scene, config

from scenes import strings
from scenes.kit import captions, encoding, reuse, svgcopy, system
from scenes.kit import theme as th
from scenes.kit.mobjects import NumberText, Shown, label, number_keys, split_values
from scenes.kit.settings import SettingsError, choose_steps, load_settings, parse_sentence
from scenes.kit.theme import PACE, SPACE
from scenes.reference.model import ModelFileError

# every frame is converted to the video's pixel format once, however long it is held
encoding.install()
# typeset text is copied out of manim's in-memory SVG cache without deepcopy
svgcopy.install()

# how fast a subtitle cue asks a viewer to read, in characters a second: at most the timed-text
# guides' 9 (zh) and 17 (en); zh stays slower, as the lectures were paced. zh counts every
# character but spaces (which only set Latin words apart), en every character, spaces too
READING_SPEED = {"zh": 6.0, "en": 17.0}
READING_STEP = 0.1  # seconds a cue's reading time is rounded up to
MIN_CAPTION = 1.6  # seconds a subtitle cue stays up at least
# output formats that are movies: a render into one saves a clip per section as well
MOVIE_FORMATS = ("mp4", "mov", "webm")
TOPICS_DIR = Path(__file__).resolve().parents[1]  # scenes/: one module per topic
SUBTITLE_BAND = 0.5  # the bottom of the frame is left to the players' subtitles
TITLE_RULE, TITLE_RULE_STROKE = 3, 3  # half the width of the title card's rule; its stroke
FINAL_HOLD = 0.5  # seconds the last picture stays after the last subtitle


@dataclass(frozen=True)
class Narration:
    """One narration paragraph (a ``say``): its catalogue id, its text, when it was up and the
    subtitle cues it was shown as (``captions.cues``)."""

    key: str
    text: str
    start: float
    end: float
    cues: tuple[str, ...]


def choose_section_output() -> None:
    """Save one clip per section (manim's ``save_sections``) with every movie render (mp4,
    mov, webm: the lecture player, the render driver and the decks use them), with a GIF only
    when asked (``--save_sections``), never for stills (``-s``, ``--format png``) or no output:
    manim refuses sections without a video."""
    fmt = str(config.format or "auto").lower()
    if fmt == "auto" and not (config.live_preview or config.enable_gui or config.dry_run):
        fmt = "mov" if config.transparent else "mp4"  # what manim makes of "auto"
    if fmt in MOVIE_FORMATS:
        config.save_sections = True
    elif fmt != "gif":
        config.save_sections = False


@dataclass(frozen=True)
class Region:
    """A rectangle of the frame (x0 < x1, y0 < y1), e.g. the stage a step draws on."""

    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2, 0])

    def fit(self, mobject, margin: float = 0):
        """Scale ``mobject`` down (never up) so that it fits inside, ``margin`` from each edge."""
        room = (self.width - 2 * margin, self.height - 2 * margin)
        factor = min([1] + [r / size for r, size in zip(room, (mobject.width, mobject.height))
                            if size > 0])
        if factor < 1:
            mobject.scale(factor)
        return mobject

    def place(self, mobject, margin: float = 0):
        """``mobject`` scaled down (never up) to fit inside, ``margin`` from each edge, and
        centred on the region."""
        return self.fit(mobject, margin).move_to(self.center)


class LectureScene(Scene):
    """A lecture: ``title_card()``, then ``step(key)`` per section and ``say(key)`` per subtitle.

    A topic's strings are ``scenes/strings/<topic>.toml``, ``topic`` being its module's name
    (set for every class defined in a module of scenes/). Subclasses may set ``sentence``
    (space-separated words) to use another example sentence than the settings' one, and declare
    ``steps`` (see the module's docstring).
    """

    topic: str = ""
    sentence: str | None = None
    steps: tuple[str, ...] = ()  # the lecture's steps in order; step "x" is drawn by x() (or step_x())

    def __init__(self, *args, **kwargs):
        choose_section_output()  # before manim plans what this render writes
        super().__init__(*args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "topic" not in cls.__dict__:
            try:
                path = Path(inspect.getfile(cls)).resolve()
            except (TypeError, OSError):
                return
            if path.parent == TOPICS_DIR:
                cls.topic = path.stem

    # ------------------------------------------------------------------ set-up
    def setup(self):
        if not config.dry_run:
            system.require()
        try:
            self.settings = load_settings()
            self.words = (self.settings.sentence if self.sentence is None
                          else parse_sentence(self.sentence, f"{type(self).__name__}.sentence"))
            self.chosen_steps = self._chosen_steps()
        except SettingsError as e:
            raise SystemExit(f"transformer_viz settings: {e}") from None
        except ModelFileError as e:
            raise SystemExit(f"transformer_viz: {e}") from None
        self.lang = self.settings.lang
        self.theme = th.use(self.settings.theme)
        self.camera.background_color = self.theme.bg
        self.shown: list[Shown] = []
        self.sections: list[str] = []  # the step keys, "title" first
        self.section_names: list[str] = []  # the sections as manim names them ("03-softmax")
        self._caption = None  # (key, text, its cues, start time, minimum duration)
        self.narration: list[Narration] = []  # every paragraph said, in order
        self._heading = None

    def _chosen_steps(self) -> tuple[str, ...]:
        name = type(self).__name__
        if not self.steps:
            if self.settings.steps:
                raise SettingsError(f"{name} does not declare its steps, so it cannot render "
                                    f"only {', '.join(self.settings.steps)} (from "
                                    f"{self.settings.steps_from}); leave the setting empty")
            return ()
        for key in self.steps:
            if not callable(getattr(self, f"step_{key}", None)):
                if hasattr(Scene, key):
                    raise TypeError(f"{name}.steps names {key!r}, which is Scene.{key}: draw "
                                    f"that step in a method step_{key}")
                if not callable(getattr(self, key, None)):
                    raise TypeError(f"{name}.steps names {key!r} but {name} has no method "
                                    f"{key} (or step_{key})")
        return choose_steps(self.settings.steps, tuple(self.steps), name,
                            self.settings.steps_from)

    # ------------------------------------------------------------------ the lecture
    def prepare(self) -> None:
        """Compute, once, everything the steps show (override); steps read only this."""

    def construct(self):
        """The title card, then each chosen step in its own section (scenes that declare
        ``steps``; others override construct)."""
        if not self.steps:
            raise NotImplementedError(f"{type(self).__name__} declares no steps")
        self.prepare()
        if "title" in self.chosen_steps:
            self.title_card()
        for number, key in enumerate(self.steps, start=1):
            if key in self.chosen_steps:
                self.step(key, number)
                self.step_method(key)()
        self.finish()

    def on_stage(self, mobject, region: Region | None = None, margin: float = SPACE.md):
        """``mobject`` fitted to ``region`` (default: the stage), ``margin`` from its edges, and
        centred on it."""
        return (region or self.stage()).place(mobject, margin)

    def under_heading(self, mobject, buff: float = SPACE.lg):
        """``mobject`` at the top of the stage, its left edge on the heading's."""
        return mobject.next_to(self._heading, DOWN, buff=buff).align_to(self._heading, LEFT)

    def step_method(self, key: str):
        """The method that draws step ``key``: ``step_<key>`` if the scene has one (a step named
        like an attribute of manim's Scene, e.g. "add", needs it), else ``<key>``."""
        method = getattr(self, f"step_{key}", None)
        return method if callable(method) else getattr(self, key)

    def stage(self) -> Region:
        """Where a step draws: the frame below the step's heading (the whole frame without
        one), above the band the players keep for subtitles."""
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        top = half_h if self._heading is None else self._heading.get_bottom()[1] - SPACE.md
        return Region(-half_w, half_w, -half_h + SUBTITLE_BAND, top)

    @property
    def heading(self):
        """The current step's heading (None on the title card)."""
        return self._heading

    def end_of_step(self) -> None:
        """Called when a step's screen is complete: before the next step clears it, and at the
        end. Tests and still builders look at the screen here."""

    def start_of_step(self) -> None:
        """Called when a step's section opens, on the picture its clip starts with: the
        background and the step's heading. Tests look at the screen here."""

    # ------------------------------------------------------------------ rendering
    def render(self, preview: bool = False) -> bool:
        """Render, or keep the last outputs when none of the scene's inputs changed (kit.reuse)."""
        writer = getattr(self.renderer, "file_writer", None)
        try:
            movie = writer.movie_file_path
            plan = writer.output_plan
        except AttributeError:  # no video output planned: nothing to reuse
            return super().render(preview)
        if preview or not reuse.enabled():
            return super().render(preview)
        key = reuse.inputs_key(type(self).__name__)
        if reuse.still_current(movie, key):
            reuse.log_reuse(type(self).__name__, movie)
            return False
        reuse.forget(movie)
        result = super().render(preview)
        reuse.record(movie, key, reuse.outputs(movie, plan.section_index, plan.subcaption_file))
        return result

    # ------------------------------------------------------------------ strings
    def key(self, key: str) -> str:
        """The catalogue id of ``key``: ``topic.key`` when the topic has it, else ``key``."""
        return f"{self.topic}.{key}" if f"{self.topic}.{key}" in strings.STRINGS else key

    def t(self, key: str, **values) -> str:
        """The catalogue text of ``key`` in the scene's language."""
        return strings.t(self.key(key), self.lang, **values)

    # ------------------------------------------------------------------ recording numbers
    def add(self, *mobjects):
        self._record(mobjects)
        return super().add(*mobjects)

    def replace(self, old, new):
        """ReplacementTransform brings its target in here, not through add()."""
        self._record([new])
        return super().replace(old, new)

    def _record(self, mobjects) -> None:
        for m in mobjects:
            for part in m.get_family():
                record = getattr(part, "record", None)
                if isinstance(record, Shown) and all(r is not record for r in self.shown):
                    self.shown.append(record)

    # ------------------------------------------------------------------ subtitles
    def text(self, key: str, size: float = th.BODY, color: str | None = None,
             decimals: int | None = 0, weight: str = "NORMAL", **values):
        """A catalogue text on screen; numbers among ``values`` are kit-formatted and recorded."""
        full = self.key(key)
        return NumberText(strings.STRINGS[full][self.lang], full, decimals, size, color, weight,
                          **values)

    def say(self, key: str, decimals: int | None = 0, **values) -> None:
        """Start the narration ``key``; it stays until the next one, at least as long as its
        subtitle cues take to read (the scene waits when the animations are shorter).

        The paragraph is shown as consecutive cues of at most two short lines
        (``captions.cues``), sharing its time in proportion to their reading times. Numbers
        among ``values`` are formatted by the kit and recorded like on-screen numbers.
        """
        self._end_caption()
        full = self.key(key)
        filled, src, cells, places = split_values(values, decimals)
        if cells:
            self.shown.append(Shown(f"subtitle:{full}", src, cells, places, number_keys(values)))
        text = self.t(key, **filled)
        cues = captions.cues(text, self.lang)
        self._caption = (full, text, cues, self.time,
                         sum(reading_time(c, self.lang) for c in cues))

    def _end_caption(self, hold: bool = True) -> None:
        if self._caption is None:
            return
        key, text, cues, start, minimum = self._caption
        if hold and self.time - start < minimum:
            self.wait(whole_frames(minimum - (self.time - start)))
        end = self.time
        if end > start:
            for (a, b), cue in zip(cue_times(cues, start, end, self.lang), cues):
                self.add_subcaption(cue, duration=b - a, offset=a - self.time)
        self.narration.append(Narration(key, text, start, end, cues))
        self._caption = None

    # ------------------------------------------------------------------ structure
    def title_card(self) -> None:
        """Section 00: the topic's title and one-line subtitle."""
        self.next_section(name="00-title")
        self.sections.append("title")
        self.section_names.append("00-title")
        title = label(self.t("title"), th.TITLE, weight="BOLD")
        sub = label(self.t("subtitle"), th.BODY, self.theme.muted)
        rule = Line(LEFT * TITLE_RULE, RIGHT * TITLE_RULE, color=self.theme.blue,
                    stroke_width=TITLE_RULE_STROKE)
        rule.next_to(title, DOWN, buff=SPACE.sm)
        sub.next_to(rule, DOWN, buff=SPACE.md)
        card = Group(title, rule, sub).move_to(UP * SPACE.md)
        self.say("subtitle")
        self.play(FadeIn(card, shift=UP * SPACE.sm), run_time=PACE.steady)

    def step(self, key: str, number: int | None = None) -> None:
        """Start a lecture step: a new named section, a cleared screen and the step's heading.

        ``number`` is the step's place in the lecture (the section is named ``03-softmax``);
        by default, the number of sections so far."""
        if self.sections:
            self.end_of_step()
        self._end_caption()
        name = f"{len(self.sections) if number is None else number:02d}-{key}"
        self.next_section(name=name)
        self.sections.append(key)
        self.section_names.append(name)
        heading = label(self.t(f"{key}.heading"), th.HEADING, weight="BOLD")
        heading.to_corner(UP + LEFT, buff=SPACE.lg)
        # the section opens on its own screen: the last step's picture is its clip's last
        # frame and none of it reaches this clip, whose first frame is the background and the
        # heading (the step's content then comes in with its own animations)
        self.clear()
        self.add(heading)
        self._heading = heading
        self.start_of_step()

    def finish(self) -> None:
        """End the last step: the last subtitle gets its reading time, then a short hold."""
        if self.sections:
            self.end_of_step()
        self._end_caption()
        self.wait(FINAL_HOLD)

    def tear_down(self):
        self._end_caption(hold=False)
        super().tear_down()


def reading_time(text: str, lang: str) -> float:
    """Seconds a viewer needs to read the cue ``text``: its characters (zh: but spaces; en:
    spaces too; line breaks never) at ``READING_SPEED``, rounded up to ``READING_STEP``, at
    least ``MIN_CAPTION``."""
    chars = (sum(not c.isspace() for c in text) if lang == "zh"
             else len(text) - text.count("\n"))
    steps = math.ceil(round(chars / READING_SPEED[lang] / READING_STEP, 6))
    return max(MIN_CAPTION, round(steps * READING_STEP, 6))


def whole_frames(seconds: float) -> float:
    """``seconds`` rounded up to whole frames: a render holds a still picture for a whole
    number of frames, rounded down (manim's ``int(duration / dt)``), so a reading hold asks
    for the next whole frame and a hair more, and is never cut short."""
    fps = config.frame_rate
    return (math.ceil(seconds * fps - 1e-6) + 1e-3) / fps


def cue_times(cues, start: float, end: float, lang: str) -> list[tuple[float, float]]:
    """(start, end) of each cue of a paragraph shown from ``start`` to ``end`` (at least the
    sum of the cues' reading times): one after the other, each its reading time and a share of
    the time left over in proportion to it (whole milliseconds; the last cue takes the rest),
    on whole microseconds (as the .srt stores them), so that each cue ends where the next
    begins."""
    weights = [reading_time(c, lang) for c in cues]
    total = sum(weights)
    spare = max(0.0, (end - start) - total)
    edges, t = [start], start
    for w in weights[:-1]:
        t += w + math.floor(spare * w / total * 1000) / 1000
        edges.append(round(t, 6))
    edges.append(end)
    return list(itertools.pairwise(edges))
