"""Rules between the answers and the data they name: columns, classes, array shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kgen import catalog, probe
from kgen.errors import InvalidAnswer


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
    path, target = answers["data_path"], answers["target_column"]
    listed = ", ".join(f"`{c}`" for c in facts.columns)
    for column in [target, *answers["feature_columns"]]:
        if column not in facts.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {listed}")
    if target in answers["feature_columns"]:
        raise InvalidAnswer(f"target column `{target}` is also a feature column", hint="leave it out of the features")
    for column in answers["feature_columns"]:
        if column not in facts.numeric_columns:
            raise InvalidAnswer(
                f"feature column `{column}` holds values that are not numbers",
                hint="encode it as numbers first, or leave it out of `--feature-columns`",
            )
    if task.output == "continuous" and target not in facts.numeric_columns:
        raise InvalidAnswer(
            f"target column `{target}` is not numeric, so it cannot be regressed", hint="choose a classification task"
        )
    if task.output != "continuous":
        _check_class_count(task, len(facts.distinct[target]), answers, f"values in column `{target}`")


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
