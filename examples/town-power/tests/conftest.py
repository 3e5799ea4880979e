"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import csv
import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from town_power.config import load_config


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
def labelled(project_config):
    """A noisy wave 12 rows long, and what each window of it is labelled with: its next `horizon` values.

    The series is long enough for 40 windows in the splits, plus the windows dropped at each cut.
    """
    data_config = project_config.data
    rows = data_config.window + data_config.horizon - 1 + 40 + 2 * (data_config.horizon - 1)
    wave = np.sin(np.arange(rows) * 2 * np.pi / 12) + np.random.default_rng(1).normal(0.0, 0.1, rows)
    targets = np.lib.stride_tricks.sliding_window_view(wave[data_config.window :], data_config.horizon)
    return targets.tolist(), wave.round(6)


@pytest.fixture
def data_path(tmp_path, project_config, labelled):
    """A CSV file of the series in the project's format: the target column is the wave, each other
    value column follows it, and a time column (if the project has one) counts minutes."""
    _, wave = labelled
    data_config = project_config.data
    columns = {
        column: wave * (index + 2) + index if column != data_config.target_column else wave
        for index, column in enumerate(data_config.value_columns)
    }
    if data_config.time_column:
        minutes = np.arange(len(wave)).astype("timedelta64[m]")
        columns[data_config.time_column] = np.datetime64("2024-01-01T00:00") + minutes
    path = tmp_path / "series.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=data_config.delimiter)
        writer.writerow(list(columns))
        writer.writerows(zip(*[array.astype(str) for array in columns.values()], strict=True))
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
    from town_power.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
