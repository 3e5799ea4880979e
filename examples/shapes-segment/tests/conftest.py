"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from shapes_segment.config import load_config


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
    """Twelve 8-bit images of squares on noise, named, and their masks: each square's class, 0 elsewhere.

    Each class above 0 has its own brightness, so a model can learn it from a pixel's
    neighbourhood; the images are a few pixels larger than the tests' training crops, and not square.
    """
    data_config, classes = project_config.data, project_config.model.num_classes
    height = CROP + 3
    width = height + 4
    rng = np.random.default_rng(0)
    images, masks = [], []
    for _ in range(12):
        mask = np.zeros((height, width), "uint8")
        for label in rng.integers(1, classes, 4):
            top, left, side = rng.integers(0, height - 3), rng.integers(0, width - 3), rng.integers(3, 9)
            mask[top : top + side, left : left + side] = label
        brightness = 40 + 180 * mask / (classes - 1)
        pixels = brightness[..., np.newaxis] + rng.normal(0, 12, (height, width, data_config.channels))
        images.append(np.clip(pixels, 0, 255).round().astype("uint8"))
        masks.append(mask)
    return [f"scene_{number:02d}" for number in range(12)], np.stack(images), np.stack(masks)


@pytest.fixture
def data_path(tmp_path, project_config, labelled):
    """`images/` and `masks/` of PNG files with the same names; masks in colors when the config lists them."""
    colors = [[int(color[at : at + 2], 16) for at in (1, 3, 5)] for color in project_config.data.mask_colors]
    names, images, masks = labelled
    for folder in ("images", "masks"):
        (tmp_path / "scenes" / folder).mkdir(parents=True)
    for name, image, mask in zip(names, images, masks, strict=True):
        pixels = np.array(colors, "uint8")[mask] if colors else mask[..., np.newaxis]
        tf.io.write_file(str(tmp_path / "scenes" / "images" / f"{name}.png"), tf.io.encode_png(image))
        tf.io.write_file(str(tmp_path / "scenes" / "masks" / f"{name}.png"), tf.io.encode_png(pixels))
    return tmp_path / "scenes"


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
    from shapes_segment.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
