"""Each data source is one module of `kgen.sources`, and the shared modules never name a source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kgen
from kgen import catalog, sources
from kgen.questions import BY_KEY, QUESTIONS

SHARED = ("spec.py", "rules.py", "cli.py", "prompts.py", "questions.py", "copier_yml.py")
"""The modules that reach the sources through the registry or the catalog only."""


@pytest.mark.parametrize("name", list(catalog.DATA_SOURCES))
def test_each_source_has_its_module(name):
    module = sources.get(name)
    assert module.__name__ == f"kgen.sources.{name}"
    for function in ("inspect", "preview", "summary", "check"):
        assert callable(getattr(module, function)), f"{name} has no {function}"
    assert set(module.DEFAULTS) <= set(BY_KEY), f"{name} gives defaults to no question"


@pytest.mark.parametrize("name", list(catalog.DATA_SOURCES))
def test_each_default_a_source_gives_is_for_a_question_it_asks(name):
    """A default from the data for a question never asked of this source would be dead code."""
    tasks = [task for task in catalog.TASKS if name in catalog.data_sources_for(task)]
    for key in sources.get(name).DEFAULTS:
        when = BY_KEY[key].when
        assert any(when is None or when.holds({"task": task, "data_source": name}) for task in tasks), key


def test_an_unknown_source_has_no_module():
    with pytest.raises(KeyError):
        sources.get("checks")


def test_from_data_is_every_default_some_source_gives():
    from kgen import spec

    assert spec.FROM_DATA == {key for name in catalog.DATA_SOURCES for key in sources.get(name).DEFAULTS}


def _names_in(text: str) -> set[str]:
    """The source names a string is, or holds in quotes (`data_source == 'text_csv'` in Jinja)."""
    quoted = {name for name in catalog.DATA_SOURCES if f"'{name}'" in text or f'"{name}"' in text}
    return quoted | ({text} & set(catalog.DATA_SOURCES))


@pytest.mark.parametrize("module", SHARED)
def test_shared_modules_never_name_a_source(module):
    tree = ast.parse((Path(kgen.__file__).parent / module).read_text(encoding="utf-8"))
    named = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for name in _names_in(node.value)
    }
    assert not named, f"{module} names the sources {sorted(named)}"


def test_names_are_found_in_jinja_too():
    assert _names_in("data_source == 'text_csv' and x") == {"text_csv"}
    assert _names_in("csv") == {"csv"}
    assert not _names_in("a CSV file, or history.csv and arrays.npz")


@pytest.mark.parametrize("name", list(catalog.DATA_SOURCES))
def test_what_a_source_asks_is_asked_of_it_alone(name):
    """The questions a source's files raise are asked where that source is chosen and the task asks them."""
    tasks = [task for task in catalog.TASKS if name in catalog.data_sources_for(task)]
    for key in catalog.DATA_SOURCES[name].asks:
        when = BY_KEY[key].when
        assert when is not None and when.key == "data_source", key
        assert name in when.values, key
        assert any(when.holds({"task": task, "data_source": name}) for task in tasks), key


def test_a_question_on_the_source_asks_the_sources_that_ask_it():
    """No question lists sources by hand: its `data_source` condition is read from `DataSource.asks`."""
    for question in QUESTIONS:
        if question.when is not None and question.when.key == "data_source":
            assert question.when.values == catalog.sources_asking(question.key), question.key
