"""Data: images and their class masks -> batched tf.data pipelines for training, validation and test.

The split is random: the examples are shuffled with a fixed seed and cut in the split fractions.
Examples are decoded once and cached; the training split is reshuffled every epoch.
"""

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import tensorflow as tf

from shapes_segment.config import DataConfig


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


def _pipeline(examples: tuple[np.ndarray, np.ndarray], config: DataConfig, *, training: bool) -> tf.data.Dataset:
    """`(input, target)` pairs, decoded once from `examples`: the inputs and their targets (paths or pixels).

    Training reads `crops_per_image` random crops of each pair, at the same place in both:
    `patch_size` pixels of the target and the input pixels they come from. Validation and test
    read whole images, one at a time (their sizes may differ).
    """
    pairs = tf.data.Dataset.from_tensor_slices(examples)
    pairs = pairs.map(
        lambda input_path, target_path: (load_image(input_path, config), load_target(target_path, config)),
        num_parallel_calls=tf.data.AUTOTUNE,
    )
    pairs = pairs.cache()  # decode once; anything random must come after this line
    if training:
        crops = _count(examples) * config.crops_per_image  # an epoch reads several crops of each pair
        pairs = pairs.repeat(config.crops_per_image)
        pairs = pairs.shuffle(crops, seed=config.seed, reshuffle_each_iteration=True)
        pairs = pairs.map(
            lambda image, target: random_crop_pair(image, target, config.patch_size),
            num_parallel_calls=tf.data.AUTOTUNE,
        )
        return pairs.batch(config.batch_size).prefetch(tf.data.AUTOTUNE)
    return pairs.batch(1).prefetch(tf.data.AUTOTUNE)


def random_crop_pair(image: tf.Tensor, target: tf.Tensor, size: int) -> tuple[tf.Tensor, tf.Tensor]:
    """The same random crop of an input and its target: `size` target pixels square, and the input pixels under them.

    A target a whole number of times larger than its input (super-resolution) gets a crop that
    many times larger, at the same place.
    """
    scale = tf.shape(target)[0] // tf.shape(image)[0]
    small = size // scale
    top = tf.random.uniform((), maxval=tf.shape(image)[0] - small + 1, dtype=tf.int32)
    left = tf.random.uniform((), maxval=tf.shape(image)[1] - small + 1, dtype=tf.int32)
    crop = image[top : top + small, left : left + small]
    return crop, target[top * scale : (top + small) * scale, left * scale : (left + small) * scale]


def load_examples(path: Path, config: DataConfig) -> tuple[np.ndarray, np.ndarray]:
    """Image and mask paths from `images/` and `masks/`, paired by file name without its suffix, in name order.

    A pair with a file that does not decode (truncated, or not an image) is left out with a
    warning naming the file, instead of stopping training mid-epoch.
    """
    images, masks = ({file.stem: file for file in _images_in(path / folder)} for folder in ("images", "masks"))
    unpaired = sorted(images.keys() ^ masks.keys())
    if unpaired:
        raise ValueError(f"{len(unpaired)} files have no partner of the same name in `images` and `masks`: {unpaired}")
    broken = broken_files(list(images.values()), load_image, config)
    broken |= broken_files(list(masks.values()), load_target, config)
    names = [name for name in sorted(masks) if images[name] not in broken and masks[name] not in broken]
    return np.array([str(images[name]) for name in names]), np.array([str(masks[name]) for name in names])


def _images_in(folder: Path) -> list[Path]:
    return [file for file in image_files(folder) if file.parent == folder]


def load_target(path: tf.Tensor | str, config: DataConfig) -> tf.Tensor:
    """Decode one mask file into an int32 `(height, width)` tensor of class indices.

    A mask holds each pixel's class as a gray value (0, 1, ...), or, with `mask_colors`, as
    one of those colors, in class order (a color not in the list reads as class 0).
    """
    if not config.mask_colors:
        return tf.cast(tf.io.decode_png(tf.io.read_file(path), channels=1)[..., 0], tf.int32)
    pixels = tf.cast(tf.io.decode_png(tf.io.read_file(path), channels=3), tf.int32)
    colors = tf.constant([[int(color[at : at + 2], 16) for at in (1, 3, 5)] for color in config.mask_colors])
    matches = tf.reduce_all(pixels[:, :, tf.newaxis, :] == colors, axis=-1)  # (height, width, classes)
    return tf.argmax(tf.cast(matches, tf.int32), axis=-1, output_type=tf.int32)


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
