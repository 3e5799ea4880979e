"""Rules between the answers and the data they name: columns, classes, array shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kgen import catalog, probe
from kgen.errors import InvalidAnswer

FEATURES_MUST_BE_NUMBERS = True
"""Refuse feature columns with text or empty cells, which the generated `read_features` cannot read.

Set it to `False` once the templates encode categorical columns and fill empty cells.
"""
ID_SHARE = 0.5
"""A categorical feature column looks like an id with more distinct values than this share of the rows.

So does one with more than `probe.DISTINCT_CAP`, past which values are not counted.
"""


def check_data(answers: Mapping[str, Any], facts: probe.Facts) -> None:
    """Refuse answers the data cannot satisfy."""
    source, task = answers["data_source"], catalog.TASKS[answers["task"]]
    if source == "csv":
        _check_csv(answers, facts, task)
    if source == "image_folders":
        _check_class_count(task, len(facts.classes), answers, "class folders")
    if source == "npz":
        _check_npz(answers, facts, task)
    if facts.num_samples and facts.num_samples < 10:
        raise InvalidAnswer(
            f"the data has only {facts.num_samples} samples",
            hint="training, validation and test splits need at least 10",
        )


def _check_csv(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    path, target, features = answers["data_path"], answers["target_column"], answers["feature_columns"]
    listed = ", ".join(f"`{c}`" for c in facts.columns)
    for column in [target, *features]:
        if column not in facts.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {listed}")
    if target in features:
        raise InvalidAnswer(f"target column `{target}` is also a feature column", hint="leave it out of the features")
    empty = facts.column_report[target].empty
    if empty:
        raise InvalidAnswer(
            f"target column `{target}` has {_cells(empty)}", hint="fill them in, or drop those rows from the file"
        )
    for column in features:
        _check_feature(column, facts)
    if task.output == "continuous" and target not in facts.numeric_columns:
        raise InvalidAnswer(
            f"target column `{target}` is not numeric, so it cannot be regressed", hint="choose a classification task"
        )
    if task.output != "continuous":
        _check_class_count(task, len(facts.distinct[target]), answers, f"values in column `{target}`")


def _check_feature(column: str, facts: probe.Facts) -> None:
    report, rows = facts.column_report[column], facts.num_samples
    if FEATURES_MUST_BE_NUMBERS and report.empty:
        raise InvalidAnswer(
            f"feature column `{column}` has {_cells(report.empty)}",
            hint="fill them in, or leave it out of `--feature-columns`",
        )
    if report.kind == "categorical" and report.distinct > min(ID_SHARE * rows, probe.DISTINCT_CAP):
        many = f"more than {probe.DISTINCT_CAP}" if report.distinct > probe.DISTINCT_CAP else str(report.distinct)
        raise InvalidAnswer(
            f"feature column `{column}` holds {many} different values in {rows} rows, so it looks like an id",
            hint="leave it out of `--feature-columns`",
        )
    if FEATURES_MUST_BE_NUMBERS and column not in facts.numeric_columns:
        raise InvalidAnswer(
            f"feature column `{column}` holds values that are not numbers",
            hint="encode it as numbers first, or leave it out of `--feature-columns`",
        )


def _cells(count: int) -> str:
    return "1 empty cell" if count == 1 else f"{count} empty cells"


def _check_npz(answers: Mapping[str, Any], facts: probe.Facts, task: catalog.Task) -> None:
    shape = facts.x_shape or ()
    path = answers["data_path"]
    if task.input == "image":
        expected = (answers["image_height"], answers["image_width"])
        if len(shape) not in (3, 4) or tuple(shape[1:3]) != expected:
            raise InvalidAnswer(
                f"`x` in `{path}` has shape {shape}, not (samples, {expected[0]}, {expected[1]}, channels)",
                hint="set `--image-height` and `--image-width` to the size of the arrays",
            )
        channels = shape[3] if len(shape) == 4 else 1
        if channels != answers["channels"]:
            raise InvalidAnswer(
                f"`x` in `{path}` has {channels} channels, not {answers['channels']}",
                hint=f"pass `--channels {channels}`",
            )
    elif len(shape) != 2 or shape[1] != answers["num_features"]:
        raise InvalidAnswer(
            f"`x` in `{path}` has shape {shape}, not (samples, {answers['num_features']})",
            hint="tabular `x` is a 2-D array: pass `--num-features` with its second size",
        )
    if facts.y_shape and facts.y_shape[0] != shape[0]:
        raise InvalidAnswer(
            f"`x` and `y` in `{path}` hold different numbers of samples", hint="give `y` one entry per sample"
        )
    if task.output != "continuous" and "y" in facts.distinct:
        _check_class_count(task, len(facts.distinct["y"]), answers, "label values in `y`")


def _check_class_count(task: catalog.Task, found: int, answers: Mapping[str, Any], what: str) -> None:
    expected = 2 if task.output == "binary" else answers.get("num_classes")
    if task.output == "continuous" or found == expected:
        return
    if task.output == "binary":
        hint = (
            "use task `" + task.name.replace("binary", "multiclass") + "` for more classes"
            if found > 2
            else "binary tasks need two classes"
        )
    else:
        hint = f"pass `--num-classes {found}`" if found >= 3 else "use a binary task for two classes"
    raise InvalidAnswer(f"the data has {found} {what}, but the task expects {expected} classes", hint=hint)
