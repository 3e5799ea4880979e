"""Look at a time series CSV before generating: its time column, its order, its numbers.

Pure Python, like `kgen.probe`. A time cell is a number or an ISO 8601 date
(`datetime.fromisoformat`, which the generated loader reads it with too), so kgen refuses
what the project could not sort, and a value cell must be a number.
"""

from __future__ import annotations

import csv
import datetime
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kgen.probe import MISSING, Facts, inspect_csv

KEPT_ROWS = 5000
"""The latest rows of each numeric column the probe keeps, to find a season in."""
MOST_LAG = 200
"""The longest season looked for, in rows (a week of hours is 168)."""
MIN_CORRELATION = 0.3
"""A season's rows must correlate at least this much with those one season before."""
NEAR_BEST = 0.9
"""A shorter season wins if its correlation is at least this share of the best one's."""
MOST_TEXT = 0.1
"""A column is meant for numbers when at most this share of its filled cells is text (a typo, `n/a`)."""
TIME_NAMES = frozenset({"time", "date", "datetime", "timestamp", "ds", "day", "hour", "month", "year", "period"})
"""Column names taken for the time column when their cells read as times."""


@dataclass(frozen=True)
class TimeFacts:
    """How one CSV column reads as times.

    Attributes:
        unreadable: The first cell that is neither a finite number nor an ISO date, as (row, value),
            row 1 being the first under the header; `None` when every cell reads.
        dates: Whether some cell is a date rather than a number.
        in_order: Whether each time is later than the one before.
        repeated: The first time found twice, or `""`.
        step: The most common step between successive times (seconds for dates); 0 when none.
        steps: How many steps there are between successive distinct times.
        uneven: How many of them differ from `step`.
    """

    unreadable: tuple[int, str] | None
    dates: bool
    in_order: bool
    repeated: str
    step: float = 0.0
    steps: int = 0
    uneven: int = 0


def inspect(path: Path) -> Facts:
    """The facts of a `series_csv` file: `kgen.probe`'s, plus `times`, `not_numbers`, `gap_counts` and `numbers`.

    `numeric_columns` are the columns meant for numbers: numbers but for empty cells and a
    few text ones (`MOST_TEXT`), so that a gap or a typo in a column is refused by name and
    row instead of dropping the column from the defaults. `numbers` holds the latest
    `KEPT_ROWS` values of each column without such cells, in time order when a time column reads.
    """
    facts = inspect_csv(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=facts.delimiter, skipinitialspace=True))[1:]
    rows = [row for row in rows if row]  # blank lines, which the loader skips too
    cells = {
        column: [row[index].strip() if index < len(row) else "" for row in rows]
        for index, column in enumerate(facts.columns)
    }
    for column, column_cells in cells.items():
        facts.times[column] = _times(column_cells)
        bad = [(row, cell) for row, cell in enumerate(column_cells, start=1) if not _finite(cell)]
        if bad:
            facts.not_numbers[column], facts.gap_counts[column] = bad[0], len(bad)
    facts.numeric_columns = {column for column, column_cells in cells.items() if _meant_for_numbers(column_cells)}
    time = time_column(facts)
    order = list(range(len(rows)))
    if time and facts.times[time].unreadable is None:
        order.sort(key=lambda row: read_time(cells[time][row]) or 0.0)
    for column, column_cells in cells.items():
        if column not in facts.not_numbers:
            facts.numbers[column] = [float(column_cells[row]) for row in order[-KEPT_ROWS:]]
    return facts


def season(values: list[float]) -> int:
    """The length of the series' season in rows, from its autocorrelation; 0 when it has none.

    The season is the lag of a peak of the autocorrelation (higher than both neighbours and
    than `MIN_CORRELATION`, after a dip): the shortest whose correlation is near the best
    peak's, so hours with daily and weekly cycles give 24 unless the week is much stronger.
    """
    count = len(values)
    mean = sum(values) / count if count else 0.0
    centred = [value - mean for value in values]
    total = sum(value * value for value in centred)
    most = min(MOST_LAG, count // 3)
    if not total or most < 3:
        return 0
    correlation = [1.0]
    correlation += [
        sum(a * b for a, b in zip(centred[:-lag], centred[lag:], strict=True)) / total for lag in range(1, most + 1)
    ]
    peaks = [
        lag
        for lag in range(2, most)
        if correlation[lag - 1] < correlation[lag] >= correlation[lag + 1]
        and correlation[lag] >= MIN_CORRELATION
        and min(correlation[1:lag]) < correlation[lag]
    ]
    if not peaks:
        return 0
    best = max(correlation[lag] for lag in peaks)
    return next(lag for lag in peaks if correlation[lag] >= NEAR_BEST * best)


def describe(facts: Facts, time: str) -> list[str]:
    """What the series is like: its rows, the order of its time column, and each numeric column's season."""
    lines = [f"{facts.num_samples} rows"]
    times = facts.times.get(time)
    if times and times.unreadable is None:
        order = "in order" if times.in_order else "out of order: the project sorts them"
        lines.append(f"time column `{time}`: {'dates' if times.dates else 'numbers'}, {order}")
        lines += _describe_steps(times)
    elif not time:
        lines.append("no time column found: the rows are taken in file order")
    for column in facts.columns:
        if column == time:
            continue
        if column in facts.numbers:
            length = season(facts.numbers[column])
            lines.append(f"`{column}`: " + (f"a season of {length} rows" if length else "no season found"))
        elif column in facts.numeric_columns:
            row, value = facts.not_numbers[column]
            cell = f"`{value}`" if value else "an empty cell"
            more = facts.gap_counts[column] - 1
            lines.append(f"`{column}`: numbers, but {cell} in row {row}" + (f" and {more} more" if more else ""))
    return lines


def time_column(facts: Facts) -> str:
    """The column that holds the time: the first with dates, or one named like a time whose cells read; else `""`.

    A column of dates with a cell that does not read is still the time column, so that the
    refusal names that cell.
    """
    dated = [column for column, times in facts.times.items() if times.dates]
    named = [
        column
        for column, times in facts.times.items()
        if column.strip().lower() in TIME_NAMES
        and (times.unreadable is None or _number(times.unreadable[1]) is not None)
    ]  # a cell of `inf` or `nan` among numbers is named by the refusal, as a bad date is
    return (dated or named or [""])[0]


def read_time(cell: str) -> float | None:
    """A time cell as a number to sort by: the number, or a date's POSIX time (UTC unless it says so); else `None`."""
    number = _number(cell)
    if number is not None:
        return number if math.isfinite(number) else None  # `inf` and `nan` sort nowhere
    try:
        moment = datetime.datetime.fromisoformat(cell)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)).timestamp()


def _describe_steps(times: TimeFacts) -> list[str]:
    """The step between times, and how many steps differ from it (windows count rows, not time)."""
    if not times.steps:
        return []
    step = _duration(times.step) if times.dates else f"{times.step:g}"
    if not times.uneven:
        return [f"time steps: even, {step} each"]
    return [
        f"time steps: {times.uneven} of {times.steps} differ from the usual {step}; windows count rows, not time, "
        "so add the missing times (filled in) to make the steps even"
    ]


def _duration(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}" + ("s" if count > 1 else "")
    return f"{seconds:g} seconds"


def _times(cells: list[str]) -> TimeFacts:
    dates, in_order, repeated = False, True, ""
    seen: set[float] = set()
    previous = None
    for row, cell in enumerate(cells, start=1):
        moment = read_time(cell)
        if moment is None:
            return TimeFacts((row, cell), dates, in_order, repeated)
        dates = dates or _number(cell) is None
        if moment in seen and not repeated:
            repeated = cell
        seen.add(moment)
        in_order = in_order and (previous is None or moment > previous)
        previous = moment
    moments = sorted(seen)
    # Rounded so that steps of decimal times (0.1 + 0.2) count as equal.
    steps = Counter(round(later - earlier, 6) for earlier, later in zip(moments, moments[1:], strict=False))
    step, count = steps.most_common(1)[0] if steps else (0.0, 0)
    total = sum(steps.values())
    return TimeFacts(None, dates, in_order, repeated, step, total, total - count)


def _meant_for_numbers(cells: list[str]) -> bool:
    """Whether a column holds numbers, but for empty cells and at most `MOST_TEXT` of its filled ones."""
    numbers = sum(_number(cell) is not None for cell in cells)
    text = sum(bool(cell) and cell.upper() not in MISSING and _number(cell) is None for cell in cells)
    return numbers > 0 and text <= MOST_TEXT * (numbers + text)


def _finite(cell: str) -> bool:
    """Whether a cell is a number other than NaN and the infinities (which a window cannot hold)."""
    number = _number(cell)
    return number is not None and math.isfinite(number)


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None
