"""`copier.yml`'s validators refuse what kgen refuses from the answers alone, so plain `copier copy` does too.

The questions are answered here as `copier copy --defaults --data KEY=VALUE ...` answers them:
in order, each from `--data` or else from its rendered default, and validated when it was given
or is asked (copier validates neither the defaults of questions it skips nor computed values).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
COPIER = yaml.safe_load((REPOSITORY / "copier.yml").read_text(encoding="utf-8"))
QUESTIONS = {key: entry for key, entry in COPIER.items() if not key.startswith(("_", "kgen_"))}


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    environment.filters["to_json"] = json.dumps
    environment.filters["regex_search"] = lambda value, pattern: re.search(pattern, value)
    return environment


def _render(template: Any, context: dict[str, Any]) -> Any:
    if isinstance(template, str) and ("{{" in template or "{%" in template):
        return _environment().from_string(template).render(context)
    return template


def _cast(entry: dict[str, Any], value: Any) -> Any:
    kind = entry["type"]
    if not isinstance(value, str):
        return value
    if kind == "yaml":
        return yaml.safe_load(value)
    if kind == "bool":
        return value.strip().lower() in ("true", "yes", "1")
    return {"int": int, "float": float}.get(kind, str)(value)


def first_refusal(**given: Any) -> tuple[str, str] | None:
    """The first question whose validator refuses, with its message; `None` when copier would render."""
    context: dict[str, Any] = {}
    for key, entry in QUESTIONS.items():
        asked = str(_render(entry.get("when", True), context)).strip().lower() == "true"
        context[key] = given[key] if key in given else _cast(entry, _render(entry["default"], context))
        if (key in given or asked) and entry.get("validator"):
            message = _environment().from_string(entry["validator"]).render(context).strip()
            if message:
                return key, message
    return None


VALID = {
    "image_multiclass": {},
    "tabular_regression": {"feature_columns": ["a", "b"]},
    "tabular_multilabel": {"feature_columns": ["a"], "target_columns": ["y1", "y2"]},
    "tabular_multi_output": {
        "feature_columns": ["a"],
        "target_columns": ["price", "species"],
        "class_targets": {"species": 3},
        "loss_weights": {"price": 1.0, "species": 0.5},
    },
    "text_multilabel": {"target_columns": ["y1", "y2"]},
    "series_forecast": {"value_columns": ["level", "target"], "time_column": "time", "window": 24, "period": 24},
    "super_resolution": {"patch_size": 48, "scale": 3},
    "denoising": {"patch_size": 47},
    "segmentation": {"mask_colors": ["#000000", "#ff0000"], "mask_classes": 2},
}


@pytest.mark.parametrize("task", VALID)
def test_answers_kgen_takes_pass_every_validator(task):
    assert first_refusal(task=task, **VALID[task]) is None


SERIES = {"task": "series_forecast"}
TABLE = {"task": "tabular_regression", "feature_columns": ["a", "b"]}
LABELS = {"task": "tabular_multilabel", "feature_columns": ["a"], "target_columns": ["y1", "y2"]}
HEADS = {"task": "tabular_multi_output", "feature_columns": ["a"], "target_columns": ["price", "species"]}


@pytest.mark.parametrize(
    ("given", "key", "message"),
    [
        (SERIES, "value_columns", "no columns given for value_columns: numeric CSV columns each window holds"),
        ({**SERIES, "value_columns": "level,target"}, "value_columns", "value_columns must be a YAML list of columns"),
        (
            {**SERIES, "value_columns": ["level", "humidity"]},
            "value_columns",
            "target column `target` is not among the value columns, so no window holds its past; "
            "add it to value_columns (level, humidity)",
        ),
        (
            {**SERIES, "time_column": "t", "value_columns": ["t", "target"]},
            "value_columns",
            "`t` is both the time and a value column",
        ),
        (
            {**SERIES, "value_columns": ["target"], "window": 12, "period": 24},
            "period",
            "period 24 is longer than the window of 12 rows",
        ),
        (
            {**TABLE, "feature_columns": ["a", "target"]},
            "feature_columns",
            "target column `target` is also a feature column",
        ),
        ({**TABLE, "categorical_columns": ["c"]}, "categorical_columns", "`c` in categorical_columns is not a feature"),
        ({**TABLE, "columns_with_gaps": ["c"]}, "columns_with_gaps", "`c` in columns_with_gaps is not a feature"),
        (
            {**TABLE, "categorical_columns": ["a"], "columns_with_gaps": ["a"]},
            "columns_with_gaps",
            "categorical column `a` is also in columns_with_gaps",
        ),
        ({**LABELS, "target_columns": []}, "target_columns", "no columns given for target_columns"),
        ({**LABELS, "target_columns": ["y1", "y1"]}, "target_columns", "target_columns names a column twice"),
        ({**TABLE, "feature_columns": ["a", "a"]}, "feature_columns", "feature_columns names a column twice"),
        (
            {**TABLE, "categorical_columns": ["a", "a"]},
            "categorical_columns",
            "categorical_columns names a column twice",
        ),
        ({**LABELS, "target_columns": ["y1"]}, "target_columns", "task `tabular_multilabel` needs two or more target"),
        ({**LABELS, "feature_columns": ["a", "y2"]}, "feature_columns", "target column `y2` is also a feature column"),
        (
            {"task": "text_multilabel", "target_columns": ["text", "y"]},
            "target_columns",
            "`text` is both the text and a target column",
        ),
        (
            {"task": "text_binary", "data_source": "text_csv", "target_column": "text"},
            "target_column",
            "`text` is both the text and the target column",
        ),
        ({**HEADS, "class_targets": {"colour": 3}}, "class_targets", "the target columns are price, species"),
        ({**HEADS, "loss_weights": {"colour": 2.0}}, "loss_weights", "the target columns are price, species"),
        ({"task": "image_binary", "channels": 2}, "channels", "image files cannot be decoded with 2 channels"),
        (
            {"task": "super_resolution", "patch_size": 47},
            "patch_size",
            "patch_size 47 is not a multiple of the scale, 2",
        ),
        (
            {"task": "segmentation", "mask_colors": ["#000000", "#ff0000"], "mask_classes": 3},
            "mask_classes",
            "mask_colors lists 2 colors, but mask_classes is 3",
        ),
        (
            {"validation_split": 0.4, "test_split": 0.4},
            "test_split",
            "validation_split and test_split hold out 80% of the data, leaving too little to train on",
        ),
    ],
)
def test_copier_refuses_what_kgen_refuses_from_the_answers_alone(given, key, message):
    refusal = first_refusal(**given)
    assert refusal is not None and refusal[0] == key, refusal
    assert message in refusal[1]


def test_a_check_applies_only_where_its_question_is_asked():
    assert first_refusal(task="denoising", patch_size=47) is None  # no scale to divide
    assert first_refusal(task="image_binary", data_source="npz", channels=2) is None  # arrays, not image files
    assert first_refusal(**LABELS, target_column="a") is None  # a multi-label task has no `target_column`


def test_each_validator_reads_only_the_answers_before_it():
    """copier renders a question's validator with the answers so far: a later one would be undefined."""
    environment = _environment()
    before: set[str] = set()
    for key, entry in QUESTIONS.items():
        before.add(key)
        if entry.get("validator"):
            names = jinja2.meta.find_undeclared_variables(environment.parse(entry["validator"]))
            assert names <= before, f"{key} reads {sorted(names - before)}"
