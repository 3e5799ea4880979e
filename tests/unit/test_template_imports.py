"""Imports declared by the templates whose code needs them, collected per generated module."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from kgen import template_imports
from kgen.errors import TemplateImportsError

MODULE = "templates/project/src/{{package}}/data.py.jinja"


def _tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    template_imports.declared.cache_clear()
    return root


def _lines(root: Path, **facts) -> list[str]:
    expression = template_imports.module_imports(root)["data"]
    return jinja2.Environment().from_string("{{ " + expression + " | sort | join(';') }}").render(**facts).split(";")


def _header(*lines: str) -> str:
    return "{#- imports:\n" + "\n".join(lines) + "\n-#}\n"


def test_a_module_gets_its_own_lines_and_those_of_the_partial_its_fact_chooses(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            MODULE: _header("import dataclasses")
            + "{{ kgen_imports.data }}\n"
            + '{% include "templates/partials/sources/" ~ data_source ~ "/loader.py.jinja" %}\n',
            "templates/partials/sources/csv/loader.py.jinja": _header("import csv") + "def load(): ...\n",
            "templates/partials/sources/npz/loader.py.jinja": "def load(): ...\n",
        },
    )
    assert _lines(root, data_source="csv") == ["import csv", "import dataclasses"]
    assert _lines(root, data_source="npz") == ["import dataclasses"]


def test_a_fallback_file_counts_for_the_values_without_their_own(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            MODULE: '{% include ["templates/partials/splits/" ~ kgen_split ~ ".py.jinja",'
            ' "templates/partials/splits/shared.py.jinja"] %}',
            "templates/partials/splits/chronological.py.jinja": _header("import math"),
            "templates/partials/splits/shared.py.jinja": _header("import random"),
        },
    )
    assert _lines(root, kgen_split="chronological") == ["import math"]
    assert _lines(root, kgen_split="stratified") == ["import random"]


def test_nested_includes_and_tests_guard_their_lines(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            MODULE: '{% if kgen_has_classes %}{% include "templates/partials/classes.py.jinja" %}'
            '{% elif kgen_output == "forecast" %}{% include "templates/partials/forecast.py.jinja" %}'
            '{% else %}{% include "templates/partials/other.py.jinja" %}{% endif %}',
            "templates/partials/classes.py.jinja": _header("import json")
            + '{% include "templates/partials/labels/" ~ kgen_labels ~ ".py.jinja" ignore missing %}',
            "templates/partials/labels/one_hot.py.jinja": _header("import numpy as np"),
            "templates/partials/forecast.py.jinja": _header("import datetime"),
            "templates/partials/other.py.jinja": _header("import math"),
        },
    )
    assert _lines(root, kgen_has_classes=True, kgen_labels="one_hot") == ["import json", "import numpy as np"]
    assert _lines(root, kgen_has_classes=True, kgen_labels="sparse") == ["import json"]
    assert _lines(root, kgen_has_classes=False, kgen_output="forecast") == ["import datetime"]
    assert _lines(root, kgen_has_classes=False, kgen_output="mask") == ["import math"]


def test_a_partial_chosen_by_a_loop_variable_may_not_declare_imports(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            MODULE: "{% for metric in metrics %}"
            '{% include "templates/partials/metrics/" ~ metric ~ ".py.jinja" %}{% endfor %}',
            "templates/partials/metrics/auc.py.jinja": _header("import math"),
        },
    )
    with pytest.raises(TemplateImportsError, match="loop variable `metric`"):
        template_imports.module_imports(root)


def test_a_header_line_that_is_not_an_import_is_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path, {MODULE: _header("import csv", "print('x')")})
    with pytest.raises(TemplateImportsError, match="is not one"):
        template_imports.module_imports(root)


def test_every_template_that_declares_imports_is_reached_from_a_module() -> None:
    """A header no module's walk reaches would be dead: its lines would never be imported."""
    template_imports.declared.cache_clear()
    root = template_imports.ROOT
    declaring = {
        path.relative_to(root).as_posix()
        for path in (root / "templates").rglob("*.jinja")
        if template_imports.declared(path.relative_to(root).as_posix())
    }
    assert declaring, "no template declares imports"
    assert declaring - template_imports.reached() == set()


def test_a_header_in_a_file_no_module_includes_is_not_reached(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {MODULE: _header("import csv"), "templates/partials/orphan.py.jinja": _header("import json")},
    )
    assert template_imports.reached(root) == {MODULE}
