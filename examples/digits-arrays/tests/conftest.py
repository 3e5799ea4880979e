"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from digits_arrays.config import load_config


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
    """An .npz file with arrays `x` and `y` shaped like the project's data; `x` grows with the target."""
    values, levels = labelled
    input_shape = project_config.model.input_shape
    noise = np.random.default_rng(0).normal(size=(len(values), *input_shape))
    x = noise + levels.reshape(-1, *[1] * len(input_shape))
    path = tmp_path / "arrays.npz"
    np.savez(path, x=x.astype("float32"), y=np.asarray(values))
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
    from digits_arrays.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
