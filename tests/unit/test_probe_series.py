"""Series CSVs: the time column found, defaults read from the file, and bad series refused."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from kgen import sources, spec
from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY
from kgen.sources import series_csv


def write_series(root: Path, rows: int = 120, *, times=None, temp=None, load=None, delimiter: str = ",") -> Path:
    """`when` (hours as ISO dates, in order), `temp` and `load` numbers; `times`/`temp`/`load` replace cells."""
    path = root / "series.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["when", "temp", "load"])
        for row in range(rows):
            when = f"2025-01-{1 + row // 24:02d}T{row % 24:02d}:00"
            temp_cell, load_cell = (temp or {}).get(row, str(row % 7)), (load or {}).get(row, str(row % 24 * 1.5))
            writer.writerow([(times or {}).get(row, when), temp_cell, load_cell])
    return path


def refused(path: Path, **answers) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve({"task": "series_forecast", "data_path": str(path), **answers})
    return caught.value


def test_the_dated_column_is_the_time_and_the_last_number_the_target(tmp_path):
    result = spec.resolve({"task": "series_forecast", "data_path": str(write_series(tmp_path))})
    assert result["data_source"] == "series_csv" and result["time_column"] == "when"
    assert result["target_column"] == "load" and result["value_columns"] == ["temp", "load"]
    assert [block["block"] for block in result["blocks"]] == ["conv1d", "dense"]


def test_times_read_as_numbers_or_iso_dates_in_any_order(tmp_path):
    path = write_series(tmp_path, times={0: "2025-01-09", 5: "2025-01-01T05:30:00+01:00"})
    times = sources.inspect("series_csv", path).times["when"]
    assert times.unreadable is None and times.dates and not times.in_order and not times.repeated
    assert series_csv.read_time("12.5") == 12.5 and series_csv.read_time("2025-01-01") == 1735689600.0
    assert series_csv.read_time("noon") is None


def test_a_file_without_dates_has_no_time_column(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(60)), encoding="utf-8")
    assert series_csv.time_column(sources.inspect("series_csv", path)) == ""
    result = spec.resolve({"task": "series_forecast", "data_path": str(path), "horizon": 2})
    assert result["time_column"] == "" and result["value_columns"] == ["a", "b"] and result["target_column"] == "b"


@pytest.mark.parametrize("cell", ["inf", "nan", "1e400"])
@pytest.mark.parametrize("dated", [True, False], ids=["dates", "numbers"])
def test_a_time_that_is_no_finite_number_is_refused_with_its_row(tmp_path, cell, dated):
    times = {3: cell} if dated else {row: cell if row == 3 else str(row) for row in range(120)}
    path = write_series(tmp_path, times=times)
    if not dated:  # a column of numbers is the time column by its name
        path.write_text(path.read_text().replace("when,", "time,", 1))
    column = "when" if dated else "time"
    error = refused(path)
    assert str(error) == f"time column `{column}` holds `{cell}` in row 4, which is neither a number nor an ISO date"


def test_a_time_that_does_not_read_is_refused_with_its_row(tmp_path):
    error = refused(write_series(tmp_path, times={3: "yesterday"}))
    assert str(error) == "time column `when` holds `yesterday` in row 4, which is neither a number nor an ISO date"
    assert "2024-03-01 13:00" in error.hint


def test_a_repeated_time_is_refused(tmp_path):
    error = refused(write_series(tmp_path, times={3: "2025-01-01T02:00"}))
    assert str(error) == "time column `when` holds `2025-01-01T02:00` twice, so the rows have no one order"


def test_a_value_column_with_text_or_a_gap_is_refused_with_its_row(tmp_path):
    path = write_series(tmp_path, temp={10: "n/a"})
    error = refused(path, value_columns="temp,load")
    assert str(error) == "value column `temp` holds `n/a` in row 11, and every step of a window needs a number"
    assert error.hint == "fill in or remove that row, or leave the column out: `--value-columns load`"
    path = write_series(tmp_path, temp={2: ""})
    assert str(refused(path, value_columns="temp,load")).startswith("value column `temp` has an empty cell in row 3,")


@pytest.mark.parametrize("target", [None, "load"])
@pytest.mark.parametrize(("cell", "found"), [("", "has an empty cell"), ("oops", "holds `oops`")])
def test_a_gap_or_a_text_cell_in_the_target_is_refused_not_replaced_by_another_target(tmp_path, target, cell, found):
    """One bad cell in `load` once dropped it from the numeric columns, and the defaults forecast `temp`."""
    answers = {"target_column": target} if target else {}
    error = refused(write_series(tmp_path, load={6: cell}), **answers)
    assert str(error) == f"value column `load` {found} in row 7, and every step of a window needs a number"
    assert error.hint == (
        "fill in or remove that row, or forecast another column: `--target-column temp --value-columns temp`"
    )


def test_a_gap_refusal_counts_the_other_rows_like_it(tmp_path):
    error = refused(write_series(tmp_path, temp={4: "", 9: "NA", 30: "x"}))
    assert str(error) == (
        "value column `temp` has an empty cell in row 5 (2 more rows like it), "
        "and every step of a window needs a number"
    )


def test_the_kgen_command_refuses_a_gap_with_the_defaults_and_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from kgen import cli

    path, destination = write_series(tmp_path, load={6: ""}), tmp_path / "x"
    args = ["new", str(destination), "--task", "series_forecast", "--data-path", str(path), "--defaults"]
    result = CliRunner().invoke(cli.cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: value column `load` has an empty cell in row 7,")
    assert not destination.exists()


def test_a_text_column_is_not_offered_as_a_value_column(tmp_path):
    path = write_series(tmp_path, temp={row: ["low", "high"][row % 2] for row in range(0, 120, 3)})
    result = spec.resolve({"task": "series_forecast", "data_path": str(path)})
    assert result["value_columns"] == ["load"]


def test_a_column_with_a_few_text_cells_is_still_a_value_column(tmp_path):
    facts = sources.inspect("series_csv", write_series(tmp_path, temp={3: "oops", 50: "", 70: "NA"}))
    assert {"temp", "load"} <= facts.numeric_columns
    assert facts.not_numbers["temp"] == (4, "oops") and facts.gap_counts["temp"] == 3


def test_a_constant_target_is_refused_with_another_target_to_choose(tmp_path):
    error = refused(write_series(tmp_path, load={row: "2.0" if row % 2 else "2" for row in range(120)}))
    assert str(error) == "target column `load` is 2 in every row, so there is nothing to forecast"
    assert error.hint == "choose another target: `--target-column temp`"


def test_the_target_must_be_a_value_column_and_the_time_must_not(tmp_path):
    path = write_series(tmp_path)
    error = refused(path, value_columns="temp")
    assert str(error) == "target column `load` is not among the value columns, so no window holds its past"
    assert error.hint == "add `load` to `--value-columns`"
    assert "both the time and a value column" in str(refused(path, time_column="temp", value_columns="temp,load"))


def test_a_series_too_short_for_its_windows_and_splits_is_refused_with_the_rows_it_needs(tmp_path):
    error = refused(write_series(tmp_path, rows=60), window=48, horizon=6)
    assert str(error) == (
        "the series has 60 rows, too few for windows of 48 rows, a horizon of 6 and the validation and test splits"
    )
    answers = {"window": 48, "horizon": 6, "validation_split": 0.2, "test_split": 0.1}
    needed = int(error.hint.split()[3])
    assert series_csv.series_splits(needed, answers)["train"] == series_csv.MIN_TRAIN_WINDOWS
    assert series_csv.series_splits(needed - 1, answers)["train"] < series_csv.MIN_TRAIN_WINDOWS


def test_a_period_longer_than_the_window_is_refused(tmp_path):
    error = refused(write_series(tmp_path), window=12, period=24)
    assert str(error) == "period 24 is longer than the window of 12 rows, so no window holds the season before"
    assert error.hint == "pass `--window 24` or more, or `--period 0`"


def test_series_answers_do_not_apply_to_other_tasks(tmp_path):
    path = write_series(tmp_path)
    with pytest.raises(InvalidAnswer, match="`window` does not apply"):
        spec.resolve({"task": "tabular_regression", "data_path": str(path), "window": 12})


def test_a_daily_cycle_of_hours_sets_the_window_to_two_days_and_the_period_to_one(tmp_path):
    result = spec.resolve({"task": "series_forecast", "data_path": str(write_series(tmp_path, rows=400))})
    assert result["window"] == 48 and result["period"] == 24


def test_a_season_longer_than_a_given_window_is_left_out_of_the_period(tmp_path):
    result = spec.resolve({"task": "series_forecast", "data_path": str(write_series(tmp_path, rows=400)), "window": 12})
    assert result["period"] == 0


def test_seasons_are_found_by_autocorrelation():
    wave = [math.sin(2 * math.pi * row / 12) + 0.3 * math.sin(2 * math.pi * row / 84) for row in range(600)]
    assert series_csv.season(wave) == 12
    assert series_csv.season([float(row) for row in range(600)]) == 0  # a trend has no season
    assert series_csv.season([1.0] * 50) == 0


def test_the_prompt_tells_the_rows_the_time_order_and_the_seasons(tmp_path):
    facts = sources.inspect("series_csv", write_series(tmp_path, times={0: "2025-02-01"}))
    assert series_csv.describe(facts, "when") == [
        "120 rows",
        "time column `when`: dates, out of order: the project sorts them",
        "time steps: 1 of 119 differ from the usual 1 hour; windows count rows, not time, "
        "so add the missing times (filled in) to make the steps even",
        "`temp`: a season of 7 rows",
        "`load`: a season of 24 rows",
    ]


def test_a_nan_or_infinite_value_is_a_gap(tmp_path):
    error = refused(write_series(tmp_path, temp={5: "nan"}), value_columns="temp,load")
    assert str(error) == "value column `temp` holds `nan` in row 6, and every step of a window needs a number"


def test_the_summary_tells_the_series_and_the_windows_of_each_split(tmp_path):
    result = spec.resolve({"task": "series_forecast", "data_path": str(write_series(tmp_path, rows=400))})
    notes = result.column_notes()
    assert notes[:3] == ["400 rows", "time column `when`: dates, in order", "time steps: even, 1 hour each"]
    assert notes[-1] == "windows: 247 train, 70 validation, 35 test"  # 352 windows of 48 rows


def test_irregular_time_steps_are_counted_against_the_most_common_step(tmp_path):
    path = tmp_path / "days.csv"
    days = [1, 2, 3, 5, 6, 7, 8, 9, 12, 13] + list(range(14, 32))
    path.write_text("day,value\n" + "".join(f"2025-03-{day:02d},{day % 3}\n" for day in days), encoding="utf-8")
    times = sources.inspect("series_csv", path).times["day"]
    assert (times.step, times.steps, times.uneven) == (86400.0, 27, 2)
    assert series_csv.describe(sources.inspect("series_csv", path), "day")[2].startswith(
        "time steps: 2 of 27 differ from the usual 1 day;"
    )


def test_decimal_times_with_rounding_noise_step_evenly(tmp_path):
    path = tmp_path / "seconds.csv"
    path.write_text("t,value\n" + "".join(f"{row * 0.1!r},{row % 5}\n" for row in range(60)), encoding="utf-8")
    times = sources.inspect("series_csv", path).times["t"]
    assert (times.step, times.uneven) == (0.1, 0)
    assert "time steps: even, 0.1 each" in series_csv.describe(sources.inspect("series_csv", path), "t")


def test_psnr_is_not_offered_for_a_forecast_in_the_series_own_units(tmp_path, table_csv):
    """PSNR needs values in [0, 1]; a forecast is in megawatts. Tabular regression and images keep it."""
    metrics = BY_KEY["metrics"]
    assert "psnr" not in metrics.choices.names({"task": "series_forecast", "loss": "mean_squared_error"})
    for task in ("tabular_regression", "super_resolution", "denoising"):
        assert "psnr" in metrics.choices.names({"task": task, "loss": "mean_squared_error"})
    error = refused(write_series(tmp_path), metrics="mae,psnr")
    assert str(error).startswith("metric `psnr` compares ") and "`series_forecast`" in str(error)
    assert error.hint == "choose one of `mae`, `rmse`"
    table = {"task": "tabular_regression", "data_path": str(table_csv), "target_column": "a", "feature_columns": "b"}
    assert spec.resolve({**table, "metrics": "mae,psnr"})["metrics"] == ["mae", "psnr"]


def test_the_prompt_shows_a_gap_in_a_column_of_numbers_before_the_value_columns_are_asked(tmp_path):
    facts = sources.inspect("series_csv", write_series(tmp_path, temp={6: "", 9: "oops"}))
    assert series_csv.describe(facts, "when")[-2:] == [
        "`temp`: numbers, but an empty cell in row 7 and 1 more",
        "`load`: a season of 24 rows",
    ]
