"""How much Jinja control flow the shared project templates carry: a report, not a gate.

For every file under `templates/project` of 20 lines or more (and always for the core
modules and generated tests), it counts the tags that branch, loop or bind: `{% if`,
`{% elif`, `{% else`, `{% for` and `{% set`, with or without whitespace control (`{%-`,
`{%+`). Closing tags, `include` and `with` do not count. The house budget is about 5 such
tags per 100 lines; the test prints the figures and fails only if the report itself breaks.

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
BUDGET = 5.0  # control tags per 100 lines: the house guideline, reported, never enforced
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


@dataclass(frozen=True)
class Density:
    """One template file's figures.

    Attributes:
        path: The file, relative to `templates/project`, in POSIX form.
        lines: Its number of lines.
        tags: Its number of control tags.
    """

    path: str
    lines: int
    tags: int

    @property
    def per_100_lines(self) -> float:
        return 100.0 * self.tags / self.lines if self.lines else 0.0


def count_control_tags(text: str) -> int:
    """The `if`, `elif`, `else`, `for` and `set` tags in a template's text."""
    return len(_CONTROL_TAG.findall(text))


def measure(root: Path = PROJECT_TEMPLATE, *, min_lines: int = MIN_LINES) -> list[Density]:
    """The files under `root` of `min_lines` lines or more, and the core files whatever their length."""
    rows = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not a text template
        lines = len(text.splitlines())
        if lines >= min_lines or relative in CORE:
            rows.append(Density(relative, lines, count_control_tags(text)))
    return rows


def overall(rows: list[Density]) -> Density:
    return Density("overall", sum(row.lines for row in rows), sum(row.tags for row in rows))


def format_report(rows: list[Density]) -> str:
    """A plain-text table, one row per file, then the overall figure; `*` marks a file above the budget."""
    total = overall(rows)
    width = max(len(row.path) for row in [*rows, total])
    header = f"{'file':<{width}}  {'lines':>5}  {'tags':>4}  {'per 100':>7}"
    lines = [f"Jinja control tags in templates/project (budget about {BUDGET:g} per 100 lines)", header]
    lines.append("-" * len(header))
    for row in rows:
        mark = " *" if row.per_100_lines > BUDGET else ""
        lines.append(f"{row.path:<{width}}  {row.lines:>5}  {row.tags:>4}  {row.per_100_lines:>7.1f}{mark}")
    lines.append("-" * len(header))
    lines.append(f"{total.path:<{width}}  {total.lines:>5}  {total.tags:>4}  {total.per_100_lines:>7.1f}")
    above = sum(row.per_100_lines > BUDGET for row in rows)
    lines.append(f"{above} of {len(rows)} files above the budget (*)")
    return "\n".join(lines)


def test_counts_only_the_control_tags():
    text = (
        "{% if a %}x{% elif b %}y{% else %}z{% endif %}\n"
        "{%- for i in items if i %}{{ i }}{%- endfor %}\n"
        "{%+ set n = 1 %}{% include 'p.jinja' %}{% with v = 1 %}{% endwith %}\n"
        "{{ 'a' if b else 'c' }} {% raw %}{% endraw %} {%- iffy %}\n"
    )
    assert count_control_tags(text) == 5


def test_reports_the_template_density():
    rows = measure()
    report = format_report(rows)
    print("\n" + report)

    found = {row.path for row in rows}
    assert set(CORE) <= found, f"core templates not found: {sorted(set(CORE) - found)}"
    assert all(row.lines >= 0 and row.tags >= 0 and row.per_100_lines >= 0 for row in rows)
    assert all(row.lines >= MIN_LINES or row.path in CORE for row in rows)
    total = overall(rows)
    assert total.tags == sum(row.tags for row in rows) and total.path in report


def main() -> int:
    print(format_report(measure()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
