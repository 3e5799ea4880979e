"""Each data source is one module of `kgen.sources`, and the shared modules never name a source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kgen
from kgen import catalog, sources
from kgen.questions import BY_KEY

SHARED = ("spec.py", "rules.py", "cli.py", "prompts.py")
"""The modules that reach the sources through the registry only."""


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


@pytest.mark.parametrize("module", SHARED)
def test_shared_modules_never_name_a_source(module):
    tree = ast.parse((Path(kgen.__file__).parent / module).read_text(encoding="utf-8"))
    named = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in catalog.DATA_SOURCES
    }
    assert not named, f"{module} names the sources {sorted(named)}"
