"""`text_csv`: a CSV file with a text column and target columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen import catalog
from kgen.errors import InvalidAnswer
from kgen.readers import text
from kgen.readers.table import Table, describe_columns, read_records, read_table
from kgen.sources import checks, columns


@dataclass(frozen=True)
class TextTable(Table):
    """The CSV's `Table`, and for each column the words of each text and its distinct lower-case words."""

    text_lengths: dict[str, list[int]]
    vocabulary: dict[str, int]


def inspect(path: Path, answers: Mapping[str, Any]) -> TextTable:
    """The columns of the file, and the words of each of them, with at least one row."""
    table = read_table(path)
    if not table.num_samples:
        raise InvalidAnswer(
            f"`{path}` has a header but no rows",
            hint="add one row per example under the header: its text and its target",
        )
    words = {name: text.Words() for name in table.columns}
    for row in read_records(path, table.delimiter):
        for name, counted in words.items():
            counted.add(row.get(name) or "")
    return TextTable(
        **vars(table),
        text_lengths={name: counted.lengths for name, counted in words.items()},
        vocabulary={name: len(counted.words) for name, counted in words.items()},
    )


def text_column(table: TextTable, answers: Mapping[str, Any] | None = None) -> str | None:
    """The column whose texts are longest (by median word count), if any has words."""
    medians = {name: text.percentile(lengths, 50) for name, lengths in table.text_lengths.items() if name}
    best = max(medians, key=lambda name: medians[name], default=None)
    return best if best is not None and medians[best] > 1 else None


def _describe(table: TextTable, column: str, cut_at: int | None) -> list[str]:
    return text.describe({}, table.text_lengths.get(column), table.vocabulary.get(column, 0), cut_at)


def preview(table: TextTable) -> list[tuple[str, list[str]]]:
    """What each column holds, and the words of the texts in the longest one."""
    sections = [("The file's columns:", describe_columns(table))]
    column = text_column(table)
    lines = _describe(table, column, None) if column is not None else []
    return [*sections, (f"The texts in column `{column}`:", lines)] if lines else sections


def summary(table: TextTable, answers: Mapping[str, Any]) -> list[str]:
    """The word counts of the text column, and how many texts are cut."""
    column = answers["text_column"]
    lines = _describe(table, column, answers["sequence_length"])
    return [f"column `{column}`: {lines[0]}", *lines[1:]] if column and lines else lines


DEFAULTS = {
    "text_column": text_column,
    "target_column": columns.target_column,
    "target_columns": columns.target_columns,
    "delimiter": columns.delimiter,
    "num_classes": columns.num_classes,
    "max_tokens": lambda table, answers: text.max_tokens(table.vocabulary.get(answers.get("text_column", ""))),
    "sequence_length": lambda table, answers: text.sequence_length(
        table.text_lengths.get(answers.get("text_column", ""), [])
    ),
}


def check(answers: Mapping[str, Any], table: TextTable) -> None:
    """The text and target columns are in the file; texts are there, targets are classes."""
    column, path = answers["text_column"], answers["data_path"]
    targets = checks.targets(answers)
    checks.columns_exist((column, *targets), table, path)
    if column in targets:
        raise InvalidAnswer(f"`{column}` is both the text and a target column", hint="name different columns")
    for target in targets:
        checks.check_target(target, [], table)
    empty = table.column_report[column].empty
    if empty:
        raise InvalidAnswer(
            f"text column `{column}` has {checks.cells(empty)}",
            hint="write their text, or drop those rows from the file",
        )
    if catalog.TASKS[answers["task"]].output == "multilabel":
        checks.check_labels(targets, table)
    else:
        checks.check_class_count(answers, len(table.distinct[targets[0]]), f"values in column `{targets[0]}`")
        checks.check_class_sizes(table.value_counts[targets[0]], f"in column `{targets[0]}`,")
