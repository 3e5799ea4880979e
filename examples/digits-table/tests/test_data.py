"""The loader, on real a CSV file written by the fixtures."""

import numpy as np

from digits_table.data import make_datasets


def _all(dataset, part):
    return np.concatenate([example[part].numpy() for example in dataset])


def test_batches_have_the_model_input_shape(config, batch):
    inputs, targets = batch
    assert tuple(inputs.shape[1:]) == config.model.input_shape
    assert inputs.dtype == "float32"
    assert len(targets) == len(inputs)


def test_targets_are_one_hot_rows(config, batch):
    inputs, targets = batch
    assert targets.shape == (len(inputs), config.model.num_classes)
    np.testing.assert_array_equal(targets.sum(axis=-1), 1.0)


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    assert not np.array_equal(_all(train, 0), _all(train, 0))
