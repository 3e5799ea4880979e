"""The loader, on real PNG class folders written by the fixtures."""

import numpy as np

from digits.data import make_datasets


def _all_targets(dataset):
    return np.concatenate([targets.numpy() for _, targets in dataset])


def test_batches_have_the_model_input_shape(config):
    inputs, targets = next(iter(make_datasets(config.data).train))
    assert tuple(inputs.shape[1:]) == config.model.input_shape
    assert inputs.dtype == "float32"
    assert targets.shape == (inputs.shape[0],)


def test_every_example_is_in_exactly_one_split(config):
    datasets = make_datasets(config.data)
    sizes = [
        sum(len(targets) for _, targets in split) for split in (datasets.train, datasets.validation, datasets.test)
    ]
    assert sum(sizes) == 8 * len(datasets.class_names)
    assert min(sizes) >= 1


def test_class_names_come_from_the_data(config, class_names):
    assert make_datasets(config.data).class_names == class_names


def test_validation_and_test_hold_every_class(config, class_names):
    datasets = make_datasets(config.data)
    for split in (datasets.validation, datasets.test):
        targets = _all_targets(split)
        labels = targets.reshape(-1).astype(int)
        assert sorted(set(labels.tolist())) == list(range(len(class_names)))


def test_training_order_changes_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all_targets(train), _all_targets(train)
    assert sorted(first.reshape(-1).tolist()) == sorted(second.reshape(-1).tolist())
    inputs_first = np.concatenate([inputs.numpy() for inputs, _ in train])
    inputs_second = np.concatenate([inputs.numpy() for inputs, _ in train])
    assert not np.array_equal(inputs_first, inputs_second)
