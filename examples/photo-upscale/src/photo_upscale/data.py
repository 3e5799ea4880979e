"""Data: a folder of images -> batched tf.data pipelines for training, validation and test.

The split is random: the examples are shuffled with a fixed seed and cut in the split fractions.
Examples are decoded once and cached; the training split is reshuffled every epoch.
"""

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import tensorflow as tf

from photo_upscale.config import DataConfig


@dataclasses.dataclass(frozen=True)
class Datasets:
    """The three splits, batched."""

    train: tf.data.Dataset
    validation: tf.data.Dataset
    test: tf.data.Dataset


def make_datasets(
    config: DataConfig, *, test_path: Path | None = None, test_config: DataConfig | None = None
) -> Datasets:
    """Find the images, split them, and build one pipeline per split.

    With `test_path`, the test split is every image of those files instead, found the same
    way (or as `test_config` says, when their fields differ): `evaluate --data` scores other files.
    """
    examples = load_examples(config.path, config)
    train, validation, test = (
        _pipeline(_take(examples, indices), config, training=name == "train")
        for name, indices in split_indices(examples, config).items()
    )
    if test_path is not None:
        test = _pipeline(load_examples(test_path, test_config or config), config, training=False)
    return Datasets(train, validation, test)


def split_indices(examples, config: DataConfig) -> dict[str, np.ndarray]:
    """Shuffled example indices for the train, validation and test splits (of an array, or a tuple or dict of them)."""
    count = _count(examples)
    order = np.random.default_rng(config.seed).permutation(count)
    num_test = max(1, round(count * config.test_split))
    num_validation = max(1, round(count * config.validation_split))
    return {
        "train": order[num_test + num_validation :],
        "validation": order[num_test : num_test + num_validation],
        "test": order[:num_test],
    }


def _take(arrays, indices: np.ndarray):
    """The examples at `indices` of an array, or of each array of a tuple or dict (columns, heads, pairs)."""
    return tf.nest.map_structure(lambda array: array[indices], arrays)


def _count(arrays) -> int:
    """How many examples an array holds, or each array of a tuple or dict."""
    return len(tf.nest.flatten(arrays)[0])


def _pipeline(files: np.ndarray, config: DataConfig, *, training: bool) -> tf.data.Dataset:
    """`(input, target)` pairs of the image `files`, each input made from its target image after the cache.

    Training reads `crops_per_image` random `patch_size` crops of each image, each input made
    afresh; validation and test read whole images one at a time (their sizes may differ), each
    input made the same way every time.
    """
    images = tf.data.Dataset.from_tensor_slices(files)
    images = images.map(lambda path: load_image(path, config), num_parallel_calls=tf.data.AUTOTUNE)
    images = images.cache()  # decode once; anything random must come after this line
    if training:
        crop = (config.patch_size, config.patch_size, config.channels)
        images = images.repeat(config.crops_per_image)  # an epoch reads several crops of each image
        images = images.shuffle(len(files) * config.crops_per_image, seed=config.seed, reshuffle_each_iteration=True)
        pairs = images.map(
            lambda image: make_pair(tf.image.random_crop(image, crop), _random_seed(), config),
            num_parallel_calls=tf.data.AUTOTUNE,
        )
        return pairs.batch(config.batch_size).prefetch(tf.data.AUTOTUNE)
    pairs = images.enumerate().map(lambda index, image: make_pair(image, tf.stack([config.seed, index]), config))
    return pairs.batch(1).prefetch(tf.data.AUTOTUNE)


def _random_seed() -> tf.Tensor:
    return tf.random.uniform((2,), maxval=2**31 - 1, dtype=tf.int64)


def make_pair(image: tf.Tensor, seed: tf.Tensor, config: DataConfig) -> tuple[tf.Tensor, tf.Tensor]:
    """An image cropped to a multiple of `scale`, and its input: the image `scale` times smaller.

    Downscaling is not random, so `seed` is not used: every epoch sees the same input for a crop.
    """
    size = tf.shape(image)[:2] // config.scale
    target = image[: size[0] * config.scale, : size[1] * config.scale]
    small = tf.image.resize(target, size, method=config.downscale, antialias=True)
    return tf.clip_by_value(small, 0.0, 1.0), target


def load_examples(path: Path, config: DataConfig) -> np.ndarray:
    """The paths of the image files under `path`: each is a target, and its input is made from it.

    A file that does not decode (truncated, or not an image) is left out with a warning
    naming it, instead of stopping training mid-epoch.
    """
    files = image_files(path)
    broken = broken_files(files, load_image, config)
    return np.array([str(file) for file in files if file not in broken])


def load_target(path: tf.Tensor | str, config: DataConfig) -> tf.Tensor:
    """Decode one target image, as `load_image` decodes an input."""
    return load_image(path, config)


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def image_files(path: Path) -> list[Path]:
    """The image files in a folder and its sub-folders, hidden ones left out, sorted; or the one file given."""
    if not path.is_dir():
        return [path]
    files = (file for file in path.rglob("*") if file.suffix.lower() in IMAGE_SUFFIXES)
    return sorted(file for file in files if not any(part.startswith(".") for part in file.relative_to(path).parts))


def broken_files(files: list[Path], read, config: DataConfig) -> set[Path]:
    """The files that `read` cannot decode (cut short, or not images), named in a warning.

    The caller leaves their examples out, instead of training stopping mid-epoch at the first.
    """
    broken = {file for file in files if not _decodes(file, read, config)}
    if broken:
        names = ", ".join(sorted(map(str, broken)))
        warnings.warn(f"skipped {len(broken)} of {len(files)} image files, which do not decode: {names}", stacklevel=3)
    return broken


def _decodes(path: Path, read, config: DataConfig) -> bool:
    try:
        read(str(path), config)
    except (tf.errors.InvalidArgumentError, tf.errors.DataLossError):
        return False
    return True


def load_image(path: tf.Tensor | str, config: DataConfig) -> tf.Tensor:
    """Decode one image file into a float32 `(height, width, channels)` tensor of values in [0, 1]."""
    image = tf.io.decode_image(tf.io.read_file(path), channels=config.channels, expand_animations=False)
    return tf.image.convert_image_dtype(image, tf.float32)
