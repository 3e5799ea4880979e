"""The loader, on real a CSV file of a time series written by the fixtures."""

import csv
import dataclasses
import re

import keras
import numpy as np
import pytest
import tensorflow as tf

from town_power.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_targets_are_real_numbers_shaped_like_the_model_output(config, batch):
    from town_power.model import build_model

    _, targets = batch
    assert targets.shape[1:] == build_model(config.model).output_shape[1:]
    assert targets.dtype == "float32"


def test_windows_are_those_of_keras_timeseries_dataset_from_array(config):
    from town_power.data import load_examples, read_series

    inputs, _ = load_examples(config.data.path, config.data)
    _, values = read_series(config.data.path, config.data)
    reference = keras.utils.timeseries_dataset_from_array(
        values[: -config.data.horizon], None, sequence_length=config.data.window, batch_size=len(values)
    )
    np.testing.assert_array_equal(inputs, next(iter(reference)))


def test_each_window_is_labelled_with_the_target_rows_after_it(config, labelled):
    from town_power.data import load_examples

    inputs, targets = load_examples(config.data.path, config.data)
    window, horizon = config.data.window, config.data.horizon
    assert inputs.shape == (len(labelled[0]), window, len(config.data.value_columns))
    np.testing.assert_allclose(targets, np.asarray(labelled[0]), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(inputs[1:, :-1], inputs[:-1, 1:])  # each window is the one before, moved a row
    np.testing.assert_array_equal(inputs[horizon:, -1, -1], targets[:-horizon, -1])  # the target is the last column


def test_splits_follow_time_and_share_no_target_row(config, labelled):
    from town_power.data import split_indices

    count, horizon = len(labelled[0]), config.data.horizon
    splits = split_indices(np.zeros((count, horizon)), config.data)
    train, validation, test = splits["train"], splits["validation"], splits["test"]
    assert train[0] == 0 and test[-1] == count - 1 and min(len(validation), len(test)) >= 1
    assert train[-1] + horizon <= validation[0] and validation[-1] + horizon <= test[0]  # targets never overlap
    for indices in splits.values():
        np.testing.assert_array_equal(indices, np.arange(indices[0], indices[-1] + 1))
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sizes == [len(train), len(validation), len(test)]


def _write_series(path, data_config, times, cells):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=data_config.delimiter)
        writer.writerow(["when", *data_config.value_columns])
        for time, cell in zip(times, cells, strict=True):
            writer.writerow([time, *[cell] * len(data_config.value_columns)])


def test_rows_out_of_time_order_are_sorted_by_their_time(config, tmp_path):
    from town_power.data import read_series

    data_config = dataclasses.replace(config.data, time_column="when")
    times = ["2024-01-02", "2024-01-01T12:00", "2024-01-01 06:00", "2024-01-03T00:00+00:00"]
    _write_series(tmp_path / "shuffled.csv", data_config, times, ["0", "1", "2", "3"])
    in_order, values = read_series(tmp_path / "shuffled.csv", data_config)
    assert in_order == [times[2], times[1], times[0], times[3]]
    np.testing.assert_array_equal(values[:, 0], [2.0, 1.0, 0.0, 3.0])


@pytest.mark.parametrize(
    ("time", "cell", "named"),
    [("yesterday", "1", "yesterday"), ("2024-01-01", "n/a", "n/a"), ("2024-01-01", "nan", "NaN or infinite")],
)
def test_a_time_or_value_that_does_not_read_is_refused_by_name(config, tmp_path, time, cell, named):
    from town_power.data import read_series

    data_config = dataclasses.replace(config.data, time_column="when")
    _write_series(tmp_path / "bad.csv", data_config, ["2023-12-31", time], ["0", cell])
    with pytest.raises(ValueError, match=re.escape(named)):
        read_series(tmp_path / "bad.csv", data_config)


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    assert not np.array_equal(_all(train, 0), _all(train, 0))
