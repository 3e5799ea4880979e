"""One boundary per module: copier behind `kgen.render`, one `Project`, every error in `kgen.errors`."""

from __future__ import annotations

import ast
from pathlib import Path

from kgen import errors

PACKAGE = Path(__file__).resolve().parents[2] / "kgen"
MODULES = sorted(PACKAGE.glob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def classes(name_filter=lambda node: True) -> list[tuple[str, ast.ClassDef]]:
    return [
        (path.name, node)
        for path in MODULES
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.ClassDef) and name_filter(node)
    ]


def test_only_render_imports_copier():
    importers = [path.name for path in MODULES if "copier" in imported(parsed(path))]
    assert importers == ["render.py"]


def test_there_is_one_project_class():
    assert [module for module, _ in classes(lambda node: node.name == "Project")] == ["project.py"]


def test_every_error_class_is_defined_in_errors():
    error_names = {name for name, value in vars(errors).items() if isinstance(value, type)}
    elsewhere = []
    for module, node in classes():
        bases = {base.id if isinstance(base, ast.Name) else getattr(base, "attr", "") for base in node.bases}
        if module != "errors.py" and (
            node.name.endswith(("Error", "Exception")) or bases & (error_names | {"Exception", "BaseException"})
        ):
            elsewhere.append(f"{module}: {node.name}")
    assert elsewhere == []


def test_every_error_is_a_kgen_error_with_an_exit_code_and_a_prefix():
    for name, value in vars(errors).items():
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, errors.KgenError), name
            assert value.exit_code in (1, 2) and isinstance(value.prefix, str), name


def test_errors_import_nothing_but_the_standard_library():
    assert imported(parsed(PACKAGE / "errors.py")) <= {"__future__"}
