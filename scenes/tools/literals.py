"""How many numbers a topic scene types: inline numeric literals inside functions.

Counted: floats, and integers other than 0, 1, 2 (and -1), in any function body of a topic
module and its parts module. Gaps and durations come from the theme's SPACE and PACE scales, a
scene's tunables are named class attributes, so a topic types almost none (issue 12's budget:
150 for all topics together). ``python -m scenes.tools.literals`` prints the count per file.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from scenes.tools.common import SCENES_DIR, topic_modules

FREE = (0, 1, 2)  # integers that are counting, halving and indexing rather than a number


def _is_number(node) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
            and not isinstance(node.value, bool))


def inline_literals(source: str) -> list[int]:
    """Line numbers of the numeric literals inside functions (``-1`` is free, ``-0.5`` is not)."""
    lines: list[int] = []

    class Visit(ast.NodeVisitor):
        depth = 0

        def visit_FunctionDef(self, node):
            self.depth += 1
            self.generic_visit(node)
            self.depth -= 1

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_UnaryOp(self, node):
            if isinstance(node.op, ast.USub) and _is_number(node.operand):
                if self.depth and node.operand.value not in (0, 1):
                    lines.append(node.lineno)
                return
            self.generic_visit(node)

        def visit_Constant(self, node):
            if self.depth and _is_number(node) and (isinstance(node.value, float)
                                                    or node.value not in FREE):
                lines.append(node.lineno)

    Visit().visit(ast.parse(source))
    return lines


def numeric_class_attributes(source: str) -> dict[str, list[str]]:
    """{class: names of its class-level attributes whose value holds a number}."""
    out: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        for stmt in node.body:
            value = getattr(stmt, "value", None)
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and value is not None and any(
                    _is_number(n) for n in ast.walk(value)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                out.setdefault(node.name, []).extend(
                    t.id for t in targets if isinstance(t, ast.Name))
    return out


def topic_files(scenes_dir: Path = SCENES_DIR) -> list[Path]:
    """Every topic module and its parts module, if it has one."""
    files = []
    for path in topic_modules(scenes_dir):
        files.append(path)
        parts = scenes_dir / "parts" / path.name
        if parts.is_file():
            files.append(parts)
    return files


def main() -> int:
    total = 0
    for path in topic_files():
        n = len(inline_literals(path.read_text(encoding="utf-8")))
        total += n
        print(f"{n:5d}  {path.relative_to(SCENES_DIR.parent)}")
    print(f"{total:5d}  in all topic modules and their parts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
