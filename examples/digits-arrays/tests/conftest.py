"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from digits_arrays.config import load_config

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
    """An .npz file with arrays `x` and `y` shaped like the project's data."""
    input_shape = project_config.model.input_shape
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(len(class_names)), EXAMPLES_PER_CLASS)
    x = rng.normal(size=(len(y), *input_shape)) + y.reshape(-1, *[1] * len(input_shape))
    path = tmp_path / "arrays.npz"
    np.savez(path, x=x.astype("float32"), y=y)
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
    from digits_arrays.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs.numpy(), targets.numpy()
