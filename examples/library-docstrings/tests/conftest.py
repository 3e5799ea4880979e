"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import csv
import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from library_docstrings.config import load_config


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
    """A CSV file of texts in the project's format: words follow the class; commas, quotes and line
    breaks sit inside the texts."""
    values, levels = labelled
    data_config = project_config.data
    rng = np.random.default_rng(0)
    filler = ["the", "a", "of", "and", "to", "in", "is", "it"]
    path = tmp_path / "texts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=data_config.delimiter)
        writer.writerow([data_config.text_column, data_config.target_column])
        for value, level in zip(values, levels, strict=True):
            words = " ".join(rng.permutation([f"word{level}", f"topic{level}", *rng.choice(filler, 4)]))
            text = f'{words}{data_config.delimiter} "sign{level}"\nnaïve'
            writer.writerow([text, value])
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
    from library_docstrings.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
