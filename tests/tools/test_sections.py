"""scenes.tools.sections without rendering: a scene's sections read from its source, the inputs
key of each section (what changes it and what does not), the record check, the recording
catalogue, the plan's lines, subtitle offsets and the join (on tiny ffmpeg clips)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from scenes import strings
from scenes.tools import common, render
from scenes.tools import sections as S

REPO_ROOT = Path(__file__).resolve().parents[2]
needs_ffmpeg = pytest.mark.skipif(not all(shutil.which(t) for t in ("ffmpeg", "ffprobe")),
                                  reason="needs ffmpeg")

DEMO = '''"""A demo lecture."""
from scenes.kit import LectureScene
from scenes.parts.demo import thing


def outside():
    return "shared helper"


class _Base(LectureScene):
    def helper(self):
        return thing()

    def second(self):
        self.say("second.say1")


class Demo(_Base):
    steps = ("first", "second", "add")

    def prepare(self):
        self.value = 1

    def first(self):
        self.say("first.say1")

    @staticmethod
    def decorate():
        pass

    @property
    def step_add(self):
        return self.say("add.say1")


class Variant(Demo):
    pass


class NoSteps(LectureScene):
    pass


class Computed(LectureScene):
    steps = tuple(name for name in ("a", "b"))
'''
TOML = '''[title]
zh = "演示"
en = "Demo"

[subtitle]
zh = "副标题"
en = "Subtitle"

[axis]
zh = "轴"
en = "axis"

[first.heading]
zh = "第一"
en = "First"

[first.say1]
zh = "第一句。"
en = "The first."

[first.label]
zh = "标签"
en = "label"

[second.heading]
zh = "第二"
en = "Second"

[second.say1]
zh = "第二句。"
en = "The second."

[add.heading]
zh = "加"
en = "Add"

[add.say1]
zh = "加一句。"
en = "Add one."
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A tiny repo: kit, reference, assets, manim.cfg, a topic with its parts and strings."""
    root = tmp_path / "repo"
    files = {
        "manim.cfg": "[CLI]\nmedia_dir = ./media\n",
        "assets/model.txt": "weights",
        "scenes/__init__.py": "",
        "scenes/kit/__init__.py": "LectureScene = object\n",
        "scenes/kit/look.py": "COLOUR = 'blue'\n",
        "scenes/reference/__init__.py": "def f(): return 1\n",
        "scenes/parts/__init__.py": "",
        "scenes/parts/demo.py": "def thing():\n    return 'a thing'\n",
        "scenes/strings/demo.toml": TOML,
        "scenes/strings/common.toml": '[next]\nzh = "下一步"\nen = "next"\n',
        "scenes/demo.py": DEMO,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(common, "SCENES_DIR", root / "scenes")
    monkeypatch.delenv("TVIZ_STEPS", raising=False)
    monkeypatch.delenv("TVIZ_SENTENCE", raising=False)
    return root


SPEC = common.SceneSpec("demo", "Demo", "demo")


def target(root: Path, lang="zh", quality="l", spec=SPEC) -> S.Target:
    return S.Target(spec, lang, "dark", quality, None, root / "media")


def keys(root: Path, lang="zh", strings_dir=None, reads=None, **kw) -> dict[str, str]:
    inputs = S.Inputs(root, strings_dir)
    t = target(root, lang, **kw)
    return {s.name: S.section_key(inputs, t, s, (reads or {}).get(s.name, ()))
            for s in S.sections_of(inputs.scene(SPEC))}


def changed(before: dict, after: dict) -> list[str]:
    assert before.keys() == after.keys()
    return [name for name in before if before[name] != after[name]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- the source


def test_a_scenes_steps_methods_and_imports_are_read_from_its_source(project):
    source = S.Inputs(project).scene(SPEC)
    assert source.steps == ("first", "second", "add")
    assert source.step_code["first"].lstrip().startswith("def first(self):")
    assert "second.say1" in source.step_code["second"]  # drawn by a base class of the module
    assert source.step_code["add"].lstrip().startswith("@property")  # step_add, decorated
    other = source.other_code
    assert "first.say1" not in other and "second.say1" not in other and "add.say1" not in other
    assert "def helper" in other and "def prepare" in other and "def outside" in other
    assert "# <step first>" in other
    assert source.imports == ("scenes/parts/__init__.py", "scenes/parts/demo.py")


def test_inherited_missing_and_computed_steps(project):
    inputs = S.Inputs(project)
    assert inputs.scene(common.SceneSpec("demo", "Variant", "demo")).steps == SPEC_STEPS
    assert inputs.scene(common.SceneSpec("demo", "NoSteps", "demo")).steps is None
    assert inputs.scene(common.SceneSpec("demo", "Computed", "demo")).steps is None
    with pytest.raises(S.SectionError, match="no class 'Nope'"):
        inputs.scene(common.SceneSpec("demo", "Nope", "demo"))


SPEC_STEPS = ("first", "second", "add")


def test_sections_are_numbered_as_the_lecture_numbers_them(project):
    source = S.Inputs(project).scene(SPEC)
    every = S.sections_of(source)
    assert [(s.name, s.last) for s in every] == [("00-title", False), ("01-first", False),
                                                 ("02-second", False), ("03-add", True)]
    assert every[-1].folder == "03-add-last" and every[0].folder == "00-title"
    chosen = S.sections_of(source, ("second", "title"))
    assert [(s.name, s.last) for s in chosen] == [("00-title", False), ("02-second", True)]
    with pytest.raises(S.SectionError, match="no step 'third'.*accepted: title, first, second"):
        S.sections_of(source, ("third",))
    assert S.parse_section(source, "02-second", True) == S.Section("second", 2, True)
    with pytest.raises(S.SectionError, match="no section '02-first'; accepted: 00-title"):
        S.parse_section(source, "02-first", False)


# ---------------------------------------------------------------- inputs keys


def test_the_strings_of_a_step_its_own_the_title_cards_and_the_shared_ones(project):
    inputs = S.Inputs(project)
    source = inputs.scene(SPEC)
    own = {s.step: set(inputs.own_strings(source, s)) for s in S.sections_of(source)}
    assert own["title"] == {"demo.title", "demo.subtitle", "demo.axis"}
    assert own["first"] == {"demo.first.heading", "demo.first.say1", "demo.first.label",
                            "demo.axis"}
    assert "demo.second.say1" in own["second"] and "demo.first.say1" not in own["second"]


def test_editing_one_steps_subtitle_changes_that_sections_key_only(project, tmp_path):
    copy = tmp_path / "strings"
    shutil.copytree(project / "scenes" / "strings", copy)
    before, before_en = keys(project, strings_dir=copy), keys(project, "en", strings_dir=copy)
    assert len(set(before.values())) == 4
    edit(copy / "demo.toml", 'zh = "第一句。"', 'zh = "改过的第一句。"')
    assert changed(before, keys(project, strings_dir=copy)) == ["01-first"]
    assert changed(before_en, keys(project, "en", strings_dir=copy)) == []  # zh text only
    edit(copy / "demo.toml", 'zh = "副标题"', 'zh = "新的副标题"')
    assert changed(before, keys(project, strings_dir=copy)) == ["00-title", "01-first"]
    edit(copy / "demo.toml", 'zh = "轴"', 'zh = "坐标轴"')  # shared: every section
    assert len(changed(before, keys(project, strings_dir=copy))) == 4


def test_a_string_a_section_read_last_time_counts_for_it(project, tmp_path):
    copy = tmp_path / "strings"
    shutil.copytree(project / "scenes" / "strings", copy)
    reads = {"03-add": ["demo.first.label", "next"]}  # read by ids the step computed
    before = keys(project, strings_dir=copy, reads=reads)
    edit(copy / "demo.toml", 'zh = "标签"', 'zh = "新标签"')
    assert changed(before, keys(project, strings_dir=copy, reads=reads)) == ["01-first", "03-add"]
    edit(copy / "common.toml", 'zh = "下一步"', 'zh = "再下一步"')
    before_common = keys(project, strings_dir=copy, reads=reads)
    edit(copy / "common.toml", 'zh = "再下一步"', 'zh = "下一步"')
    assert changed(before_common, keys(project, strings_dir=copy, reads=reads)) == ["03-add"]


def test_code_data_and_settings_in_the_key(project):
    before = keys(project)
    demo = project / "scenes" / "demo.py"
    edit(demo, 'self.say("first.say1")', 'self.say("first.say1")\n        self.wait()')
    assert changed(before, keys(project)) == ["01-first"]
    before = keys(project)
    edit(demo, 'return "shared helper"', 'return "another helper"')  # the module's other code
    assert len(changed(before, keys(project))) == 4
    for rel, old, new in (("scenes/parts/demo.py", "a thing", "two things"),
                          ("scenes/kit/look.py", "blue", "red"),
                          ("scenes/reference/__init__.py", "return 1", "return 2"),
                          ("assets/model.txt", "weights", "new weights"),
                          ("manim.cfg", "./media", "./other")):
        before = keys(project)
        edit(project / rel, old, new)
        assert len(changed(before, keys(project))) == 4, rel
    base = keys(project)
    assert len(changed(base, keys(project, "en"))) == 4
    assert len(changed(base, keys(project, quality="h"))) == 4
    inputs, t = S.Inputs(project), target(project)
    assert (S.section_key(inputs, t, S.Section("add", 3, True))
            != S.section_key(inputs, t, S.Section("add", 3, False)))  # the final hold


def test_editing_a_real_steps_subtitle_changes_that_section_only(tmp_path, monkeypatch):
    """PositionalEncoding with a copy of the real catalogue: formula.say1 edited (zh)."""
    monkeypatch.setattr(common, "SCENES_DIR", REPO_ROOT / "scenes")
    spec = common.SceneSpec("positional_encoding", "PositionalEncoding", "positional_encoding")
    copy = tmp_path / "strings"
    shutil.copytree(REPO_ROOT / "scenes" / "strings", copy, ignore=shutil.ignore_patterns("*.py"))

    def all_keys():
        inputs = S.Inputs(REPO_ROOT, copy)
        t = S.Target(spec, "zh", "dark", "l", None, tmp_path / "media")
        return {s.name: S.section_key(inputs, t, s) for s in S.sections_of(inputs.scene(spec))}

    before = all_keys()
    assert "02-formula" in before and len(before) >= 4 and len(set(before.values())) == len(before)
    text = strings.read(copy / "positional_encoding.toml")["formula.say1"]["zh"]
    edit(copy / "positional_encoding.toml", text, text + "再看一遍。")
    assert changed(before, all_keys()) == ["02-formula"]


# ---------------------------------------------------------------- records


def fake_record(inputs: S.Inputs, t: S.Target, section: S.Section, seconds: float,
                cues=(), reads=(), clip: Path | None = None) -> Path:
    """A section's store as a worker leaves it (its clip copied from ``clip``)."""
    store = t.store(section)
    (store / "sections").mkdir(parents=True, exist_ok=True)
    name = f"sections/{t.spec.cls}_0000_{section.name}.mp4"
    if clip is None:
        (store / name).write_bytes(b"clip")
    else:
        shutil.copyfile(clip, store / name)
    own = set(inputs.own_strings(inputs.scene(t.spec), section)) | set(reads)
    record = {"static": inputs.static_key(t, section),
              "strings": S.strings_key(inputs.catalogue, t.lang, own), "reads": list(reads),
              "everything": False, "time": seconds, "cues": [list(c) for c in cues],
              "clip": name, "index": {"name": section.name, "type": "default.normal",
                                      "video": Path(name).name, "duration": f"{seconds:.6f}"},
              "files": {name: (store / name).stat().st_size}}
    (store / S.RECORD).write_text(json.dumps(record), encoding="utf-8")
    return store


def test_a_kept_section_is_current_until_an_input_or_output_changes(project, tmp_path):
    inputs, t = S.Inputs(project), target(project)
    first = S.sections_of(inputs.scene(SPEC))[1]
    assert S.check(inputs, t, first) == (False, "not rendered yet")
    store = fake_record(inputs, t, first, 3.0, reads=["next"])
    assert S.check(inputs, t, first) == (True, "unchanged")
    copy = tmp_path / "strings"
    shutil.copytree(project / "scenes" / "strings", copy)
    edit(copy / "common.toml", 'zh = "下一步"', 'zh = "再下一步"')  # read last time
    assert S.check(S.Inputs(project, copy), t, first) == (False, "its text changed")
    edit(project / "scenes" / "demo.py", "self.value = 1", "self.value = 2")
    assert S.check(S.Inputs(project), t, first) == (False, "its code, data or settings changed")
    edit(project / "scenes" / "demo.py", "self.value = 2", "self.value = 1")
    (store / "sections" / f"Demo_0000_{first.name}.mp4").write_bytes(b"other size")
    assert S.check(S.Inputs(project), t, first)[1].endswith("is missing or changed")


def test_the_recording_catalogue_notes_every_lookup():
    log = S.ReadLog({"a": {"zh": "甲"}, "b": {"zh": "乙"}})
    assert log["a"]["zh"] == "甲" and "c" not in log and log.get("b") is not None
    assert log.take() == ({"a", "b", "c"}, False)
    assert log.take() == (set(), False)
    assert sorted(log) == ["a", "b"]  # a walk: the section depends on every id
    assert log.take() == (set(), True)
    assert S.strings_key(log, "zh", ["a"]) == S.strings_key({"a": {"zh": "甲"}}, "zh", ["a"])
    assert log.take() == (set(), False)  # the key's own reads are not recorded


# ---------------------------------------------------------------- the plan


def test_plan_one_line_per_section_then_one_join_per_scene(monkeypatch):
    monkeypatch.setattr(common, "SCENES_DIR", REPO_ROOT / "scenes")
    monkeypatch.setenv("TVIZ_STEPS", "formula,title,order")
    monkeypatch.setenv("TVIZ_SENTENCE", "我 爱 学习")
    spec = common.SceneSpec("positional_encoding", "PositionalEncoding", "positional_encoding")
    jobs = render.make_jobs([spec], ["zh", "en"], ["dark"], "l")
    lines = S.plan_lines(jobs)
    assert len(lines) == 8
    words = [shlex.split(line) for line in lines]
    assert words[0][:3] == ["TVIZ_LANG=zh", "TVIZ_THEME=dark", "TVIZ_SENTENCE=我 爱 学习"]
    assert [w[5:] for w in words[:3]] == [
        ["scenes.tools.sections", "section", "-ql", "positional_encoding:PositionalEncoding", n]
        for n in ("00-title", "01-order")] + [
        ["scenes.tools.sections", "section", "-ql", "positional_encoding:PositionalEncoding",
         "02-formula", "--last"]]
    assert words[3][0] == "TVIZ_LANG=en" and words[5][-1] == "--last"
    assert [w[5:] for w in words[6:]] == [
        ["scenes.tools.sections", "join", "-ql", "positional_encoding:PositionalEncoding",
         "00-title,01-order,02-formula"]] * 2
    assert [w[0] for w in words[6:]] == ["TVIZ_LANG=zh", "TVIZ_LANG=en"]
    assert not any("TVIZ_STEPS" in line for line in lines)  # the sections say it


def test_a_scene_without_steps_keeps_its_whole_render_line(monkeypatch, fake_scenes):
    monkeypatch.setattr(common, "SCENES_DIR", fake_scenes)
    monkeypatch.delenv("TVIZ_STEPS", raising=False)
    jobs = render.make_jobs([common.SceneSpec("alpha", "AlphaMain", "alpha")], ["zh"], ["dark"],
                            "l")
    assert S.plan_lines(jobs) == render.plan_lines(jobs)


# ---------------------------------------------------------------- subtitles and joins


def test_subtitles_are_moved_by_the_sections_before_them():
    import srt

    subs = S.joined_cues([(3.4, [(0.0, 3.4, "标题")]),
                          (2.0, [(0.25, 1.0, "one"), (1.25, 0.75, "two")]),
                          (1.5, []), (1.0, [(0.5, 0.5, "last")])])
    assert [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in subs] == [
        (0.0, 3.4, "标题"), (3.65, 4.65, "one"), (4.65, 5.4, "two"), (7.4, 7.9, "last")]
    assert srt.compose(subs).splitlines()[:3] == ["1", "00:00:00,000 --> 00:00:03,400", "标题"]


def test_the_concat_list_names_every_clip_in_order_with_quotes_escaped(tmp_path):
    text = S.concat_manifest([tmp_path / "a.mp4", tmp_path / "it's.mp4"])
    assert text.splitlines()[1:] == [f"file 'file:{tmp_path}/a.mp4'",
                                     f"file 'file:{tmp_path}/it'\\''s.mp4'"]


def lavfi_clip(path: Path, colour: str, seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"color=c={colour}:s=160x90:r=15:d={seconds}", "-pix_fmt", "yuv420p",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", str(path)], check=True)
    return path


def packets(path: Path) -> list[tuple[int, int, bytes]]:
    import av

    with av.open(str(path)) as c:
        return [(p.pts, p.duration, bytes(p)) for p in c.demux(c.streams.video[0])
                if p.dts is not None]


@needs_ffmpeg
def test_concat_copies_every_packet_at_its_time(tmp_path):
    # clips as manim writes them: joined by the same demuxer from its partial movie files (its
    # H.264 keyframes then carry their parameter sets, which a second join keeps as they are)
    a = S.concat([lavfi_clip(tmp_path / "a0.mp4", "red", 1)], tmp_path / "a.mp4")
    b = S.concat([lavfi_clip(tmp_path / "b0.mp4", "blue", 2)], tmp_path / "b.mp4")
    out = S.concat([a, b], tmp_path / "out" / "joined.mp4")
    pa, pb, joined = packets(a), packets(b), packets(out)
    shift = pa[-1][0] + pa[-1][1]
    assert joined == pa + [(pts + shift, d, data) for pts, d, data in pb]
    assert abs(common.video_duration(out) - 3.0) < 0.01
    assert not list(out.parent.glob(".*"))  # written beside and renamed


@needs_ffmpeg
def test_join_writes_what_a_whole_render_writes(project, tmp_path):
    inputs, t = S.Inputs(project), target(project)
    title, _, second, _ = S.sections_of(inputs.scene(SPEC))
    chosen = [title, second, S.Section("add", 3, True)]
    fake_record(inputs, t, title, 1.0, [(0.0, 1.0, "演示")],
                clip=lavfi_clip(tmp_path / "c0.mp4", "red", 1))
    fake_record(inputs, t, second, 2.0, [(0.5, 1.5, "第二句。")],
                clip=lavfi_clip(tmp_path / "c1.mp4", "green", 2))
    out = t.out_dir
    (out / "sections").mkdir(parents=True)
    (out / "sections" / "Demo_0003_03-add.mp4").write_bytes(b"stale clip of an earlier run")
    (out / ".Demo.inputs.json").write_text("{}")
    with pytest.raises(S.SectionError, match="section 03-add cannot be joined: not rendered"):
        S.join(inputs, t, chosen)
    fake_record(inputs, t, chosen[2], 1.0, [(0.0, 0.5, "加一句。")],
                clip=lavfi_clip(tmp_path / "c2.mp4", "blue", 1))
    assert S.join(inputs, t, chosen) == out
    index = json.loads((out / "sections" / "Demo.json").read_text())
    assert [(e["name"], e["video"]) for e in index] == [
        ("00-title", "Demo_0000_00-title.mp4"), ("02-second", "Demo_0001_02-second.mp4"),
        ("03-add", "Demo_0002_03-add.mp4")]
    assert sorted(p.name for p in (out / "sections").glob("*.mp4")) == [e["video"] for e in index]
    assert abs(common.video_duration(out / "Demo.mp4") - 4.0) < 0.01
    assert (out / "Demo.srt").read_text(encoding="utf-8") == (
        "1\n00:00:00,000 --> 00:00:01,000\n演示\n\n"
        "2\n00:00:01,500 --> 00:00:03,000\n第二句。\n\n"
        "3\n00:00:03,000 --> 00:00:03,500\n加一句。\n\n")
    assert not (out / ".Demo.inputs.json").exists()
