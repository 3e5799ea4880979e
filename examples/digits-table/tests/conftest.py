"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import csv
import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from digits_table.config import load_config


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
    """The classes of the written data, in the order the loader numbers them."""
    return [f"class_{index:02d}" for index in range(project_config.model.num_classes)]


@pytest.fixture
def labelled(class_names):
    """Each written example's target (its class name) and a level its inputs grow with (its class index)."""
    levels = np.repeat(np.arange(len(class_names)), 8)
    return [class_names[level] for level in levels], levels


@pytest.fixture
def data_path(tmp_path, project_config, labelled):
    """A CSV file with the project's columns; the features grow with the target."""
    values, levels = labelled
    columns = project_config.data.feature_columns
    features = np.random.default_rng(0).normal(size=(len(values), len(columns))) + levels[:, np.newaxis]
    path = tmp_path / "table.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*columns, project_config.data.target_column])
        for row, value in zip(features, values, strict=True):
            writer.writerow([f"{feature:.6f}" for feature in row] + [value])
    return path


@pytest.fixture
def config(project_config, data_path, tmp_path):
    """The project's config, shrunk to one quick epoch on the written data."""
    return dataclasses.replace(
        project_config,
        data=dataclasses.replace(project_config.data, path=data_path, batch_size=8),
        train=dataclasses.replace(project_config.train, epochs=1, output_dir=tmp_path / "run"),
    )


@pytest.fixture
def batch(config):
    """The first training batch: (inputs, targets) as NumPy arrays."""
    from digits_table.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs.numpy(), targets.numpy()
