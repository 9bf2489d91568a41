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


def test_parsed_svgs_kept_on_disk_load_as_they_were_parsed(tmp_path):
    from manim import tempconfig
    from manim.mobject.svg import svg_mobject

    svgcopy.install()
    with tempconfig({"media_dir": str(tmp_path)}):
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
        fresh = Text("磁盘 disk 0.25", font_size=30, use_svg_cache=True)
        kept = sorted((tmp_path / svgcopy.DISK_FOLDER).iterdir())
        assert len(kept) == 1 and kept[0].name.endswith(".pickle.z")
        assert svgcopy.disk_path(fresh) == kept[0]
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()  # as in another process
        loaded = Text("磁盘 disk 0.25", font_size=30, use_svg_cache=True)
        assert len(loaded.submobjects) == len(fresh.submobjects) > 5
        for a, b in zip(fresh.family_members_with_points(), loaded.family_members_with_points(),
                        strict=True):
            np.testing.assert_array_equal(a.points, b.points)
            np.testing.assert_array_equal(a.fill_rgbas, b.fill_rgbas)
        assert set(loaded.id_to_vgroup_dict) == set(fresh.id_to_vgroup_dict)
        kept[0].write_bytes(b"not a pickle")  # a broken file is parsed again
        svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
        again = Text("磁盘 disk 0.25", font_size=30, use_svg_cache=True)
        np.testing.assert_array_equal(again[0].points, fresh[0].points)
        assert svgcopy.load_parsed(kept[0]) is not None  # and kept anew


def test_the_disk_name_follows_the_svg_and_how_it_is_parsed(tmp_path):
    from manim import tempconfig

    svgcopy.install()
    with tempconfig({"media_dir": str(tmp_path)}):
        a = Text("甲", font_size=30, use_svg_cache=True)
        b = Text("乙", font_size=30, use_svg_cache=True)
        c = Text("甲", font_size=30, use_svg_cache=True, weight="BOLD")
        names = {svgcopy.disk_path(m) for m in (a, b, c)}
        assert len(names) == 3
        assert svgcopy._stable({"b": 1, "a": (2, None)}) == svgcopy._stable({"a": (2, None), "b": 1})


def test_a_text_that_cannot_be_kept_is_made_all_the_same(tmp_path):
    from manim import tempconfig

    svgcopy.install()

    class Local(Text):  # a class pickle cannot name
        pass

    with tempconfig({"media_dir": str(tmp_path)}):
        text = Local("本地 local", font_size=24)
        again = Local("本地 local", font_size=24)
    np.testing.assert_array_equal(text[0].points, again[0].points)
    assert not list((tmp_path / svgcopy.DISK_FOLDER).glob("*"))  # nothing kept, nothing left
