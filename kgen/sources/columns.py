"""Defaults several CSV sources read from their `Table`: the targets, the delimiter, the classes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kgen import catalog
from kgen.readers.table import Table


def target_column(table: Table, answers: Mapping[str, Any]) -> Any:
    """The last column but the text or time column."""
    columns = [c for c in table.columns if c not in (answers.get("text_column"), answers.get("time_column"))]
    return columns[-1] if columns else None


def target_columns(table: Table, answers: Mapping[str, Any]) -> Any:
    """Multi-label: the last columns of the file that hold only 0 and 1 (at least the last column).

    Multi-output: the last two columns.
    """
    if catalog.TASKS[answers["task"]].output == "multi_output":
        return table.columns[-2:] or None
    labels = []
    for column in reversed(table.columns):
        if not table.holds_flags(column):
            break
        labels.insert(0, column)
    return labels or table.columns[-1:] or None


def delimiter(table: Table, answers: Mapping[str, Any]) -> Any:
    """The name of the file's delimiter (`comma`, ...)."""
    return {char: name for name, char in catalog.DELIMITERS.items()}.get(table.delimiter)


def num_classes(table: Table, answers: Mapping[str, Any]) -> Any:
    """The distinct values of the target column."""
    if answers.get("target_column") in table.distinct:
        return len(table.distinct[answers["target_column"]])
    return len(table.distinct.get("y", ())) or None
