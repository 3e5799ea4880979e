"""The loader, on real a CSV file written by the fixtures."""

import csv
import dataclasses

import numpy as np
import pytest
import tensorflow as tf

from diabetes.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_targets_are_real_numbers_shaped_like_the_model_output(config, batch):
    from diabetes.model import build_model

    _, targets = batch
    assert targets.shape[1:] == build_model(config.model).output_shape[1:]
    assert targets.dtype == "float32"


def test_targets_are_read_as_numbers_one_row_per_example():
    from diabetes.data import read_targets

    targets = read_targets(np.array(["1.5", "-2", "3e2"]))
    np.testing.assert_array_equal(targets, np.array([[1.5], [-2.0], [300.0]], dtype="float32"))


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_quoted_delimiters_and_line_breaks_stay_inside_their_cell(config, tmp_path):
    from diabetes.data import read_columns, read_rows

    data_config = config.data
    quoted = {column: "1.5" for column in data_config.feature_columns}
    quoted |= {column: f"a{data_config.delimiter} b" for column in data_config.categorical_columns}
    quoted[data_config.target_column] = "first line\nsecond line"
    path = tmp_path / "quoted.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(quoted), delimiter=data_config.delimiter)
        writer.writeheader()
        writer.writerow(quoted)
    rows = read_rows(path, data_config)
    assert rows == [quoted]
    assert all(column.shape == (1, 1) for column in read_columns(rows, data_config, path).values())


def test_cells_that_say_no_value_are_nan_in_a_numeric_column(config, tmp_path):
    from diabetes.data import read_columns

    data_config = dataclasses.replace(config.data, feature_columns=["x"], categorical_columns=[])
    rows = [{"x": cell} for cell in ("NA", " 2.5", "nan", "", "n/a", "NULL", "None", None)]  # None: a short row
    numbers = read_columns(rows, data_config, tmp_path / "table.csv")["x"].reshape(-1)
    np.testing.assert_array_equal(np.isnan(numbers), [True, False, True, True, True, True, True, True])
    assert numbers[1] == 2.5


def test_text_in_a_numeric_cell_is_named_by_its_file_row_and_column(config, tmp_path):
    from diabetes.data import read_columns, read_rows

    data_config = dataclasses.replace(config.data, feature_columns=["x", "y"], categorical_columns=["y"])
    path = tmp_path / "edited.csv"
    lines = (["x", "y"], ["1.5", "a"], ["oops", "b"])
    path.write_text("".join(data_config.delimiter.join(row) + "\n" for row in lines))
    with pytest.raises(ValueError) as error:
        read_columns(read_rows(path, data_config), data_config, path)
    assert str(error.value).startswith(f"`{path}`, row 2 after the header, column `x`: `oops` is not a number")


def test_spaces_around_the_names_in_the_header_are_dropped(config, tmp_path):
    from diabetes.data import read_rows

    path = tmp_path / "padded.csv"
    path.write_text("".join(config.data.delimiter.join(row) + "\n" for row in ([" x ", "y  "], ["1", "a"])))
    assert read_rows(path, config.data) == [{"x": "1", "y": "a"}]


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    assert not np.array_equal(_all(train, 0), _all(train, 0))
