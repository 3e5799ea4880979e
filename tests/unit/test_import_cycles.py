"""kgen's modules import one another without a cycle, and none imports another's private name."""

from __future__ import annotations

import ast
from pathlib import Path

import kgen

PACKAGE = Path(kgen.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> dict[str, set[str]]:
    """The kgen modules `name` imports (at any depth of its code), each with the names it takes from them."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    found.setdefault(alias.name, set())
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{name} imports relatively; kgen imports by absolute names"
            base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in MODULES:  # `from kgen import spec`: the module itself
                    found.setdefault(target, set())
                elif base in MODULES:
                    found.setdefault(base, set()).add(alias.name)
    found.pop(name, None)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def test_the_walk_sees_the_imports():
    assert "kgen.sources" in GRAPH["kgen.rules"]
    assert "kgen.catalog" in GRAPH["kgen.questions"]


def test_no_module_imports_itself_through_others():
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for imported in sorted(GRAPH[name]):
            visit(imported, [*path, name])
        done.add(name)

    for name in sorted(GRAPH):
        visit(name, [])


def test_no_module_takes_a_private_name_of_another():
    taken = {
        f"{name} takes {imported}.{taken}"
        for name, imports in GRAPH.items()
        for imported, names in imports.items()
        for taken in names
        if taken.startswith("_") and not taken.startswith("__")
    }
    assert not taken
