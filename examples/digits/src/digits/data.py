"""Data: image class folders -> batched tf.data pipelines for training, validation and test.

The split is random with a fixed seed, stratified by class so that every class is in every split.
Examples are decoded once and cached; the training split is reshuffled every epoch.
"""

import dataclasses

import numpy as np
import tensorflow as tf

from digits.config import DataConfig


@dataclasses.dataclass
class Datasets:
    """The three splits, batched, and the class names in label order."""

    train: tf.data.Dataset
    validation: tf.data.Dataset
    test: tf.data.Dataset
    class_names: list[str]


def make_datasets(config: DataConfig) -> Datasets:
    """Read the data, split it, and build one pipeline per split."""
    inputs, labels, class_names = load_examples(config)
    splits = split_indices(labels, config)
    targets = encode_labels(labels)
    train, validation, test = (
        _pipeline(inputs[indices], targets[indices], config, training=name == "train")
        for name, indices in splits.items()
    )
    return Datasets(train, validation, test, class_names)


def split_indices(labels: np.ndarray, config: DataConfig) -> dict[str, np.ndarray]:
    """Example indices for the train, validation and test splits, stratified by class.

    Each class is shuffled with the config's seed and cut in the split
    fractions, keeping at least one example per class in validation and test,
    so files sorted by class still validate on every class.
    """
    rng = np.random.default_rng(config.seed)
    splits: dict[str, list[np.ndarray]] = {"train": [], "validation": [], "test": []}
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        num_test = max(1, round(len(members) * config.test_split))
        num_validation = max(1, round(len(members) * config.validation_split))
        splits["test"].append(members[:num_test])
        splits["validation"].append(members[num_test : num_test + num_validation])
        splits["train"].append(members[num_test + num_validation :])
    return {name: rng.permutation(np.concatenate(parts)) for name, parts in splits.items()}


def encode_labels(labels: np.ndarray) -> np.ndarray:
    """Labels in the form the loss expects: class indices."""
    return labels.astype("int32")


def _pipeline(inputs: np.ndarray, targets: np.ndarray, config: DataConfig, *, training: bool) -> tf.data.Dataset:
    dataset = _dataset(inputs, targets, config).cache()  # decode once; anything random must come after this line
    if training:
        dataset = dataset.shuffle(len(inputs), seed=config.seed, reshuffle_each_iteration=True)
    return dataset.batch(config.batch_size).prefetch(tf.data.AUTOTUNE)


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def load_examples(config: DataConfig) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Image paths and class indices; the classes are the sub-folders, in name order."""
    class_names = sorted(p.name for p in config.path.iterdir() if p.is_dir() and not p.name.startswith("."))
    paths, labels = [], []
    for index, name in enumerate(class_names):
        files = sorted(f for f in (config.path / name).iterdir() if f.suffix.lower() in IMAGE_SUFFIXES)
        paths += [str(f) for f in files]
        labels += [index] * len(files)
    return np.array(paths), np.array(labels, dtype="int32"), class_names


def load_image(path: tf.Tensor | str, config: DataConfig) -> tf.Tensor:
    """Decode one image file into a float32 `(height, width, channels)` tensor of 0-255 values."""
    image = tf.io.decode_image(tf.io.read_file(path), channels=config.channels, expand_animations=False)
    return tf.image.resize(image, config.image_size)


def _dataset(inputs: np.ndarray, labels: np.ndarray, config: DataConfig) -> tf.data.Dataset:
    dataset = tf.data.Dataset.from_tensor_slices((inputs, labels))
    return dataset.map(lambda path, label: (load_image(path, config), label), num_parallel_calls=tf.data.AUTOTUNE)
