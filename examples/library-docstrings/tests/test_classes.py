"""Classes: named from the data, numbered in a fixed order, present in every split."""

import numpy as np

from library_docstrings.data import make_datasets


def _class_indices(targets):
    return targets.reshape(-1).astype(int)


def test_class_names_come_from_the_data(config, class_names):
    assert make_datasets(config.data).class_names == class_names


def test_validation_and_test_hold_every_class(config, class_names):
    datasets = make_datasets(config.data)
    for split in (datasets.validation, datasets.test):
        labels = _class_indices(np.concatenate([targets.numpy() for _, targets in split]))
        assert sorted(set(labels.tolist())) == list(range(len(class_names)))
