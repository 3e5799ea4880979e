"""`csv`: one CSV file of feature and target columns."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kgen import catalog
from kgen.errors import InvalidAnswer
from kgen.readers.table import DISTINCT_CAP, Table, describe_columns, read_table
from kgen.sources import checks, columns

ID_SHARE = 0.5
"""A categorical feature column looks like an id with more distinct values than this share of the rows.

So does one with more than `DISTINCT_CAP`, past which values are not counted.
"""


def inspect(path: Path, answers: Mapping[str, Any]) -> Table:
    """A CSV of features and targets, with at least one row of them."""
    table = read_table(path)
    if not table.num_samples:
        raise InvalidAnswer(
            f"`{path}` has a header but no rows", hint="add the rows of data below the line that names the columns"
        )
    return table


def preview(table: Table) -> list[tuple[str, list[str]]]:
    """What each column holds."""
    return [("The file's columns:", describe_columns(table))]


def summary(table: Table, answers: Mapping[str, Any]) -> list[str]:
    """What each column holds, and what the project does with it."""
    features = answers["feature_columns"]
    classes = answers.get("class_targets")
    role = "a label (0/1)" if classes is None else "a target, a number"
    roles = {column: role for column in answers.get("target_columns", [])}
    roles |= {column: f"a target, {count} classes" for column, count in (classes or {}).items()}
    if "target_column" in answers:
        roles[answers["target_column"]] = "the target"
    roles |= {column: "a numeric feature" for column in features}
    roles |= {column: "a categorical feature" for column in answers["categorical_columns"]}
    roles |= {column: "a numeric feature, gaps filled" for column in answers["columns_with_gaps"]}
    notes = []
    for line, column in zip(describe_columns(table), table.column_report, strict=True):
        if column in roles:
            notes.append(f"{line} -> {roles[column]}")
        elif looks_like_an_id(column, table):
            notes.append(f"{line} -> left out: it looks like an id, which a model would learn by heart")
        elif counts_rows(column, table):
            notes.append(
                f"{line} -> left out: its whole numbers count up by one, row after row, like an id"
                " (`--feature-columns` keeps it)"
            )
        else:
            notes.append(f"{line} -> left out (`--feature-columns` keeps it)")
    return notes


def looks_like_an_id(column: str, table: Table) -> bool:
    """Whether a column is categorical with more distinct values than an id would leave room for."""
    report = table.column_report[column]
    return report.kind == "categorical" and report.distinct > min(ID_SHARE * table.num_samples, DISTINCT_CAP)


def counts_rows(column: str, table: Table) -> bool:
    """Whether a numeric column holds whole numbers counting up by one, row after row, as ids do."""
    report = table.column_report[column]
    return report.kind == "numeric" and report.counts_up


def _feature_columns(table: Table, answers: Mapping[str, Any]) -> Any:
    """Every column but the targets, and but those that look like ids or row numbers (the summary says so)."""
    targets = {answers.get("target_column"), *answers.get("target_columns", [])}
    return [
        column
        for column in table.columns
        if column not in targets and not looks_like_an_id(column, table) and not counts_rows(column, table)
    ] or None


def _class_targets(table: Table, answers: Mapping[str, Any]) -> Any:
    """The target columns with text or a few whole numbers, each with its count of values."""
    return {
        column: len(table.distinct[column])
        for column in answers.get("target_columns", [])
        if column in table.column_report and table.column_report[column].kind == "categorical"
    }


def _categorical_columns(table: Table, answers: Mapping[str, Any]) -> Any:
    features = answers.get("feature_columns", [])
    return [c for c in features if c in table.column_report and table.column_report[c].kind == "categorical"]


def _max_categories(table: Table, answers: Mapping[str, Any]) -> Any:
    counts = [
        table.column_report[c].distinct for c in answers.get("categorical_columns", []) if c in table.column_report
    ]
    return max(counts) if counts else None


def _columns_with_gaps(table: Table, answers: Mapping[str, Any]) -> Any:
    numeric = set(answers.get("feature_columns", [])) - set(answers.get("categorical_columns", []))
    return [c for c in table.columns if c in numeric and table.column_report[c].empty]


DEFAULTS = {
    "target_column": columns.target_column,
    "target_columns": columns.target_columns,
    "class_targets": _class_targets,
    "feature_columns": _feature_columns,
    "delimiter": columns.delimiter,
    "categorical_columns": _categorical_columns,
    "columns_with_gaps": _columns_with_gaps,
    "max_categories": _max_categories,
    "num_classes": columns.num_classes,
}


def check(answers: Mapping[str, Any], table: Table) -> None:
    """The named columns are in the file, and each holds what its role needs."""
    path, features = answers["data_path"], answers["feature_columns"]
    targets = checks.targets(answers)
    checks.columns_exist([*targets, *features], table, path)
    for target in targets:
        checks.check_target(target, features, table)
    for column in features:
        _check_feature(column, table)
    _check_column_kinds(answers, table)
    for column in [*targets, *features]:
        if column in table.infinite_cells and column in table.numeric_columns:
            row, value = table.infinite_cells[column]
            raise InvalidAnswer(
                f"column `{column}` holds `{value}` in row {row}, which is no finite number a model can learn from",
                hint="write a number there, or leave the cell empty"
                + (" (a feature's empty cells are filled)" if column in features else ""),
            )
    output = catalog.TASKS[answers["task"]].output
    if output == "multilabel":
        checks.check_labels(targets, table)
        return
    if output == "multi_output":
        _check_heads(answers, targets, table)
        return
    target = targets[0]
    if output == "continuous" and target not in table.numeric_columns:
        raise InvalidAnswer(
            f"target column `{target}` is not numeric, so it cannot be regressed", hint="choose a classification task"
        )
    if output != "continuous":
        checks.check_class_count(answers, len(table.distinct[target]), f"values in column `{target}`")
        checks.check_class_sizes(table.value_counts[target], f"in column `{target}`,")


def _check_heads(answers: Mapping[str, Any], targets: list[str], table: Table) -> None:
    """A multi-output task reads two or more targets: classes with their counts, numbers, and weights for them."""
    if len(targets) < 2:
        raise InvalidAnswer(
            "a multi-output task needs two or more target columns",
            hint="list them in `--target-columns`, or choose a task with one target",
        )
    listed = ", ".join(f"`{column}`" for column in targets)
    for key in ("class_targets", "loss_weights"):
        for column in answers[key]:
            if column not in targets:
                raise InvalidAnswer(
                    f"`{column}` in `--{key.replace('_', '-')}` is not a target column, so it has no head",
                    hint=f"the target columns are {listed}",
                )
    for column in targets:
        found = len(table.distinct[column])
        if column in answers["class_targets"]:
            given = answers["class_targets"][column]
            if found != given:
                raise InvalidAnswer(
                    f"class target `{column}` has {found} values in the data, not {given}",
                    hint=f"pass `--class-targets` with `{column}={found}`",
                )
        elif column not in table.numeric_columns:
            raise InvalidAnswer(
                f"target column `{column}` holds text, so its head cannot predict a number",
                hint=f"add `{column}={found}` to `--class-targets`",
            )
        elif found < 2:
            raise InvalidAnswer(f"target column `{column}` holds one value only", hint="leave it out of the targets")


def _check_feature(column: str, table: Table) -> None:
    report, rows = table.column_report[column], table.num_samples
    if looks_like_an_id(column, table):
        many = f"more than {DISTINCT_CAP}" if report.distinct > DISTINCT_CAP else str(report.distinct)
        raise InvalidAnswer(
            f"feature column `{column}` holds {many} different values in {rows} rows, so it looks like an id",
            hint="leave it out of `--feature-columns`",
        )


def _check_column_kinds(answers: Mapping[str, Any], table: Table) -> None:
    """Categorical columns and columns with gaps are features; text needs the first, empty cells the second."""
    features, categorical = answers["feature_columns"], answers["categorical_columns"]
    gaps = answers["columns_with_gaps"]
    for key, named in (("categorical_columns", categorical), ("columns_with_gaps", gaps)):
        for column in named:
            if column not in features:
                raise InvalidAnswer(
                    f"`{column}` in `--{key.replace('_', '-')}` is not a feature column",
                    hint="add it to `--feature-columns`, or leave it out",
                )
    for column in features:
        report = table.column_report[column]
        if column in categorical:
            if column in gaps:
                raise InvalidAnswer(
                    f"categorical column `{column}` is also in `--columns-with-gaps`",
                    hint="leave it out there: an empty cell is a category of its own",
                )
            continue
        if column not in table.numeric_columns:
            raise InvalidAnswer(
                f"feature column `{column}` holds text, so it cannot be read as numbers",
                hint="add it to `--categorical-columns`, or leave it out of `--feature-columns`",
            )
        if report.empty and column not in gaps:
            raise InvalidAnswer(
                f"feature column `{column}` has {checks.cells(report.empty)}",
                hint="add it to `--columns-with-gaps`, which fills them from the training mean",
            )
    for column in categorical:
        count, most = table.column_report[column].distinct, answers["max_categories"]
        if count > most:
            raise InvalidAnswer(
                f"categorical column `{column}` takes {count} values, more than max_categories ({most})",
                hint=f"pass `--max-categories {count}`",
            )
    checks.check_delimiter(answers, table)
