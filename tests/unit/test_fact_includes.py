"""Every include a shared template makes by a fact finds its file, for every task, source and stem.

`config.py`, `default.toml`, `README.md` and `model.py` hold no branch on a source, input kind or
output kind: they include `sources/<data_source>/...`, `inputs/<kgen_input>/...`,
`heads/<kgen_output>/...` and so on, and those partials include others. For each combination
the catalog allows, this walks the includes from those templates (evaluating each path from the
facts, the first file of a list that exists, as Jinja's `select_template` does) and fails on a
path none of whose choices exists. No Jinja: the paths are string concatenations of literals and
facts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgen import catalog
from kgen.questions import BY_KEY

REPOSITORY = Path(__file__).resolve().parents[2]
ROOTS = (
    "templates/project/src/{{package}}/config.py.jinja",
    "templates/project/configs/default.toml.jinja",
    "templates/project/README.md.jinja",
    "templates/project/src/{{package}}/model.py.jinja",
)
_INCLUDE = re.compile(r"\{%-?\s*include\s+(.+?)\s*(ignore missing\s*)?-?%\}", re.DOTALL)
_TERM = re.compile(r'"([^"]*)"|(\w+)')


def _combinations() -> list[dict[str, str]]:
    asked = BY_KEY["preprocessing"].when
    assert asked is not None
    found = []
    for name, task in catalog.TASKS.items():
        for source in catalog.data_sources_for(name):
            stems = catalog.stems_for(name) if name in asked.values else [catalog.DATA_SOURCES[source].stem]
            for stem in stems:
                output = catalog.OUTPUT_KINDS[task.output]
                found.append(
                    {
                        "task": name,
                        "data_source": source,
                        "kgen_input": task.input,
                        "kgen_output": task.output,
                        "kgen_targets": output.targets,
                        "kgen_stem": stem,
                    }
                )
    return found


def _paths(expression: str, facts: dict[str, str]) -> list[str] | None:
    """The choices of one include: `"a" ~ fact ~ "b"`, or a list of such, evaluated.

    None when the path reads a name other than these facts (a loop's variable, an answer
    such as `optimizer`): other tests check the partials of those tables.
    """
    if any(fact and fact not in facts for _, fact in _terms(expression)):
        return None
    choices = expression.strip().removeprefix("[").removesuffix("]").split(",")
    paths = []
    for choice in choices:
        paths.append("".join(facts[fact] if fact else literal for literal, fact in _terms(choice)))
    return paths


def _terms(choice: str) -> list[tuple[str, str | None]]:
    return [(literal, fact or None) for literal, fact in _TERM.findall(choice)]


def _missing(template: Path, facts: dict[str, str], seen: set[Path]) -> list[str]:
    if template in seen:
        return []
    seen.add(template)
    missing = []
    for expression, optional in _INCLUDE.findall(template.read_text(encoding="utf-8")):
        paths = _paths(expression, facts)
        if paths is None:
            continue
        existing = [REPOSITORY / path for path in paths if (REPOSITORY / path).is_file()]
        if existing:
            missing += _missing(existing[0], facts, seen)
        elif not optional:
            missing.append(f"{template.relative_to(REPOSITORY)}: {expression}")
    return missing


@pytest.mark.parametrize("facts", _combinations(), ids=lambda f: f"{f['task']}-{f['data_source']}-{f['kgen_stem']}")
def test_every_include_by_a_fact_finds_its_file(facts):
    seen: set[Path] = set()
    missing = [line for root in ROOTS for line in _missing(REPOSITORY / root, facts, seen)]
    assert not missing, "\n".join(missing)


def test_the_walk_reads_the_paths_as_jinja_does():
    facts = {"data_source": "csv", "kgen_output": "binary"}
    assert _paths('["a/" ~ data_source ~ "/x.jinja", "b.jinja"]', facts) == ["a/csv/x.jinja", "b.jinja"]
    assert _paths('"heads/" ~ kgen_output ~ "/y.jinja"', facts) == ["heads/binary/y.jinja"]
    assert _paths('"blocks/" ~ name ~ ".py.jinja"', facts) is None
