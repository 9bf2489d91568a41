"""kit.svgcopy: copies out of manim's SVG cache are whole, independent mobjects."""

import numpy as np
from manim import BLUE, RED, Text

from scenes.kit import svgcopy
from scenes.kit.svgcopy import structural_copy


def test_a_copy_has_the_same_points_and_is_independent():
    text = Text("注意力 attention", font_size=24)
    copy = structural_copy(text)
    originals = [m.points.copy() for m in text.family_members_with_points()]
    assert len(copy.submobjects) == len(text.submobjects)
    for a, b in zip(copy.family_members_with_points(), text.family_members_with_points()):
        assert a is not b and a.points is not b.points
        np.testing.assert_array_equal(a.points, b.points)
    copy.shift([1, 2, 0]).set_color(RED)
    for m, before in zip(text.family_members_with_points(), originals):
        np.testing.assert_array_equal(m.points, before)  # the original did not move
    assert text.get_color() != copy.get_color()


def test_shared_references_stay_shared_once():
    text = Text("ab", font_size=24)
    text.extra = [text[0], text[0]]  # one mobject reached twice
    copy = structural_copy(text)
    assert copy.extra[0] is copy.extra[1] is copy[0]


def test_cached_texts_equal_freshly_parsed_ones():
    svgcopy.install()
    first = Text("缓存 cache", font_size=30, use_svg_cache=True).set_color(BLUE)
    second = Text("缓存 cache", font_size=30, use_svg_cache=True)  # from the cache
    assert second[0] is not first[0]
    for a, b in zip(first.family_members_with_points(), second.family_members_with_points()):
        np.testing.assert_array_equal(a.points, b.points)


def test_deepcopy_shares_the_parsed_paths_and_copies_the_rest():
    import copy

    svgcopy.install()
    text = Text("路径 path", font_size=24)
    glyphs = [m for m in text.family_members_with_points() if hasattr(m, "path_obj")]
    assert glyphs, "a Text's glyphs keep their parsed svgelements path"
    twin = copy.deepcopy(text)
    twins = [m for m in twin.family_members_with_points() if hasattr(m, "path_obj")]
    for a, b in zip(glyphs, twins, strict=True):
        assert b.path_obj is a.path_obj  # read once, when the points were made: shared
        assert b is not a and b.points is not a.points and b.fill_rgbas is not a.fill_rgbas
        np.testing.assert_array_equal(a.points, b.points)
    twin.shift([1, 0, 0]).set_color(RED)
    assert not np.array_equal(twin[0].points, text[0].points)
    assert text.get_color() != twin.get_color()


def test_a_texts_groups_are_manims_made_when_read():
    from manim.mobject.svg import svg_mobject
    from manim.mobject.svg.svg_mobject import se

    svgcopy.install()
    text = Text("组 groups, 组", font_size=24)
    assert isinstance(text.id_to_vgroup_dict, svgcopy.LazyGroups)
    svg = se.SVG.parse(text.get_file_path())
    theirs_shapes, theirs = svgcopy._manim_get_mobjects_from(text, svg)
    mine_shapes, mine = svgcopy.get_mobjects_from(text, se.SVG.parse(text.get_file_path()))
    assert len(mine_shapes) == len(theirs_shapes) > 5
    for a, b in zip(mine_shapes, theirs_shapes, strict=True):
        np.testing.assert_array_equal(a.points, b.points)
    assert list(mine) == list(theirs) and len(mine) > len(mine_shapes)
    where = {id(m): i for i, m in enumerate(mine_shapes)}
    there = {id(m): i for i, m in enumerate(theirs_shapes)}
    for name in theirs:
        assert [where[id(m)] for m in mine[name]] == [there[id(m)] for m in theirs[name]], name


def test_copies_of_a_text_have_groups_of_their_own_shapes():
    import copy

    svgcopy.install()
    text = Text("复制 copy", font_size=24, use_svg_cache=True)
    for twin in (copy.deepcopy(text), structural_copy(text),
                 Text("复制 copy", font_size=24, use_svg_cache=True)):  # the last from the cache
        own = {id(m) for m in twin.submobjects}
        groups = twin.id_to_vgroup_dict
        assert set(groups) == set(text.id_to_vgroup_dict)
        assert {id(m) for m in groups["root"]} == own and len(own) == len(text.submobjects)
