"""The loader, on real image class folders written by the fixtures."""

import re

import numpy as np
import pytest
import tensorflow as tf

from digits.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_targets_are_class_indices(config, batch):
    _, targets = batch
    assert targets.ndim == 1
    assert targets.min() >= 0 and targets.max() < config.model.num_classes


def test_classes_the_training_data_lacks_are_refused_by_name():
    from digits.data import read_labels

    labels, names = read_labels(np.array(["b", "a", " b "]), ["a", "b"])
    assert labels.tolist() == [1, 0, 1] and names == ["a", "b"]
    with pytest.raises(ValueError, match="never seen"):
        read_labels(np.array(["a", "never seen"]), ["a", "b"])


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_a_file_that_does_not_decode_is_skipped_with_a_warning(config, data_path, labelled):
    first = sorted(p for p in data_path.rglob("*.png"))[0]
    first.write_bytes(first.read_bytes()[:40])  # cut short, as an interrupted copy leaves it
    with pytest.warns(UserWarning, match=re.escape(str(first))):
        datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0]) - 1


def test_images_in_sub_folders_of_a_class_folder_belong_to_that_class(config, data_path, labelled):
    from digits.data import load_examples

    first = sorted(data_path.glob("*/*.png"))[0]
    moved = first.parent / "2024" / "june" / first.name
    moved.parent.mkdir(parents=True)
    first.rename(moved)
    paths, classes = load_examples(data_path, config.data)
    assert len(paths) == len(labelled[0])
    assert classes[list(paths).index(str(moved))] == first.parent.name


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    assert not np.array_equal(_all(train, 0), _all(train, 0))
