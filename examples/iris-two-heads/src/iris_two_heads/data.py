"""Data: a CSV file -> batched tf.data pipelines for training, validation and test.

The split is random: the examples are shuffled with a fixed seed and cut in the split fractions.
Examples are decoded once and cached; the training split is reshuffled every epoch.
"""

import csv
import dataclasses
from pathlib import Path

import numpy as np
import tensorflow as tf

from iris_two_heads.config import DataConfig
from iris_two_heads.model import layer_names


@dataclasses.dataclass(frozen=True)
class Datasets:
    """The three splits, batched."""

    train: tf.data.Dataset
    validation: tf.data.Dataset
    test: tf.data.Dataset
    class_names: dict[str, list[str]]  # each target column's classes in label order (none for a number)


def make_datasets(
    config: DataConfig, *, test_path: Path | None = None, test_config: DataConfig | None = None
) -> Datasets:
    """Read the data, name its classes, split it, and build one pipeline per split.

    With `test_path`, the test split is every example of those files instead, read the same
    way (or as `test_config` says, when their fields differ) and labelled with the training
    data's classes: `evaluate --data` scores other files.
    """
    inputs, values = load_examples(config.path, config)
    labels, class_names = read_labels(values, config.class_targets)
    splits = split_indices(labels, config)
    targets = encode_labels(labels)
    train, validation, test = (
        _pipeline(_take(inputs, indices), _take(targets, indices), config, training=name == "train")
        for name, indices in splits.items()
    )
    if test_path is not None:
        test_inputs, test_values = load_examples(test_path, test_config or config)
        test_labels, _ = read_labels(test_values, config.class_targets, class_names)
        test = _pipeline(test_inputs, encode_labels(test_labels), config, training=False)
    return Datasets(train, validation, test, class_names)


def read_labels(
    values: dict[str, np.ndarray], class_targets: dict[str, int], class_names: dict[str, list[str]] | None = None
) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
    """Each target column as its head reads it: class indices for a class target, else float32 numbers.

    Also returns each column's class names in index order (none for a number): the ones given
    (the training data's, for other files), or else the values' own.
    """
    labels, names = {}, {}
    for column, column_values in values.items():
        if column in class_targets:
            labels[column], names[column] = read_classes(column_values, (class_names or {}).get(column))
        else:
            labels[column], names[column] = column_values.astype("float32"), []
    return labels, names


def read_classes(values: np.ndarray, class_names: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """Class indices of the raw target values, and the class names in index order.

    The names are the ones given (the training data's, for other files), or else the
    values' own: names that are numbers sort by value (2 before 10), the others alphabetically.
    """
    names = [str(value).strip() for value in values]
    class_names = class_names or sorted(set(names), key=_natural_order)
    index = {name: position for position, name in enumerate(class_names)}
    unknown = sorted(set(names) - set(index))
    if unknown:
        raise ValueError(f"classes {unknown} are not among the training data's classes {class_names}")
    return np.array([index[name] for name in names], dtype="int32"), class_names


def _natural_order(value: str) -> tuple[int, float | str]:
    try:
        return (0, float(value))
    except ValueError:
        return (1, value)


def split_indices(examples, config: DataConfig) -> dict[str, np.ndarray]:
    """Shuffled example indices for the train, validation and test splits (of an array, or a tuple or dict of them)."""
    count = _count(examples)
    order = np.random.default_rng(config.seed).permutation(count)
    num_test = max(1, round(count * config.test_split))
    num_validation = max(1, round(count * config.validation_split))
    return {
        "train": order[num_test + num_validation :],
        "validation": order[num_test : num_test + num_validation],
        "test": order[:num_test],
    }


def encode_labels(labels: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Targets as the heads read them, under the heads' names: class indices, or numbers in one column."""
    heads = layer_names(list(labels))
    return {
        heads[column]: values.reshape(-1, 1) if values.dtype == "float32" else values
        for column, values in labels.items()
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


def load_examples(path: Path, config: DataConfig) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The feature columns of the CSV file, and its raw label columns by name."""
    rows = read_rows(path, config)
    labels = {column: np.array([row[column] for row in rows]) for column in config.target_columns}
    return read_columns(rows, config, path), labels


def read_rows(path: Path, config: DataConfig) -> list[dict[str, str]]:
    """The rows of a CSV file as `csv.DictReader` reads them, under column names stripped of spaces: a
    byte order mark is dropped, and the spaces after each delimiter (`a, b` names columns `a` and `b`)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=config.delimiter, skipinitialspace=True)
        reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
        return list(reader)


MISSING = frozenset({"", "NA", "N/A", "NAN", "NULL", "NONE"})
"""Cells that mean "no value" (in any case): NaN in a numeric column, which the model fills."""


def read_columns(rows: list[dict[str, str]], config: DataConfig, path: Path) -> dict[str, np.ndarray]:
    """Column name -> a `(rows, 1)` array: text for categorical columns, float32 for the others.

    A `MISSING` cell (or one a short row lacks) is NaN in a numeric column (the model fills
    it); a categorical column keeps it as a value of its own.

    Raises:
        ValueError: A cell of a numeric column is not a number; the message names `path`,
            the row and the column.
    """
    columns = {}
    for column in config.feature_columns:
        values = [(row[column] or "").strip() for row in rows]
        if column in config.categorical_columns:
            columns[column] = np.array(values, dtype=str).reshape(-1, 1)
        else:
            numbers = [_number(value, path, row, column) for row, value in enumerate(values, start=1)]
            columns[column] = np.array(numbers, dtype="float32").reshape(-1, 1)
    return columns


def _number(cell: str, path: Path, row: int, column: str) -> float:
    if cell.upper() in MISSING:
        return np.nan
    try:
        return float(cell)
    except ValueError:
        raise ValueError(
            f"`{path}`, row {row} after the header, column `{column}`: `{cell}` is not a number; "
            "fix the cell, or list the column in `categorical_columns`"
        ) from None


def _dataset(inputs: dict[str, np.ndarray], labels: np.ndarray, config: DataConfig) -> tf.data.Dataset:
    return tf.data.Dataset.from_tensor_slices((inputs, labels))
