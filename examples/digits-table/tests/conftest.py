"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import csv
import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from digits_table.config import load_config

EXAMPLES_PER_CLASS = 8


@pytest.fixture(autouse=True)
def _seed():
    keras.utils.set_random_seed(0)


@pytest.fixture
def config_path():
    """The project's own config file."""
    return Path(__file__).resolve().parents[1] / "configs" / "default.toml"


@pytest.fixture
def project_config(config_path):
    """The project's own config, as `train.py` reads it."""
    return load_config(config_path)


@pytest.fixture
def class_names(project_config):
    """Class names for the written data, in the order the loader numbers them."""
    num_classes = project_config.model.num_classes
    return [f"class_{index}" for index in range(num_classes)]


@pytest.fixture
def data_path(tmp_path, project_config, class_names):
    """A CSV file with the project's columns; the target depends on the features."""
    data_config = project_config.data
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(len(class_names)), EXAMPLES_PER_CLASS)
    features = rng.normal(size=(len(labels), len(data_config.feature_columns))) + labels[:, np.newaxis]
    targets = [class_names[label] for label in labels]
    path = tmp_path / "table.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*data_config.feature_columns, data_config.target_column])
        for row, target in zip(features, targets, strict=True):
            writer.writerow([f"{value:.6f}" for value in row] + [target])
    return path


@pytest.fixture
def config(project_config, data_path, tmp_path):
    """The project's config, shrunk to one quick epoch on the written data."""
    project_config.data = dataclasses.replace(project_config.data, path=data_path, batch_size=8)
    project_config.train = dataclasses.replace(project_config.train, epochs=1, output_dir=tmp_path / "run")
    return project_config


@pytest.fixture
def batch(config):
    """The first training batch: (inputs, targets) as NumPy arrays."""
    from digits_table.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs.numpy(), targets.numpy()
