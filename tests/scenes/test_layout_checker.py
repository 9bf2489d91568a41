"""The layout checker every scene test relies on (tests/scenes/helpers.layout_problems) finds
what it is there to find, and nothing else."""

from manim import DOWN, LEFT, RIGHT, UP, Rectangle, Text, VGroup

from tests.scenes.helpers import layout_problems


class Screen:
    def __init__(self, *mobjects):
        self.mobjects = list(mobjects)


class Solid(Rectangle):
    solid = True


def test_a_clean_screen_has_no_problem():
    a = Text("左 left", font_size=24).shift(LEFT * 3)
    b = Text("右 right", font_size=24).shift(RIGHT * 3)
    group = VGroup(Text("组", font_size=24), Text("group", font_size=24)).arrange(DOWN)
    assert layout_problems(Screen(a, b, group.shift(UP * 2)), "here") == []


def test_overlapping_texts_are_reported_once():
    a, b = Text("重叠 one", font_size=30), Text("重叠 two", font_size=30).shift(RIGHT * 0.2)
    problems = layout_problems(Screen(a, b), "s1")
    assert problems == ["s1: '重叠one' overlaps '重叠two'"]


def test_a_text_leaving_the_frame_or_the_subtitle_band():
    wide = Text("出界 out of the frame", font_size=30).shift(RIGHT * 6.5)
    low = Text("字幕区 subtitles", font_size=30).to_edge(DOWN, buff=0.05)
    problems = layout_problems(Screen(wide, low), "s2")
    assert len(problems) == 2 and all("leaves the frame" in p for p in problems)


def test_a_text_covering_a_block_but_not_its_own_label():
    block = Solid(width=2, height=1)
    label = Text("块", font_size=24).move_to(block)
    own = block.copy().shift(UP * 2)
    own.add(Text("自己", font_size=24).move_to(own))  # a label the block holds is its own
    problems = layout_problems(Screen(block, label, own), "s3")
    assert problems == ["s3: '块' covers a Solid"]
