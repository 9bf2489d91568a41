"""The topics type (almost) no numbers: positions and timings come from the theme's scales."""

from __future__ import annotations

from scenes.tools import literals

BUDGET = 150  # inline literals in all topic modules and their parts together (issue 12)
NAMED = 25  # numeric class attributes (a scene's tunables) per topic module


def test_the_counter_counts_numbers_inside_functions_only():
    source = ("X = 0.5\n"
              "class S:\n    gap = 0.3\n"
              "    def f(self):\n        return g(0, 1, 2, -1, 3, 0.5, -0.2, x[1:2])\n")
    assert len(literals.inline_literals(source)) == 3  # 3, 0.5, -0.2
    assert literals.numeric_class_attributes(source) == {"S": ["gap"]}


def test_all_topics_together_stay_within_the_budget():
    counts = {p.name: len(literals.inline_literals(p.read_text(encoding="utf-8")))
              for p in literals.topic_files()}
    assert len(counts) >= 10
    assert sum(counts.values()) <= BUDGET, counts


def test_each_topic_names_few_tunables():
    for path in literals.topic_files():
        if path.parent.name == "parts":
            continue
        named = literals.numeric_class_attributes(path.read_text(encoding="utf-8"))
        for cls, names in named.items():
            assert len(names) <= NAMED, (path.name, cls, names)
