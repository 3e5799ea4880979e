"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from digits.config import load_config

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
    """A folder of class folders holding small PNG files; each class has its own brightness."""
    height, width = project_config.data.image_size
    channels = project_config.data.channels
    rng = np.random.default_rng(0)
    for index, name in enumerate(class_names):
        folder = tmp_path / "images" / name
        folder.mkdir(parents=True)
        level = 40 + 180 * index / max(1, len(class_names) - 1)
        for number in range(EXAMPLES_PER_CLASS):
            pixels = np.clip(rng.normal(level, 10, (height, width, channels)), 0, 255).astype("uint8")
            tf.io.write_file(str(folder / f"{number}.png"), tf.io.encode_png(pixels))
    return tmp_path / "images"


@pytest.fixture
def config(project_config, data_path, tmp_path):
    """The project's config, shrunk to one quick epoch on the written data."""
    project_config.data = dataclasses.replace(project_config.data, path=data_path, batch_size=8)
    project_config.train = dataclasses.replace(project_config.train, epochs=1, output_dir=tmp_path / "run")
    return project_config


@pytest.fixture
def batch(config):
    """The first training batch: (inputs, targets) as NumPy arrays."""
    from digits.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs.numpy(), targets.numpy()
