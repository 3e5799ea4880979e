"""How much Jinja control flow the shared project templates carry, and a gate on it.

For every file under `templates/project` of 20 lines or more (and always for the core
modules and generated tests), it counts the tags that branch, loop or bind: `{% if`,
`{% elif`, `{% else`, `{% for` and `{% set`, with or without whitespace control (`{%-`,
`{%+`), and the inline `{{ a if c else b }}` expressions. Closing tags, `include` and `with`
do not count. The house budget is 5 such tags per 100 lines; a file whose every line is an
`include` (a list of includes) is within it whatever its count.

Shared templates read facts, never names: no `data_source`, `kgen_input` or `kgen_output`
compared with `==`, `!=` or `in` anywhere under `templates/project`. What differs by source,
input kind or output kind lives in that kind's partials, included by the fact's value.

    pytest -s tests/unit/test_template_density.py      # the table, in a test run
    python -m tests.unit.test_template_density         # the table alone

Standard library only: no Jinja, no TensorFlow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "project"
MIN_LINES = 20
BUDGET = 5.0  # control tags per 100 lines
CORE = (
    "src/{{package}}/config.py.jinja",
    "src/{{package}}/data.py.jinja",
    "src/{{package}}/model.py.jinja",
    "src/{{package}}/train.py.jinja",
    "src/{{package}}/evaluate.py.jinja",
    "src/{{package}}/predict.py.jinja",
    "tests/test_data.py.jinja",
    "tests/test_model.py.jinja",
    "tests/test_train.py.jinja",
)
_CONTROL_TAG = re.compile(r"\{%[-+]?\s*(?:if|elif|else|for|set)\b")
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_INLINE_IF = re.compile(r"\sif\s.*?\selse\b", re.DOTALL)
_INCLUDE_LINE = re.compile(r"^\s*(?:\{%[-+]?\s*include\b.*?%\}\s*)+$")
_NAME_TEST = re.compile(r"\b(?:data_source|kgen_input|kgen_output)\s*(?:==|!=|\bnot\s+in\b|\bin\b)")


@dataclass(frozen=True)
class Density:
    """One template file's figures.

    Attributes:
        path: The file, relative to `templates/project`, in POSIX form.
        lines: Its number of lines.
        tags: Its number of control tags and inline `if` expressions.
        includes_only: Whether every non-blank line is one or more `include` tags.
    """

    path: str
    lines: int
    tags: int
    includes_only: bool = False

    @property
    def per_100_lines(self) -> float:
        return 100.0 * self.tags / self.lines if self.lines else 0.0

    @property
    def within_budget(self) -> bool:
        return self.includes_only or self.per_100_lines <= BUDGET


def count_control_tags(text: str) -> int:
    """The `if`, `elif`, `else`, `for` and `set` tags, and the inline `a if c else b`, in a template's text."""
    inline = sum(bool(_INLINE_IF.search(expression)) for expression in _EXPRESSION.findall(text))
    return len(_CONTROL_TAG.findall(text)) + inline


def is_a_list_of_includes(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(_INCLUDE_LINE.match(line) for line in lines)


def name_tests(text: str) -> list[str]:
    """The lines that compare `data_source`, `kgen_input` or `kgen_output` with a name."""
    return [line.strip() for line in text.splitlines() if _NAME_TEST.search(line)]


def _templates(root: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            found.append((path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue  # not a text template
    return found


def measure(root: Path = PROJECT_TEMPLATE, *, min_lines: int = MIN_LINES) -> list[Density]:
    """The files under `root` of `min_lines` lines or more, and the core files whatever their length."""
    rows = []
    for relative, text in _templates(root):
        lines = len(text.splitlines())
        if lines >= min_lines or relative in CORE:
            rows.append(Density(relative, lines, count_control_tags(text), is_a_list_of_includes(text)))
    return rows


def overall(rows: list[Density]) -> Density:
    return Density("overall", sum(row.lines for row in rows), sum(row.tags for row in rows))


def format_report(rows: list[Density]) -> str:
    """A plain-text table, one row per file, then the overall figure; `*` marks a file above the budget."""
    total = overall(rows)
    width = max(len(row.path) for row in [*rows, total])
    header = f"{'file':<{width}}  {'lines':>5}  {'tags':>4}  {'per 100':>7}"
    lines = [f"Jinja control tags in templates/project (budget {BUDGET:g} per 100 lines)", header]
    lines.append("-" * len(header))
    for row in rows:
        mark = "" if row.within_budget else " *"
        lines.append(f"{row.path:<{width}}  {row.lines:>5}  {row.tags:>4}  {row.per_100_lines:>7.1f}{mark}")
    lines.append("-" * len(header))
    lines.append(f"{total.path:<{width}}  {total.lines:>5}  {total.tags:>4}  {total.per_100_lines:>7.1f}")
    above = sum(not row.within_budget for row in rows)
    lines.append(f"{above} of {len(rows)} files above the budget (*)")
    return "\n".join(lines)


def test_counts_the_control_tags_and_the_inline_ifs():
    text = (
        "{% if a %}x{% elif b %}y{% else %}z{% endif %}\n"
        "{%- for i in items if i %}{{ i }}{%- endfor %}\n"
        "{%+ set n = 1 %}{% include 'p.jinja' %}{% with v = 1 %}{% endwith %}\n"
        "{{ 'a' if b else 'c' }} {{ notify }} {{ x | default('elsewhere') }} {% raw %}{% endraw %} {%- iffy %}\n"
    )
    assert count_control_tags(text) == 6


def test_finds_the_name_tests():
    text = '{% if data_source == "csv" %}\n{{ 1 if kgen_output in ["mask"] else 0 }}\n{{ kgen_input_kind.name }}\n'
    assert name_tests(text) == ['{% if data_source == "csv" %}', '{{ 1 if kgen_output in ["mask"] else 0 }}']
    assert not name_tests('{% include "partials/" ~ data_source ~ "/x.jinja" %} {{ kgen_input }}')


def test_a_list_of_includes_is_within_the_budget():
    assert is_a_list_of_includes('{% include "a" %}\n\n{%- include ["b", "c"] %}{% include "d" %}\n')
    assert not is_a_list_of_includes('{% include "a" %}\nx = 1\n')


def test_reports_the_template_density():
    rows = measure()
    report = format_report(rows)
    print("\n" + report)

    found = {row.path for row in rows}
    assert set(CORE) <= found, f"core templates not found: {sorted(set(CORE) - found)}"
    assert all(row.lines >= MIN_LINES or row.path in CORE for row in rows)
    total = overall(rows)
    assert total.tags == sum(row.tags for row in rows) and total.path in report


def test_every_shared_template_is_within_the_budget():
    above = [
        f"{row.path}: {row.tags} tags in {row.lines} lines ({row.per_100_lines:.1f} per 100)"
        for row in measure()
        if not row.within_budget
    ]
    assert not above, "above the budget of 5 control tags per 100 lines:\n" + "\n".join(above)


def test_shared_templates_read_facts_never_names():
    found = [f"{relative}: {line}" for relative, text in _templates(PROJECT_TEMPLATE) for line in name_tests(text)]
    assert not found, "shared templates test a source, input or output kind by name:\n" + "\n".join(found)


def main() -> int:
    print(format_report(measure()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
