"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from numpy_or_keras.config import load_config


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
def class_names():
    """The two classes of the written data, in the order the loader numbers them."""
    return ["class_00", "class_01"]


@pytest.fixture
def labelled(class_names):
    """Each written example's target (its class name) and a level its inputs grow with (its class index)."""
    levels = np.repeat(np.arange(len(class_names)), 8)
    return [class_names[level] for level in levels], levels


@pytest.fixture
def data_path(tmp_path, labelled):
    """A folder of class folders holding `.txt` files: each class has words of its own, and a line not in ASCII."""
    values, levels = labelled
    rng = np.random.default_rng(0)
    filler = ["the", "a", "of", "and", "to", "in", "is", "it"]
    for number, (value, level) in enumerate(zip(values, levels, strict=True)):
        folder = tmp_path / "texts" / str(value)
        folder.mkdir(parents=True, exist_ok=True)
        words = [f"word{level}", f"topic{level}", f"sign{level}"] * 2 + list(rng.choice(filler, 6))
        text = " ".join(rng.permutation(words)) + ".\nCafé, naïve — Grüße aus 東京.\n"
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    return tmp_path / "texts"


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
    from numpy_or_keras.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
