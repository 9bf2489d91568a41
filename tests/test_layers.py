"""The four layers and their one-way arrows: scenes.reference (numbers) -> scenes.kit (how
things look) -> the topic modules scenes/<topic>.py (what is told) -> scenes.tools (what is
made of them). A module may import from its own layer and the layers before it, never after."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCENES = Path(__file__).resolve().parents[1] / "scenes"
TOPICS = sorted(p.stem for p in SCENES.glob("*.py") if p.stem not in ("__init__", "__main__"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SCENES.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file (also inside functions), as absolute
    names; ``from a import b`` counts as ``a`` and ``a.b`` (b may be a module)."""
    package = module_name(path) if path.stem == "__init__" else module_name(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def modules(folder: str) -> list[Path]:
    return sorted((SCENES / folder).rglob("*.py"))


TOPIC_MODULES = tuple(f"scenes.{t}" for t in TOPICS)


def test_the_layers_are_where_the_test_looks():
    assert {"positional_encoding", "self_attention", "lora"} <= set(TOPICS)
    assert not {"render", "player", "doctor", "bench", "golden"} & set(TOPICS)
    assert modules("reference") and modules("kit") and modules("tools")
    assert "scenes.tools.render" in imported(SCENES / "tools" / "cli.py")
    assert "scenes.reference" in imported(SCENES / "positional_encoding.py")


@pytest.mark.parametrize("path", modules("reference"), ids=lambda p: p.name)
def test_reference_imports_neither_manim_nor_a_later_layer(path):
    bad = {n for n in imported(path)
           if under(n, "manim", "manimpango", "scenes.kit", "scenes.tools", *TOPIC_MODULES)}
    assert not bad, f"{module_name(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", modules("kit"), ids=lambda p: str(p.relative_to(SCENES)))
def test_kit_imports_no_topic_and_no_tool(path):
    bad = {n for n in imported(path) if under(n, "scenes.tools", *TOPIC_MODULES)}
    assert not bad, f"{module_name(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_imports_no_tool(topic):
    bad = {n for n in imported(SCENES / f"{topic}.py") if under(n, "scenes.tools")}
    assert not bad, f"scenes.{topic} imports {sorted(bad)}"
