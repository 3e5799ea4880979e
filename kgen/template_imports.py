"""Collect each generated module's imports from the templates whose code needs them.

A project template or partial declares the import lines its own code uses in a Jinja comment
that opens the file, one line each:

    {#- imports:
    import csv
    from pathlib import Path
    -#}

`module_imports()` starts from each module's template (`src/{{package}}/data.py.jinja`, ...),
follows its `{% include %}` tags with Jinja's own parser, and gives, per module, a Jinja
expression for the list of every line the included files declare. An include chosen by a fact
(`"templates/partials/sources/" ~ data_source ~ "/loader.py.jinja"`) becomes a lookup by that
fact's value over the files that exist; an include inside `{% if %}` counts only where its
test holds. `copier_yml` sorts and groups the lines, so a template writes
`{{ kgen_imports.data }}` with no tag of its own.

An include chosen by a loop variable cannot be looked up before rendering: the files it may
reach must declare no imports (the module's own template declares what they use).

Standard library and Jinja only: this runs when `copier.yml` is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, nodes

from kgen.errors import TemplateImportsError

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "templates/project"
_HEADER = re.compile(r"\A\{#-?\s*imports:[ \t]*\n(?P<lines>.*?)\n?\s*-?#\}", re.DOTALL)
_IMPORT = re.compile(r"^(import [\w.]+( as \w+)?|from [\w.]+ import [\w, ]+)$")
_OPERATORS = {"eq": "==", "ne": "!=", "in": "in", "notin": "not in"}


def module_templates(root: Path = ROOT) -> dict[str, str]:
    """Each generated module's key -> its template, relative to `root`: `data` -> `.../data.py.jinja`."""
    modules = {}
    for path in sorted((root / PROJECT).rglob("*.py.jinja")):
        key = path.name.removesuffix(".py.jinja")
        if "{" not in key:
            modules.setdefault(key, path.relative_to(root).as_posix())
    return modules


@cache
def declared(relative: str, root: Path = ROOT) -> tuple[str, ...]:
    """The import lines the file `relative` (to `root`) declares at its top; none without a header."""
    text = (root / relative).read_text(encoding="utf-8")
    match = _HEADER.match(text)
    if match is None:
        return ()
    lines = tuple(line.strip() for line in match["lines"].splitlines() if line.strip())
    for line in lines:
        if not _IMPORT.match(line):
            raise TemplateImportsError(f"{relative}: `{line}` is not one `import x` or `from x import y` line.")
    return lines


def module_imports(root: Path = ROOT) -> dict[str, str]:
    """Each module's key -> a Jinja expression for the list of import lines its files declare."""
    expressions = {}
    for key, relative in module_templates(root).items():
        parts = [json.dumps(list(declared(relative, root)))]
        parts += _Walk(root).file(relative, set())
        expressions[key] = "(" + " + ".join(parts) + ")"
    return expressions


def reached(root: Path = ROOT) -> set[str]:
    """Every template some module's walk reaches, the module templates included."""
    files = set()
    for relative in module_templates(root).values():
        walk = _Walk(root)
        walk.file(relative, set())
        files |= walk.reached
    return files


def every_line(root: Path = ROOT) -> set[str]:
    """Every import line any template declares."""
    templates = root / "templates"
    return {line for path in templates.rglob("*.jinja") for line in declared(path.relative_to(root).as_posix(), root)}


@dataclass
class _Walk:
    """One walk over the includes of a module template, as Jinja list expressions."""

    root: Path
    reached: set[str] = field(default_factory=set)

    def file(self, relative: str, seen: set[str]) -> list[str]:
        if relative in seen:
            raise TemplateImportsError(f"{relative} includes itself.")
        self.reached.add(relative)
        text = (self.root / relative).read_text(encoding="utf-8")
        tree = Environment().parse(text)
        return list(self._body(tree.body, relative, seen | {relative}, frozenset()))

    def _body(self, body: list[nodes.Node], relative: str, seen: set[str], bound: frozenset[str]) -> Iterator[str]:
        for node in body:
            yield from self._node(node, relative, seen, bound)
            if isinstance(node, nodes.Assign | nodes.AssignBlock):
                bound = bound | _names(node.target)

    def _node(self, node: nodes.Node, relative: str, seen: set[str], bound: frozenset[str]) -> Iterator[str]:
        if isinstance(node, nodes.Include):
            yield from self._include(node, relative, seen, bound)
        elif isinstance(node, nodes.If):
            yield from self._if(node, relative, seen, bound)
        elif isinstance(node, nodes.For):
            names = _names(node.target)
            yield from self._body(node.body + node.else_, relative, seen, bound | names)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    yield from self._node(child, relative, seen, bound)

    def _if(self, node: nodes.If, relative: str, seen: set[str], bound: frozenset[str]) -> Iterator[str]:
        """`if`, each `elif` and the `else`, each under its own test and not the earlier ones'.

        A test is read only where its branch reaches imports, so any test may guard the rest.
        """
        earlier: list[nodes.Expr] = []
        for branch in [node, *node.elif_]:
            parts = list(self._body(branch.body, relative, seen, bound))
            if parts:
                tests = [f"not ({_source(t, relative, bound)})" for t in earlier]
                yield _guard_text(parts, " and ".join([*tests, f"({_source(branch.test, relative, bound)})"]))
            earlier.append(branch.test)
        parts = list(self._body(node.else_, relative, seen, bound))
        if parts:
            yield _guard_text(parts, " and ".join(f"not ({_source(t, relative, bound)})" for t in earlier))

    def _include(self, node: nodes.Include, relative: str, seen: set[str], bound: frozenset[str]) -> Iterator[str]:
        """The lines of the file an include reaches: the first of its names that exists, per fact value."""
        choices = node.template.items if isinstance(node.template, nodes.List | nodes.Tuple) else [node.template]
        expression = self._first([_pattern(choice, relative) for choice in choices], relative, seen, bound)
        if expression != "[]":
            yield expression

    def _first(self, patterns: list[tuple[str, str | None, str]], relative: str, seen: set[str], bound) -> str:
        """Jinja for the lines of the first existing file among `patterns`, `[]` when none has any."""
        if not patterns:
            return "[]"
        (prefix, variable, suffix), rest = patterns[0], patterns[1:]
        if variable is None:
            if (self.root / prefix).is_file():
                return _joined(list(self._lines(prefix, seen)))
            return self._first(rest, relative, seen, bound)
        by_value = {}
        for path in sorted(self.root.glob(prefix + "*" + suffix)):
            name = path.relative_to(self.root).as_posix()
            value = name[len(prefix) : len(name) - len(suffix)]
            if "/" not in value:
                by_value[value] = _joined(list(self._lines(name, seen)))
        otherwise = self._first(rest, relative, seen, bound)
        if variable.split(".")[0] in bound:
            if otherwise != "[]" or any(lines != "[]" for lines in by_value.values()):
                raise TemplateImportsError(
                    f"{relative} includes files that declare imports by the loop variable `{variable}`: "
                    f"declare them in {relative} instead."
                )
            return "[]"
        if all(lines == otherwise for lines in by_value.values()):
            return otherwise
        lookup = "{" + ", ".join(f"{json.dumps(value)}: {lines}" for value, lines in by_value.items()) + "}"
        return f"({lookup}[{variable}] if {variable} in {json.dumps(sorted(by_value))} else {otherwise})"

    def _lines(self, path: str, seen: set[str]) -> Iterator[str]:
        lines = declared(path, self.root)
        if lines:
            yield json.dumps(list(lines))
        yield from self.file(path, seen)


def _joined(parts: list[str]) -> str:
    """One Jinja list expression for several: `[]` for none."""
    return "(" + " + ".join(parts) + ")" if parts else "[]"


def _names(target: nodes.Node) -> frozenset[str]:
    """The names a `for` or `set` target binds: `x`, or each of `key, value`."""
    found = [target, *target.find_all(nodes.Name)]
    return frozenset(n.name for n in found if isinstance(n, nodes.Name))


def _guard_text(parts: list[str], test: str) -> str:
    return "((" + " + ".join(parts) + ") if " + test + " else [])"


def _pattern(expression: nodes.Expr, relative: str) -> tuple[str, str | None, str]:
    """An include's file name as (text before the variable, the variable, text after it)."""
    pieces = expression.nodes if isinstance(expression, nodes.Concat) else [expression]
    before, variable, after = [], None, []
    for piece in pieces:
        if isinstance(piece, nodes.Const) and isinstance(piece.value, str):
            (after if variable is not None else before).append(piece.value)
        elif variable is None:
            variable = _source(piece, relative, frozenset())
        else:
            raise TemplateImportsError(f"{relative}: an include names its file with two variables.")
    return "".join(before), variable, "".join(after)


def _source(node: nodes.Expr, relative: str, bound: frozenset[str]) -> str:
    """The Jinja source of a simple expression: names, attributes, constants, not, and, or, comparisons.

    A name the template binds itself (a loop variable, a `set`) has no value outside it: refused.
    """

    def source(node: nodes.Expr) -> str:
        if isinstance(node, nodes.Name):
            if node.name in bound:
                raise TemplateImportsError(
                    f"{relative}: an include with imports is chosen by `{node.name}`, bound there."
                )
            return node.name
        if isinstance(node, nodes.Getattr):
            return f"{source(node.node)}.{node.attr}"
        if isinstance(node, nodes.Const):
            return json.dumps(node.value)
        if isinstance(node, nodes.List | nodes.Tuple):
            return "[" + ", ".join(source(item) for item in node.items) + "]"
        if isinstance(node, nodes.Not):
            return f"not ({source(node.node)})"
        if isinstance(node, nodes.And | nodes.Or):
            word = "and" if isinstance(node, nodes.And) else "or"
            return f"({source(node.left)}) {word} ({source(node.right)})"
        if isinstance(node, nodes.Compare) and all(o.op in _OPERATORS for o in node.ops):
            return source(node.expr) + "".join(f" {_OPERATORS[o.op]} {source(o.expr)}" for o in node.ops)
        raise TemplateImportsError(
            f"{relative}: an include with imports sits under a test kgen cannot copy ({type(node).__name__}): "
            "use a fact, a comparison, `not`, `and` or `or`."
        )

    return source(node)
