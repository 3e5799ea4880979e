"""Look at a time series CSV before generating: its time column, its order, its numbers.

Pure Python, like `kgen.probe`. A time cell is a number or an ISO 8601 date
(`datetime.fromisoformat`, which the generated loader reads it with too), so kgen refuses
what the project could not sort, and a value cell must be a number.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from kgen.probe import Facts, inspect_csv

TIME_NAMES = frozenset({"time", "date", "datetime", "timestamp", "ds", "day", "hour", "month", "year", "period"})
"""Column names taken for the time column when their cells read as times."""


@dataclass(frozen=True)
class TimeFacts:
    """How one CSV column reads as times.

    Attributes:
        unreadable: The first cell that is neither a number nor an ISO date, as (row, value),
            row 1 being the first under the header; `None` when every cell reads.
        dates: Whether some cell is a date rather than a number.
        in_order: Whether each time is later than the one before.
        repeated: The first time found twice, or `""`.
    """

    unreadable: tuple[int, str] | None
    dates: bool
    in_order: bool
    repeated: str


def inspect(path: Path) -> Facts:
    """The facts of a `series_csv` file: `kgen.probe`'s, plus `times` and `not_numbers`."""
    facts = inspect_csv(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=facts.delimiter))[1:]
    rows = [row for row in rows if row]  # blank lines, which the loader skips too
    for index, column in enumerate(facts.columns):
        cells = [row[index].strip() if index < len(row) else "" for row in rows]
        facts.times[column] = _times(cells)
        bad = next(((row, cell) for row, cell in enumerate(cells, start=1) if _number(cell) is None), None)
        if bad is not None:
            facts.not_numbers[column] = bad
    return facts


def time_column(facts: Facts) -> str:
    """The column that holds the time: the first with dates, or one named like a time whose cells read; else `""`.

    A column of dates with a cell that does not read is still the time column, so that the
    refusal names that cell.
    """
    dated = [column for column, times in facts.times.items() if times.dates]
    named = [c for c, times in facts.times.items() if times.unreadable is None and c.strip().lower() in TIME_NAMES]
    return (dated or named or [""])[0]


def read_time(cell: str) -> float | None:
    """A time cell as a number to sort by: the number, or a date's POSIX time (UTC unless it says so); else `None`."""
    number = _number(cell)
    if number is not None:
        return number
    try:
        moment = datetime.datetime.fromisoformat(cell)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)).timestamp()


def _times(cells: list[str]) -> TimeFacts:
    unreadable, dates, in_order, repeated = None, False, True, ""
    seen: set[float] = set()
    previous = None
    for row, cell in enumerate(cells, start=1):
        moment = read_time(cell)
        if moment is None:
            unreadable = (row, cell)
            break
        dates = dates or _number(cell) is None
        if moment in seen and not repeated:
            repeated = cell
        seen.add(moment)
        in_order = in_order and (previous is None or moment > previous)
        previous = moment
    return TimeFacts(unreadable, dates, in_order, repeated)


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None
