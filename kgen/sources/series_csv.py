"""`series_csv`: a time series CSV, one row per time step: its time column, its order, its numbers.

A time cell is a number or an ISO 8601 date (`datetime.fromisoformat`, which the generated
loader reads it with too), so kgen refuses what the project could not sort, and a value
cell must be a number.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.readers.table import MISSING, Table, describe_columns, read_rows, read_table
from kgen.sources import checks, columns

KEPT_ROWS = 5000
"""The latest rows of each numeric column kept, to find a season in."""
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


@dataclass(frozen=True)
class Series(Table):
    """The CSV's `Table`, and how its columns read as a series.

    `numeric_columns` are the columns meant for numbers: numbers but for empty cells and a
    few text ones (`MOST_TEXT`), so that a gap or a typo in a column is refused by name and
    row instead of dropping the column from the defaults. `times` says how each column reads
    as times; `not_numbers` holds each column's first cell that is not a number, as (row,
    value), and `gap_counts` how many such cells it has; `numbers` the latest `KEPT_ROWS`
    values of each column without such cells, in time order when a time column reads.
    """

    times: dict[str, TimeFacts]
    not_numbers: dict[str, tuple[int, str]]
    gap_counts: dict[str, int]
    numbers: dict[str, list[float]]


def inspect(path: Path, answers: Mapping[str, Any]) -> Series:
    """The columns of the file, and how each reads as times and as numbers."""
    table = read_table(path)
    rows = read_rows(path, table.delimiter)
    cells = {
        column: [row[index].strip() if index < len(row) else "" for row in rows]
        for index, column in enumerate(table.columns)
    }
    times, not_numbers, gap_counts = {}, {}, {}
    for column, column_cells in cells.items():
        times[column] = _times(column_cells)
        bad = [(row, cell) for row, cell in enumerate(column_cells, start=1) if not _finite(cell)]
        if bad:
            not_numbers[column], gap_counts[column] = bad[0], len(bad)
    numeric = {column for column, column_cells in cells.items() if _meant_for_numbers(column_cells)}
    series = Series(
        **{**vars(table), "numeric_columns": numeric},
        times=times,
        not_numbers=not_numbers,
        gap_counts=gap_counts,
        numbers={},
    )
    time = time_column(series)
    order = list(range(len(rows)))
    if time and times[time].unreadable is None:
        order.sort(key=lambda row: read_time(cells[time][row]) or 0.0)
    numbers = {
        column: [float(column_cells[row]) for row in order[-KEPT_ROWS:]]
        for column, column_cells in cells.items()
        if column not in not_numbers
    }
    return dataclasses.replace(series, numbers=numbers)


def preview(series: Series) -> list[tuple[str, list[str]]]:
    """What each column holds, and the series' order and seasons."""
    return [("The file's columns:", describe_columns(series)), ("The series:", describe(series, time_column(series)))]


def summary(series: Series, answers: Mapping[str, Any]) -> list[str]:
    """The series' rows, order and seasons, and the windows each split gets."""
    splits = series_splits(series.num_samples, answers)
    windows = ", ".join(f"{count} {name}" for name, count in splits.items())
    return [*describe(series, answers["time_column"]), f"windows: {windows}"]


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


def describe(facts: Series, time: str) -> list[str]:
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


def time_column(facts: Series, answers: Mapping[str, Any] | None = None) -> str:
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


def _target_column(series: Series, answers: Mapping[str, Any]) -> Any:
    """The last numeric column but the time column."""
    numeric = [c for c in series.columns if c in series.numeric_columns and c != answers.get("time_column")]
    return numeric[-1] if numeric else None


def _season(series: Series, answers: Mapping[str, Any]) -> int:
    values = series.numbers.get(answers.get("target_column", ""))
    return season(values) if values else 0


def _window(series: Series, answers: Mapping[str, Any]) -> Any:
    """Two seasons of the target, when it has one (and the series has four windows' rows)."""
    return min(2 * _season(series, answers), series.num_samples // 4) or None


def _period(series: Series, answers: Mapping[str, Any]) -> Any:
    """The target's season, when the window holds it."""
    found = _season(series, answers)
    return found if 0 < found <= answers.get("window", 0) else None


def _value_columns(series: Series, answers: Mapping[str, Any]) -> Any:
    """Every column meant for numbers but the time column, gaps and all: `check` names a gap's row."""
    time = answers.get("time_column")
    return [c for c in series.columns if c in series.numeric_columns and c != time] or None


DEFAULTS = {
    "time_column": time_column,
    "target_column": _target_column,
    "value_columns": _value_columns,
    "delimiter": columns.delimiter,
    "window": _window,
    "period": _period,
}


def check(answers: Mapping[str, Any], series: Series) -> None:
    """A series has numbers in its value columns, times that read, and rows for every split."""
    path, time, target, values = (
        answers[key] for key in ("data_path", "time_column", "target_column", "value_columns")
    )
    checks.columns_exist([*([time] if time else []), target, *values], series, path)
    if target not in values:
        raise InvalidAnswer(
            f"target column `{target}` is not among the value columns, so no window holds its past",
            hint=f"add `{target}` to `--value-columns`",
        )
    if time in values:
        raise InvalidAnswer(f"`{time}` is both the time and a value column", hint="leave it out of `--value-columns`")
    for column in sorted(values, key=lambda column: column != target):  # the target's gap first
        if column in series.not_numbers:
            _refuse_gap(column, answers, series)
    _check_target_varies(target, values, series)
    if time:
        _check_times(time, series.times[time])
    _check_series_length(answers, series.num_samples)
    period, window = answers["period"], answers["window"]
    if period > window:
        raise InvalidAnswer(
            f"period {period} is longer than the window of {window} rows, so no window holds the season before",
            hint=f"pass `--window {period}` or more, or `--period 0`",
        )
    checks.check_delimiter(answers, series)


def _refuse_gap(column: str, answers: Mapping[str, Any], series: Series) -> None:
    """A window needs a number at every step: name the column, the first bad row, and how to go on without it."""
    row, value = series.not_numbers[column]
    cell = f"holds `{value}`" if value else "has an empty cell"
    more = series.gap_counts.get(column, 1) - 1
    others = f" ({more} more row{'s' if more > 1 else ''} like it)" if more else ""
    rest = [c for c in answers["value_columns"] if c != column and c not in series.not_numbers]
    if column == answers["target_column"] and rest:
        way = f"or forecast another column: `--target-column {rest[-1]} --value-columns {','.join(rest)}`"
    elif rest:
        way = f"or leave the column out: `--value-columns {','.join(rest)}`"
    else:
        way = "or choose other value columns"
    raise InvalidAnswer(
        f"value column `{column}` {cell} in row {row}{others}, and every step of a window needs a number",
        hint=f"fill in or remove that row, {way}",
    )


def _check_target_varies(target: str, values: list[str], series: Series) -> None:
    """A target that never changes leaves nothing to forecast (and no scale to standardize it by)."""
    found = {float(value) for value in series.distinct.get(target, ())}
    if len(found) != 1:
        return
    varying = [c for c in values if c != target and len({float(v) for v in series.distinct.get(c, ())}) > 1]
    raise InvalidAnswer(
        f"target column `{target}` is {found.pop():g} in every row, so there is nothing to forecast",
        hint=f"choose another target: `--target-column {varying[-1]}`"
        if varying
        else "choose a column whose values change",
    )


def _check_times(column: str, times: TimeFacts) -> None:
    if times.unreadable is not None:
        row, value = times.unreadable
        raise InvalidAnswer(
            f"time column `{column}` holds `{value}` in row {row}, which is neither a number nor an ISO date",
            hint="write times like `2024-03-01` or `2024-03-01 13:00`, or pass `--time-column ''` for rows in order",
        )
    if times.repeated:
        raise InvalidAnswer(
            f"time column `{column}` holds `{times.repeated}` twice, so the rows have no one order",
            hint="keep one row per time (average or drop the repeats)",
        )


MIN_TRAIN_WINDOWS = 10
"""The fewest training windows a series must leave after validation and test."""


def series_splits(rows: int, answers: Mapping[str, Any]) -> dict[str, int]:
    """The windows each split of a series gets, as the generated `split_indices` cuts them."""
    windows = rows - answers["window"] - answers["horizon"] + 1
    test = max(1, round(windows * answers["test_split"]))
    validation = max(1, round(windows * answers["validation_split"]))
    return {"train": windows - test - validation - 2 * (answers["horizon"] - 1), "validation": validation, "test": test}


def _check_series_length(answers: Mapping[str, Any], rows: int) -> None:
    if series_splits(rows, answers)["train"] >= MIN_TRAIN_WINDOWS:
        return
    needed = rows + 1
    while series_splits(needed, answers)["train"] < MIN_TRAIN_WINDOWS:
        needed += 1
    window, horizon = answers["window"], answers["horizon"]
    raise InvalidAnswer(
        f"the series has {rows} rows, too few for windows of {window} rows, a horizon of {horizon} "
        f"and the validation and test splits",
        hint=f"give at least {needed} rows, or lower `--window` or `--horizon`",
    )
