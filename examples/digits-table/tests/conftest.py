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
    """A CSV file in the project's format: numbers grow with the target, categories follow it,
    and columns with gaps (and one cell of each categorical column) are left empty."""
    values, levels = labelled
    data_config = project_config.data
    rng = np.random.default_rng(0)
    cells = {}
    for column in data_config.feature_columns:
        if column in data_config.categorical_columns:
            cells[column] = [f"kind {round(level) % 3}" if row != 3 else "" for row, level in enumerate(levels)]
        else:
            numbers = rng.normal(size=len(values)) + levels
            gaps = column in data_config.columns_with_gaps
            cells[column] = ["" if gaps and row % 5 == 0 else f"{x:.6f}" for row, x in enumerate(numbers)]
    path = tmp_path / "table.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=data_config.delimiter)
        writer.writerow([*data_config.feature_columns, data_config.target_column])
        for row, value in enumerate(values):
            writer.writerow([cells[column][row] for column in data_config.feature_columns] + [value])
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
    """The first training batch: the inputs as the model takes them, and the targets as NumPy (one array per head)."""
    from digits_table.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
