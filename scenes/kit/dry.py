"""Dry builds: a scene's construct run to its end state without drawing or encoding a frame.

Tests and the golden stills build scenes this way. :class:`DryRenderer` is manim's Cairo
renderer with animations skipped (as ``skip_animations=True``) and two costs taken out:

- no frame is drawn for the static picture of each play and wait (a skipped play draws one
  anyway, to reuse it for frames it will never render);
- a play made only of animations that merely bring mobjects in or take them out (FadeIn,
  Create, Write, FadeOut, ..., and groups of them: AnimationGroup, LaggedStart) adds or removes
  them directly: their end state is the mobject itself, so copying it to interpolate from a
  faded start is skipped.

Everything else (transforms, ``.animate``, groups) goes through manim's own skipped play, so the
end state of every play, the scene's clock, its sections and its subtitles are the ones a real
render has. ``still(scene)`` draws the current screen once, as the video would show it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    AnimationGroup,
    Create,
    DrawBorderThenFill,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromCenter,
    GrowFromEdge,
    GrowFromPoint,
    LaggedStart,
    Uncreate,
    Wait,
    Write,
)
from manim.renderer.cairo_renderer import CairoRenderer

# animations whose end state is their mobject as it was given, in (or out of) the scene;
# exact types only: a subclass may change what it ends on
BRINGS_IN = (FadeIn, Create, Write, DrawBorderThenFill, GrowFromCenter, GrowArrow,
             GrowFromEdge, GrowFromPoint)
TAKES_OUT = (FadeOut, Uncreate)


GROUPS = (AnimationGroup, LaggedStart)  # exact types: their parts play together or staggered


def _plain(animation) -> bool:
    """An animation whose end state is its mobjects as given, in or out of the scene: a plain
    introducer or remover, or a group (AnimationGroup, LaggedStart) of plain animations."""
    if type(animation) in GROUPS:
        return all(_plain(a) for a in animation.animations)
    return type(animation) in BRINGS_IN + TAKES_OUT


def _take_out(scene, animation) -> None:
    """What cleaning up after ``animation`` does to the scene: removers leave it (a group
    passes its own remover flag to its parts, as manim's AnimationGroup does)."""
    if type(animation) in GROUPS:
        for part in animation.animations:
            if animation.remover:
                part.remover = animation.remover
            _take_out(scene, part)
    elif animation.is_remover():
        scene.remove(animation.mobject)


class DryRenderer(CairoRenderer):
    """Skips every animation and draws nothing unless asked (:func:`still`)."""

    def __init__(self, **kwargs):
        kwargs["skip_animations"] = True
        super().__init__(**kwargs)

    def update_frame(self, scene, mobjects=None, include_submobjects=True,
                     ignore_skipping=True, **kwargs):
        return None

    def save_static_frame_data(self, scene, static_mobjects):
        self.static_image = None

    def play(self, scene, *args, **kwargs):
        animations = scene.compile_animations(*args, **kwargs)
        scene.animations = animations
        waiting = (len(animations) == 1 and type(animations[0]) is Wait
                   and not scene.should_update_mobjects())
        if not waiting and not all(_plain(a) for a in animations):
            return super().play(scene, *args, **kwargs)
        # as manim does: a mobject taken out that is not on screen as a whole (a new group of
        # mobjects shown one by one) is added first, so that taking it out takes out its parts
        scene.add_mobjects_from_animations(animations)
        for a in animations:  # introducers (also inside groups) bring their mobject in
            a._setup_scene(scene)
        for a in animations:
            _take_out(scene, a)
        scene.duration = scene.get_run_time(animations)
        self.time += scene.duration
        self.file_writer.add_partial_movie_file(None)
        self.animations_hashes.append(None)
        self.num_plays += 1
        return None


def still(scene) -> np.ndarray:
    """The screen as the video shows it now: an RGB array [height, width, 3] (uint8)."""
    renderer = scene.renderer
    renderer.camera.reset()
    mobjects = list(scene.mobjects) + [m for m in scene.foreground_mobjects
                                       if m not in scene.mobjects]
    renderer.camera.capture_mobjects(mobjects, include_submobjects=True)
    return np.array(renderer.camera.pixel_array[:, :, :3])


def build(scene_cls, *, stills: bool = False, media_dir: str | None = None,
          quality: str = "low_quality"):
    """Run ``scene_cls``'s construct dry (settings from the environment, as a render would) and
    return the scene; with ``stills``, ``scene.stills`` is {section name: its last picture}."""
    from manim import tempconfig

    options = {"dry_run": True, "quality": quality, "progress_bar": "none"}
    if media_dir is not None:
        options["media_dir"] = str(media_dir)

    class Looked(scene_cls):
        def setup(self):
            super().setup()
            self.stills = {}

        def end_of_step(self):
            super().end_of_step()
            if stills:
                self.stills[self.section_names[-1]] = still(self)

    Looked.__name__ = Looked.__qualname__ = scene_cls.__name__
    with tempconfig(options):
        scene = Looked(renderer=DryRenderer())
        scene.render()
    return scene
