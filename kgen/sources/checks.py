"""Refusals several data sources share: columns, targets, classes, the delimiter, image channels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kgen import catalog
from kgen.errors import InvalidAnswer
from kgen.readers.folders import listed
from kgen.readers.table import Table, is_flag


def columns_exist(columns: Iterable[str], table: Table, path: Any) -> None:
    """Each named column is in the file."""
    names = ", ".join(f"`{c}`" for c in table.columns)
    for column in columns:
        if column not in table.columns:
            raise InvalidAnswer(f"column `{column}` is not in `{path}`", hint=f"its columns are {names}")


def targets(answers: Mapping[str, Any]) -> list[str]:
    """The target columns: `target_columns`, or the one `target_column`."""
    return answers.get("target_columns") or [answers["target_column"]]


def check_target(target: str, features: list[str], table: Table) -> None:
    """A target column is no feature, and has a value in every row."""
    if target in features:
        raise InvalidAnswer(f"target column `{target}` is also a feature column", hint="leave it out of the features")
    empty = table.column_report[target].empty
    if empty:
        raise InvalidAnswer(
            f"target column `{target}` has {cells(empty)}", hint="fill them in, or drop those rows from the file"
        )


def check_labels(columns: list[str], table: Table) -> None:
    """A multi-label task reads two or more columns, each of 0s and 1s."""
    if len(columns) < 2:
        raise InvalidAnswer(
            "a multi-label task needs two or more target columns",
            hint="list them in `--target-columns`, or use task `tabular_binary` for one 0/1 column",
        )
    for target in columns:
        if len(table.distinct[target]) == 1:
            raise InvalidAnswer(
                f"label column `{target}` is always {next(iter(table.distinct[target]))}, so there is nothing to learn",
                hint="leave it out of `--target-columns`",
            )
        if not table.holds_flags(target):
            other = sorted(value for value in table.distinct[target] if not is_flag(value))
            raise InvalidAnswer(
                f"label column `{target}` holds `{other[0]}`, but a label column holds only 0 and 1",
                hint="recode it as 0/1, or leave it out of `--target-columns`",
            )


def check_delimiter(answers: Mapping[str, Any], table: Table) -> None:
    """The `delimiter` answer is the one the file uses."""
    path = answers["data_path"]
    expected = catalog.DELIMITERS[answers["delimiter"]]
    if table.delimiter != expected:
        found = {char: name for name, char in catalog.DELIMITERS.items()}[table.delimiter]
        raise InvalidAnswer(
            f"`{path}` looks separated by {found}s, not {answers['delimiter']}s", hint=f"pass `--delimiter {found}`"
        )


def check_class_sizes(counts: Mapping[str, int], what: str) -> None:
    """Each class needs two examples: a stratified split keeps one to test and one to train on."""
    single = sorted(name for name, count in counts.items() if count < 2)
    if single:
        names = listed(single)
        one = f"class {names} has" if len(single) == 1 else f"classes {names} have"
        raise InvalidAnswer(
            f"{what} {one} only one example",
            hint="each class needs at least two, one to train on and one to test: add examples, or drop the class",
        )


def check_class_count(answers: Mapping[str, Any], found: int, what: str) -> None:
    """The data has as many classes as the task (binary) or `num_classes` says."""
    task = catalog.TASKS[answers["task"]]
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


def check_image_channels(answers: Mapping[str, Any]) -> None:
    """Image files decode to 1, 3 or 4 channels."""
    if answers["channels"] == 2:
        raise InvalidAnswer(
            "image files cannot be decoded with 2 channels",
            hint="pass `--channels 1` (grayscale), `3` (RGB) or `4` (RGBA)",
        )


def cells(count: int) -> str:
    """`1 empty cell`, `3 empty cells`."""
    return "1 empty cell" if count == 1 else f"{count} empty cells"


def number(value: float) -> str:
    """A value as a refusal shows it: `3`, `0.5`."""
    return str(int(value)) if value.is_integer() else f"{value:g}"
