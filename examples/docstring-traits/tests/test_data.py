"""The loader, on real a CSV file of texts written by the fixtures."""

import csv

import numpy as np
import pytest
import tensorflow as tf

from docstring_traits.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_targets_are_zeros_and_ones_one_column_per_sigmoid_unit(batch):
    _, targets = batch
    assert targets.ndim == 2 and targets.dtype == "float32"
    assert set(np.unique(targets).tolist()) <= {0.0, 1.0}


def test_labels_read_as_zeros_and_ones_and_anything_else_is_named():
    from docstring_traits.data import read_labels

    labels, names = read_labels({"red": np.array(["1", "0.0"]), "round": np.array(["0", " 1 "])})
    assert labels.tolist() == [[1, 0], [0, 1]] and names == ["red", "round"]
    with pytest.raises(ValueError, match="'round' holds 'yes' in data row 2"):
        read_labels({"red": np.array(["1", "0"]), "round": np.array(["0", "yes"])})


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_quoted_delimiters_quotes_and_line_breaks_stay_inside_the_text(config, tmp_path):
    from docstring_traits.data import read_rows, read_texts

    data_config = config.data
    text = f'one{data_config.delimiter} "two"\nthree'
    path = tmp_path / "quoted.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=data_config.delimiter)
        writer.writerow([data_config.text_column, *data_config.target_columns])
        writer.writerow([text, *["1"] * len(data_config.target_columns)])
    assert read_texts(read_rows(path, data_config), data_config).tolist() == [[text]]


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    assert not np.array_equal(_all(train, 0), _all(train, 0))
