"""LectureScene: the base of every topic scene.

It checks the machine (scenes.doctor) and the settings before drawing anything, applies the
theme, shows a title card, makes one named section per lecture step, writes the subtitles
(.srt) from the string catalogue, and records every number mobject it shows (``self.shown``)
so the tests can compare each displayed number with the reference value it came from.
"""

from __future__ import annotations

import math

from manim import DOWN, LEFT, UP, FadeIn, FullScreenRectangle, Group, Line, Scene, config

from scenes.kit import encoding, reuse, strings, system
from scenes.kit import theme as th
from scenes.kit.mobjects import NumberText, Shown, label, split_values
from scenes.kit.settings import SettingsError, load_settings, parse_sentence

# every frame is converted to the video's pixel format once, however long it is held
encoding.install()

# reading speed for subtitles: characters per second
READING_SPEED = {"zh": 6.0, "en": 15.0}
MIN_CAPTION = 1.6  # seconds a subtitle stays up at least


class LectureScene(Scene):
    """A lecture: ``title_card()``, then ``step(key)`` per section and ``say(key)`` per subtitle.

    Subclasses set ``topic`` (the string-catalogue prefix, e.g. "pe") and may set ``sentence``
    (space-separated words) to use another example sentence than the settings' one.
    """

    topic: str = ""
    sentence: str | None = None

    # ------------------------------------------------------------------ set-up
    def setup(self):
        if not config.dry_run:
            system.require()
        try:
            self.settings = load_settings()
            self.words = (self.settings.sentence if self.sentence is None
                          else parse_sentence(self.sentence, f"{type(self).__name__}.sentence"))
        except SettingsError as e:
            raise SystemExit(f"transformer_viz settings: {e}") from None
        self.lang = self.settings.lang
        self.theme = th.use(self.settings.theme)
        self.camera.background_color = self.theme.bg
        self.shown: list[Shown] = []
        self.sections: list[str] = []
        self._caption = None  # (text, start time, minimum duration)
        self._heading = None

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
        """Start the subtitle ``key``; it stays until the next one (at least its reading time).

        Numbers among ``values`` are formatted by the kit and recorded like on-screen numbers.
        """
        self._end_caption()
        full = self.key(key)
        filled, src, cells, places = split_values(values, decimals)
        if cells:
            self.shown.append(Shown(f"subtitle:{full}", src, cells, places))
        text = self.t(key, **filled)
        self._caption = (text, self.time, reading_time(text, self.lang))

    def _end_caption(self, hold: bool = True) -> None:
        if self._caption is None:
            return
        text, start, minimum = self._caption
        if hold and self.time - start < minimum:
            self.wait(minimum - (self.time - start))
        duration = self.time - start
        if duration > 0:
            self.add_subcaption(text, duration=duration, offset=-duration)
        self._caption = None

    # ------------------------------------------------------------------ structure
    def title_card(self) -> None:
        """Section 00: the topic's title and one-line subtitle."""
        self.next_section(name="00-title")
        self.sections.append("title")
        title = label(self.t("title"), th.TITLE, weight="BOLD")
        sub = label(self.t("subtitle"), th.BODY, self.theme.muted).next_to(title, DOWN, buff=0.4)
        rule = Line(LEFT * 3, [3, 0, 0], color=self.theme.blue, stroke_width=3)
        rule.next_to(title, DOWN, buff=0.2)
        sub.next_to(rule, DOWN, buff=0.3)
        card = Group(title, rule, sub).move_to([0, 0.3, 0])
        self.say("subtitle")
        self.play(FadeIn(card, shift=UP * 0.2), run_time=1.0)

    def step(self, key: str) -> None:
        """Start a lecture step: a new named section, a cleared screen and the step's heading."""
        self._end_caption()
        name = f"{len(self.sections):02d}-{key}"
        self.next_section(name=name)
        self.sections.append(key)
        heading = label(self.t(f"{key}.heading"), th.HEADING, weight="BOLD")
        heading.to_corner(UP + LEFT, buff=0.45)
        if self.mobjects:
            # fade the whole screen to the background with one curtain: one mobject to copy
            # and draw, however much the last step showed
            curtain = FullScreenRectangle(fill_color=self.theme.bg, fill_opacity=1,
                                          stroke_width=0)
            self.play(FadeIn(curtain), run_time=0.4)
            self.clear()
        self.play(FadeIn(heading), run_time=0.4)
        self._heading = heading

    def finish(self) -> None:
        """End the last step: the last subtitle gets its reading time, then a short hold."""
        self._end_caption()
        self.wait(0.5)

    def tear_down(self):
        self._end_caption(hold=False)
        super().tear_down()


def reading_time(text: str, lang: str) -> float:
    """Seconds a viewer needs to read ``text`` (CJK counts characters, English letters too)."""
    chars = sum(1 for c in text if not c.isspace())
    return max(MIN_CAPTION, math.ceil(2 * chars / READING_SPEED[lang]) / 2)
