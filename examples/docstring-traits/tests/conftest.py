"""Fixtures: tiny data sets in the project's real file format, and a config that reads them."""

import csv
import dataclasses
from pathlib import Path

import keras
import numpy as np
import pytest

from docstring_traits.config import load_config


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
    """The labels of the written data: the target columns, in order."""
    return list(project_config.data.target_columns)


@pytest.fixture
def labelled(class_names):
    """Each written example's 0/1 labels, and a level its inputs grow with (how many labels it has)."""
    flags = np.random.default_rng(2).integers(0, 2, size=(40, len(class_names)))
    flags[0], flags[1] = 0, 1  # every label has both values
    return [[str(flag) for flag in row] for row in flags], flags.sum(axis=1)


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
        writer.writerow([data_config.text_column, *data_config.target_columns])
        for value, level in zip(values, levels, strict=True):
            words = " ".join(rng.permutation([f"word{level}", f"topic{level}", *rng.choice(filler, 4)]))
            text = f'{words}{data_config.delimiter} "sign{level}"\nnaïve'
            writer.writerow([text, *value])
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
    from docstring_traits.data import make_datasets

    inputs, targets = next(iter(make_datasets(config.data).train))
    return inputs, keras.tree.map_structure(np.asarray, targets)
