"""Data: a CSV file of a time series -> batched tf.data pipelines for training, validation and test.

The split is chronological: the first windows train, the next validate, the last test; no target row is in two splits.
Examples are decoded once and cached; the training split is reshuffled every epoch.
"""

import csv
import dataclasses
import datetime
from pathlib import Path

import numpy as np
import tensorflow as tf

from town_power.config import DataConfig


@dataclasses.dataclass(frozen=True)
class Datasets:
    """The three splits, batched."""

    train: tf.data.Dataset
    validation: tf.data.Dataset
    test: tf.data.Dataset


def make_datasets(
    config: DataConfig, *, test_path: Path | None = None, test_config: DataConfig | None = None
) -> Datasets:
    """Cut the series into windows, split them in time order, and build one pipeline per split.

    With `test_path`, the test split is every window of that series instead, cut the same
    way (or as `test_config` says, when its fields differ): `evaluate --data` scores other files.
    """
    windows, targets = load_examples(config.path, config)
    train, validation, test = (
        _pipeline(_take(windows, indices), _take(targets, indices), config, training=name == "train")
        for name, indices in split_indices(targets, config).items()
    )
    if test_path is not None:
        test = _pipeline(*load_examples(test_path, test_config or config), config, training=False)
    return Datasets(train, validation, test)


def split_indices(labels: np.ndarray, config: DataConfig) -> dict[str, np.ndarray]:
    """Window indices for the train, validation and test splits, in time order.

    The last windows test, the ones before them validate, and the rest train. At each cut
    `horizon - 1` windows are dropped, so no target row is in two splits; a window's past
    rows may still reach back across a cut, as they would when forecasting for real.
    """
    count, gap = _count(labels), config.horizon - 1
    num_test = max(1, round(count * config.test_split))
    num_validation = max(1, round(count * config.validation_split))
    test_start = count - num_test
    validation_start = test_start - gap - num_validation
    return {
        "train": np.arange(validation_start - gap),
        "validation": np.arange(validation_start, test_start - gap),
        "test": np.arange(test_start, count),
    }


def _take(arrays, indices: np.ndarray):
    """The examples at `indices` of an array, or of each array of a tuple or dict (columns, heads, pairs)."""
    return tf.nest.map_structure(lambda array: array[indices], arrays)


def _count(arrays) -> int:
    """How many examples an array holds, or each array of a tuple or dict."""
    return len(tf.nest.flatten(arrays)[0])


def _pipeline(inputs, targets, config: DataConfig, *, training: bool) -> tf.data.Dataset:
    dataset = _dataset(inputs, targets, config).cache()  # decode once; anything random must come after this line
    if training:
        dataset = dataset.shuffle(_count(targets), seed=config.seed, reshuffle_each_iteration=True)
    return dataset.batch(config.batch_size).prefetch(tf.data.AUTOTUNE)


def load_examples(path: Path, config: DataConfig) -> tuple[np.ndarray, np.ndarray]:
    """Every window of the series, in time order: `window` rows of the value columns (the target
    last), and the target's `horizon` values after them. Window `i` starts at row `i`.

    The windows are NumPy views of the series: nothing is copied until a split takes its own.
    """
    _, values = read_series(path, config)
    if len(values) < config.window + config.horizon:
        needed = config.window + config.horizon
        raise ValueError(f"{path} has {len(values)} rows, but a window and its horizon need {needed}")
    target = values[:, -1]
    inputs = np.lib.stride_tricks.sliding_window_view(values[: len(values) - config.horizon], config.window, axis=0)
    targets = np.lib.stride_tricks.sliding_window_view(target[config.window :], config.horizon)
    return inputs.transpose(0, 2, 1), targets


def read_rows(path: Path, config: DataConfig) -> list[dict[str, str]]:
    """The rows of a CSV file as `csv.DictReader` reads them, under column names stripped of spaces: a
    byte order mark is dropped, and the spaces after each delimiter (`a, b` names columns `a` and `b`)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=config.delimiter, skipinitialspace=True)
        reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
        return list(reader)


def read_series(path: Path, config: DataConfig) -> tuple[list[str], np.ndarray]:
    """Each row's time (its row number without a time column), and the value columns as float32 `(rows, columns)`.

    The rows are sorted by the time column: numbers, or ISO dates like `2024-03-01 13:00`.
    The target column comes last, where the model reads its latest value.
    """
    rows = read_rows(path, config)
    columns = [*(column for column in config.value_columns if column != config.target_column), config.target_column]
    if config.time_column:
        rows.sort(key=lambda row: read_time(row[config.time_column], path))
    times = [row[config.time_column] if config.time_column else str(number) for number, row in enumerate(rows, 1)]
    try:
        values = [[float(row[column]) for column in columns] for row in rows]
    except ValueError as error:
        raise ValueError(f"{path}: a value column holds something that is not a number ({error})") from None
    series = np.array(values, dtype="float32").reshape(len(rows), len(columns))
    gaps = np.flatnonzero(~np.isfinite(series).all(axis=1))
    if len(gaps):
        raise ValueError(f"{path}: the row at time {times[gaps[0]]} has a value that is NaN or infinite")
    return times, series


def read_time(cell: str, path: Path) -> float:
    """A time cell as a number to sort by: the number itself, or a date's POSIX time (UTC unless it says)."""
    try:
        return float(cell)
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(cell.strip())
    except ValueError:
        raise ValueError(f"{path}: time `{cell}` is neither a number nor an ISO date like 2024-03-01 13:00") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)).timestamp()


def _dataset(inputs: np.ndarray, targets: np.ndarray, config: DataConfig) -> tf.data.Dataset:
    return tf.data.Dataset.from_tensor_slices((inputs, targets))
