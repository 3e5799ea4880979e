"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from photo_upscale.config import load_config


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


CROP = 12
"""The side of the tests' training crops: small, so that they train fast, and a multiple of every scale (2 to 4)."""


@pytest.fixture
def labelled(project_config):
    """Twelve 8-bit target images, named: gradients with sharp-edged squares and a faint grain.

    They are a few pixels larger than the tests' training crops, not square, and a whole
    number of times the input for super-resolution.
    """
    data_config = project_config.data
    step = data_config.scale
    height = step * (CROP // step + 3)
    width = height + 2 * step
    rng = np.random.default_rng(0)
    rows, columns = np.mgrid[0:height, 0:width]
    images = []
    for number in range(12):
        image = 60 + 100 * (rows / height) * (number % 3) / 2 + 40 * (columns / width)
        for _ in range(8):
            top, left, side = rng.integers(0, height - 4), rng.integers(0, width - 4), rng.integers(3, 10)
            image[top : top + side, left : left + side] += rng.choice([-50, 50])
        pixels = image[..., np.newaxis] + rng.normal(0, 2, (height, width, data_config.channels))
        images.append(np.clip(pixels, 0, 255).round().astype("uint8"))
    return [f"image_{number:02d}" for number in range(12)], np.stack(images)


@pytest.fixture
def data_path(tmp_path, labelled):
    """A folder of PNG images: the targets, from which the pipeline makes the inputs."""
    names, images = labelled
    folder = tmp_path / "images"
    folder.mkdir()
    for name, image in zip(names, images, strict=True):
        tf.io.write_file(str(folder / f"{name}.png"), tf.io.encode_png(image))
    return folder


@pytest.fixture
def config(project_config, data_path, tmp_path):
    """The project's config, shrunk to one quick epoch on the written data."""
    return dataclasses.replace(
        project_config,
        data=dataclasses.replace(project_config.data, path=data_path, batch_size=8, crops_per_image=1, patch_size=CROP),
        train=dataclasses.replace(project_config.train, epochs=1, output_dir=tmp_path / "run"),
    )


@pytest.fixture
def batch(config):
    """The first training batch: the inputs as the model takes them, and the targets as NumPy (one array per head)."""
    from photo_upscale.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
