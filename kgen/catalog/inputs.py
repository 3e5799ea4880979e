"""Input kinds (what the model reads) and their stems, and the shapes between blocks."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name

# What the tensor between two blocks holds, in words: feature maps `(batch, height, width,
# channels)`, token ids `(batch, steps)`, sequences `(batch, steps, features)` or vectors
# `(batch, features)`.
SHAPES: dict[str, str] = {"maps": "feature maps", "tokens": "token ids", "sequences": "sequences", "vectors": "vectors"}


@dataclass(frozen=True)
class InputKind:
    """What the model reads, and what its stem hands to the first block.

    Args:
        name: The kind, e.g. `image`, `text`, or `pixels` (images of any size).
        help: One line for `--help`.
        input_name: The name of the `keras.Input`.
        describe: The inputs, for the model's docstring (e.g. "Images").
        gives: The shape the stem hands to the first block (`SHAPES`). The pooling of maps
            or sequences (`POOLINGS`) goes before the first block that reads vectors.
        predict: What `predict` writes (`templates/partials/predict/<predict>.py.jinja`): `rows`
            of a CSV, one per input, or `images`, one file per input beside a side-by-side figure.
        epochs: The default most epochs; early stopping ends most runs sooner.
        test_data: More `DataConfig` fields the generated tests' `config` fixture sets, after
            the path and the batch size: pixels train on one small crop of each image (the
            `CROP` of their `labelled` fixture), so that the tests' training stays quick.
    """

    name: str
    help: str
    input_name: str
    describe: str
    gives: str
    predict: str = "rows"
    epochs: int = 20
    test_data: str = ""


@dataclass(frozen=True)
class Stem:
    """The model's preprocessing of its raw inputs (`templates/partials/stems/<name>/`).

    Args:
        layers: Ready-made custom layers (`PARTS["layer"]`) the stem uses; the project gets
            each as `layers/<name>.py` with its test.
    """

    name: str
    help: str
    inputs: frozenset[str]
    layers: tuple[str, ...] = ()


INPUT_KINDS: dict[str, InputKind] = by_name(
    InputKind(
        name="text",
        help="Texts of any length, one string per example",
        input_name="text",
        describe="Texts",
        gives="tokens",
    ),
    InputKind(
        name="series",
        help="Windows of consecutive rows of numeric columns, the oldest row first",
        input_name="series",
        describe="Windows of past values",
        gives="sequences",
    ),
    InputKind(
        name="image",
        help="Images of a fixed height, width and channel count",
        input_name="image",
        describe="Images",
        gives="maps",
    ),
    InputKind(
        name="pixels",
        help="Images of any size, pixel values scaled to [0, 1]; the model is fully convolutional",
        input_name="image",
        describe="Images of any size, pixel values in [0, 1]",
        gives="maps",
        predict="images",
        test_data=", crops_per_image=1, patch_size=CROP",
        # An epoch reads about one crop per image (`crops_per_image` from the data), so a
        # folder of 100 photos is 7 steps: the photo-upscale example gained 0.12 dB over
        # bicubic in 20-30 epochs and 0.44 dB when early stopping could end it.
        epochs=200,
    ),
    InputKind(
        name="table",
        help="Rows of numeric features",
        input_name="features",
        describe="Feature vectors",
        gives="vectors",
        # A small table's epoch is a few steps (10 for 300 rows in batches of 32): 20 epochs
        # stopped the networks of benchmarks/bench_tables.py before they fit, 200 let early
        # stopping end them.
        epochs=200,
    ),
)

STEMS: dict[str, Stem] = by_name(
    Stem(
        name="tokens",
        help="TextVectorization adapted to the training split: words -> token ids, cut or padded to sequence_length",
        inputs=frozenset({"text"}),
        layers=("normalize_spaces",),
    ),
    Stem(
        name="normalize",
        help="Normalization adapted to the training split: zero mean, unit variance per feature or channel",
        inputs=frozenset({"image", "table", "series"}),
    ),
    Stem(
        name="rescale",
        help="Rescaling by 1/255: pixel values to [0, 1], fixed, nothing learned from the data",
        inputs=frozenset({"image"}),
    ),
    Stem(
        name="pixels",
        help="Centering: pixel values in [0, 1] from the loader, minus 0.5 in the model (ReLU features train from it)",
        inputs=frozenset({"pixels"}),
    ),
    Stem(
        name="columns",
        help="One input per CSV column: numbers filled where empty and normalized, categories one-hot",
        inputs=frozenset({"table"}),
        layers=("fill_missing",),
    ),
)
