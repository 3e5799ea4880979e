"""CSV files: the delimiter, the columns, and what each column holds.

The csv, text and series sources read their file with `read_table`; its `Table` holds the
facts they share (columns, each column's kind, empty cells and distinct values).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kgen.errors import InvalidAnswer

CSV_DELIMITERS = (",", ";", "\t")
DISTINCT_CAP = 1000
"""Distinct values kept per column; a column with more keeps `DISTINCT_CAP + 1` of them."""
CATEGORICAL_MAX_VALUES = 10
"""A column of whole numbers is categorical with at most this many distinct values..."""
CATEGORICAL_MAX_SHARE = 0.5
"""...if they are also at most this share of the rows (10 values in 12 rows look numeric)."""
MISSING = frozenset({"NA", "N/A", "NAN", "NULL", "NONE"})
"""Cells that mean "no value" in exported CSV files (any case), counted as empty like `""`.

The generated loaders read them the same way: NaN in a numeric column."""
SNIFF_CHARS = 32 * 1024
"""The characters at the start of a file that its delimiter is sniffed from."""


@dataclass(frozen=True)
class ColumnFacts:
    """What one CSV column holds.

    Attributes:
        kind: `categorical` when some value is not a number, or when the values are whole
            numbers with few distinct ones (`CATEGORICAL_MAX_VALUES`, `CATEGORICAL_MAX_SHARE`);
            otherwise `numeric`.
        empty: Cells that are empty or only whitespace, counting those missing from short rows.
        distinct: Distinct non-empty values, up to `DISTINCT_CAP + 1` (which means more).
        integer: Whether the column has values and each is a whole number, like `3` or `-12`.
        counts_up: Whether every cell is a whole number one more than the cell above it
            (`1, 2, 3, ...`): a row number or an id, not a measurement.
    """

    kind: Literal["numeric", "categorical"]
    empty: int
    distinct: int
    integer: bool
    counts_up: bool = False


@dataclass(frozen=True)
class Table:
    """What a CSV file holds.

    Attributes:
        columns: The column names, stripped of spaces, as the generated loaders read them.
        delimiter: The field separator, one of `CSV_DELIMITERS`.
        column_report: Each column's `ColumnFacts`.
        numeric_columns: The columns with values, each of them a number (empty cells aside).
        distinct: Each column's non-empty values, up to `DISTINCT_CAP + 1`.
        value_counts: How many rows hold each of those values.
        num_samples: The rows under the header (blank lines left out).
        infinite_cells: Each column's first `inf` (or number too large for a float, such as
            `1e400`), as (row, value): no model learns from it.
    """

    columns: list[str]
    delimiter: str
    column_report: dict[str, ColumnFacts]
    numeric_columns: set[str]
    distinct: dict[str, set[str]]
    value_counts: dict[str, dict[str, int]]
    num_samples: int
    infinite_cells: dict[str, tuple[int, str]]

    def holds_flags(self, column: str) -> bool:
        """Whether a column holds only 0 and 1 (written as whole numbers or decimals), and some of them."""
        values = self.distinct.get(column, set())
        return bool(values) and all(is_flag(value) for value in values)


def read_table(path: Path) -> Table:
    """The columns of a CSV file, their names stripped of spaces, and what each holds."""
    if not path.is_file():
        raise InvalidAnswer(f"data path `{path}` is not a file", hint="the `csv` data source reads one CSV file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:  # -sig: drop a byte order mark
            delimiter = sniff_delimiter(handle.read(SNIFF_CHARS))
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter, skipinitialspace=True)  # `a, b` names `b`
            columns = [name.strip() for name in next(reader, [])]  # as the generated loaders read them
            if not columns:
                raise InvalidAnswer(f"`{path}` is empty", hint="the first line of the CSV must name its columns")
            _refuse_repeated_names(path, columns)
            counts = {name: _Column() for name in columns}
            rows = _count_rows(reader, columns, counts)
    except UnicodeDecodeError:
        raise InvalidAnswer(
            f"`{path}` is not UTF-8 text", hint="save it as UTF-8 (`CSV UTF-8` in spreadsheet programs)"
        ) from None
    except csv.Error as error:
        raise InvalidAnswer(
            f"`{path}` cannot be read as CSV ({error})", hint='check its quotes: each opening `"` needs a closing one'
        ) from None
    return Table(
        columns=columns,
        delimiter=delimiter,
        column_report={name: column.facts(rows) for name, column in counts.items()},
        numeric_columns={name for name, column in counts.items() if column.numeric and column.counts},
        distinct={name: set(column.counts) for name, column in counts.items()},
        value_counts={name: column.counts for name, column in counts.items()},
        num_samples=rows,
        infinite_cells={name: column.infinite for name, column in counts.items() if column.infinite},
    )


def read_rows(path: Path, delimiter: str) -> list[list[str]]:
    """The rows under the header of a CSV file already read by `read_table`, blank lines left out."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter, skipinitialspace=True))[1:]
    return [row for row in rows if row]  # blank lines, which the loader skips too


def read_records(path: Path, delimiter: str) -> Iterator[dict[str, str]]:
    """The rows under the header of a CSV file already read by `read_table`, as column -> cell."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter, skipinitialspace=True)


def describe_columns(table: Table) -> list[str]:
    """One line per CSV column, such as `species: categorical, 3 values` or `age: numeric, 4 empty cells`."""
    lines = []
    for name, column in table.column_report.items():
        parts = [column.kind if column.distinct else "no values"]
        if column.kind == "categorical" and column.distinct > DISTINCT_CAP:
            parts.append(f"more than {DISTINCT_CAP} values")
        elif column.kind == "categorical" and column.distinct:
            parts.append(counted(column.distinct, "value"))
        if column.empty:
            parts.append(counted(column.empty, "empty cell"))
        lines.append(f"{name}: {', '.join(parts)}")
    return lines


def counted(count: int, noun: str) -> str:
    """`1 value`, `3 values`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def is_flag(value: str) -> bool:
    """Whether one CSV value is a 0 or a 1."""
    try:
        return float(value) in (0.0, 1.0)
    except ValueError:
        return False


def sniff_delimiter(sample: str) -> str:
    """The delimiter of CSV text, one of `CSV_DELIMITERS`; `,` when the sample does not tell."""
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(CSV_DELIMITERS)).delimiter
    except csv.Error:  # one column, or too irregular to tell
        return ","
    return found if found in CSV_DELIMITERS else ","


def _refuse_repeated_names(path: Path, columns: list[str]) -> None:
    """Two columns of one name would read as one (the last), so each name must be its own."""
    seen: set[str] = set()
    for name in columns:
        if name in seen and name:
            raise InvalidAnswer(
                f"column `{name}` is named twice in the header of `{path}`",
                hint="rename one of them in the first line of the file",
            )
        if name in seen:
            raise InvalidAnswer(
                f"more than one column of `{path}` has no name in its header",
                hint="name each column in the first line of the file",
            )
        seen.add(name)


def _count_rows(reader: Iterator[list[str]], columns: list[str], counts: dict[str, _Column]) -> int:
    rows = 0
    for row in reader:
        if not row:  # a blank line, which `csv.DictReader` skips too
            continue
        rows += 1
        for name, value in zip(columns, row, strict=False):
            counts[name].note(value, rows)
        for name in columns[len(row) :]:  # a short row's missing cells are empty
            counts[name].empty += 1
    return rows


class _Column:
    """Counts kept while one CSV column is read."""

    __slots__ = ("counts", "counts_up", "empty", "infinite", "integer", "last", "numeric")

    def __init__(self) -> None:
        self.empty = 0
        self.numeric = True
        self.integer = True
        self.counts_up = True
        self.last: int | None = None  # the cell above, while the column counts up
        self.counts: dict[str, int] = {}  # value -> rows, for the first DISTINCT_CAP + 1 values
        self.infinite: tuple[int, str] | None = None  # the first `inf` or `1e400`, as (row, value)

    def note(self, value: str, row: int) -> None:
        value = value.strip()
        if not value or value.upper() in MISSING:
            self.empty += 1
            self.counts_up = False
            return
        self.integer = self.integer and _parses(int, value)
        if self.counts_up:
            number = int(value) if self.integer else None
            self.counts_up = number is not None and (self.last is None or number == self.last + 1)
            self.last = number
        self.numeric = self.numeric and (self.integer or _parses(float, value))
        if self.numeric and not self.integer and self.infinite is None and math.isinf(float(value)):
            self.infinite = (row, value)
        if value in self.counts or len(self.counts) <= DISTINCT_CAP:
            self.counts[value] = self.counts.get(value, 0) + 1

    def facts(self, rows: int) -> ColumnFacts:
        distinct = len(self.counts)
        few = distinct <= CATEGORICAL_MAX_VALUES and distinct <= CATEGORICAL_MAX_SHARE * rows
        integer = self.integer and distinct > 0
        numeric = self.numeric and distinct > 0 and not (integer and few)
        counts_up = integer and self.counts_up and self.empty == 0
        return ColumnFacts("numeric" if numeric else "categorical", self.empty, distinct, integer, counts_up)


def _parses(kind: Callable[[str], object], value: str) -> bool:
    try:
        kind(value)
    except ValueError:
        return False
    return True
