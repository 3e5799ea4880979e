"""The loader, on real text class folders written by the fixtures."""

import re

import numpy as np
import pytest
import tensorflow as tf

from numpy_or_keras.data import make_datasets


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


def test_classes_the_training_data_lacks_are_refused_by_name():
    from numpy_or_keras.data import read_labels

    labels, names = read_labels(np.array(["b", "a", " b "]), ["a", "b"])
    assert labels.tolist() == [1, 0, 1] and names == ["a", "b"]
    with pytest.raises(ValueError, match="never seen"):
        read_labels(np.array(["a", "never seen"]), ["a", "b"])


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_texts_are_read_whole_as_utf8_and_an_empty_file_is_skipped_with_a_warning(config, data_path, labelled):
    from numpy_or_keras.data import load_examples

    texts, classes = load_examples(data_path, config.data)
    assert texts.shape == (len(labelled[0]), 1) and "Grüße aus 東京" in texts[0, 0]
    first = sorted(data_path.rglob("*.txt"))[0]
    first.write_text(" \n", encoding="utf-8")
    with pytest.warns(UserWarning, match=re.escape(str(first))):
        texts, classes = load_examples(data_path, config.data)
    assert len(texts) == len(classes) == len(labelled[0]) - 1


def test_a_file_that_is_not_utf8_stops_the_loader_naming_it(config, data_path):
    from numpy_or_keras.data import load_examples

    latin = sorted(data_path.rglob("*.txt"))[0]
    latin.write_bytes("Café au lait".encode("cp1252"))
    with pytest.raises(ValueError, match=re.escape(f"{latin} is not UTF-8 text (byte 3)")):
        load_examples(data_path, config.data)


def test_txt_is_read_in_any_case_and_a_byte_order_mark_is_left_out(config, data_path, labelled):
    from numpy_or_keras.data import load_examples

    first = sorted(data_path.rglob("*.txt"))[0]
    first.rename(first.with_suffix(".TXT")).write_text("\ufeffBOM first", encoding="utf-8")
    texts, classes = load_examples(data_path, config.data)
    assert len(texts) == len(labelled[0]) and "BOM first" in texts[:, 0].tolist()


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    assert not np.array_equal(_all(train, 0), _all(train, 0))
