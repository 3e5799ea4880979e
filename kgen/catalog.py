"""Every choice kgen offers, with its help, parameters and what it fits.

This module is data only: no I/O, no Click, no copier. Prompts, `--help`, validation
(`kgen.spec`), the generated `copier.yml` (`kgen.copier_yml`) and the tests all read it,
so a choice exists in exactly one place.

A task is an *input kind* x an *output kind* x a *split kind*, read from a *data source*:

- the input kind (`image`, `table`) has stems: the `keras.Input` and the preprocessing inside
  the model, with the `adapt` that fits it to the training split
  (`templates/partials/stems/<stem>/`);
- the output kind (`binary`, `multiclass`, `continuous`, `multilabel`, `multi_output`) has a head: the last layer, the
  default loss and metrics, the baseline `evaluate` compares with, and what `predict` prints
  (`templates/partials/heads/<output>/`);
- the split kind (`random`, `stratified`) says how examples are dealt into train, validation
  and test (`templates/partials/splits/<split>.py.jinja`);
- a data source has a loader, what `predict` reads, and a test fixture that writes files of
  its format (`templates/partials/sources/<source>/`).

A loss fixes how labels are encoded (`binary`, `sparse`, `one_hot`, `continuous`;
`templates/partials/labels/<labels>/`), and a metric lists the label encodings it can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Output kinds with one target value per example (one CSV column, or one `y` entry).
ONE_TARGET = frozenset({"binary", "multiclass", "continuous"})

# What the tensor between two blocks holds, in words: feature maps `(batch, height, width,
# channels)`, token ids `(batch, steps)`, sequences `(batch, steps, features)` or vectors
# `(batch, features)`.
SHAPES: dict[str, str] = {"maps": "feature maps", "tokens": "token ids", "sequences": "sequences", "vectors": "vectors"}


@dataclass(frozen=True)
class Param:
    """A parameter of a choice (a block, an optimizer, a schedule).

    Args:
        name: Keyword used in answers, flags (`conv:filters=32`) and templates.
        kind: `int`, `float`, `bool` or `str`.
        default: Value used when the answer leaves the parameter out.
        help: One line for prompts and `--help`.
        choices: Allowed values, for `str` parameters with a fixed set.
        minimum: Smallest allowed value, for numbers.
    """

    name: str
    kind: str
    default: object
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None


@dataclass(frozen=True)
class InputKind:
    """What the model reads, and what its stem hands to the first block.

    Args:
        name: `image` or `table`.
        help: One line for `--help`.
        input_name: The name of the `keras.Input`.
        describe: The inputs, for the model's docstring (e.g. "Images").
        gives: The shape the stem hands to the first block (`SHAPES`). Global pooling goes
            between feature maps and the first block that reads vectors.
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
    imports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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
    imports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class OutputKind:
    """What the model predicts: its head, its default loss and metrics, and its baseline.

    Args:
        name: `binary`, `multiclass` or `continuous`.
        help: One line for `--help`.
        describe: The outputs, for the model's docstring.
        has_classes: Whether each target is a class name.
        named_outputs: Whether the data names what the outputs mean (class or label names,
            written to `classes.json` for `predict`).
        targets: How the target values are read (`templates/partials/targets/<targets>/`):
            `classes` (one class name per example), `values` (one number), `flags` (one 0/1
            column per label), `heads` (one column per named head, a class or a number) or
            `windows` (the target column's values after each window of a series).
        labels: The label encoding (`templates/partials/labels/<labels>/`) when the output kind
            fixes it; otherwise the loss's.
        default_loss: The loss a task with this output starts with.
        default_metrics: The metrics it starts with.
        baseline: What the trivial predictor `evaluate` compares with does, after "the baseline".
        model_note: Ends the sentence "the saved model takes raw inputs" in `build_model`'s docstring.
        more_scores: A call `evaluate` adds to its scores beside the model's and the baseline's
            (each label on its own; the naive forecasts), defined in the head's `evaluate.py`.
        more_help: What those scores are, in a phrase for `evaluate`'s docstring.
        plot: The figure of a few validation examples each training run saves, by file name
            (`plot_examples` in the head's `plot.py`); none when empty.
        baseline_scores: The call `evaluate` scores its baseline with, defined in the head's
            `evaluate.py`; empty for a constant prediction (`score_constant`).
        layers: Ready-made custom layers (`PARTS["layer"]`) the head uses.
        overfit_rate: Adam's learning rate in the generated test that overfits one batch: 0.01
            learns any head within 200 steps, but kills the ReLUs of a network that restores
            pixels (the loss stays at the skip connection's), which 0.003 trains.
    """

    name: str
    help: str
    describe: str
    has_classes: bool
    named_outputs: bool
    targets: str
    default_loss: str
    default_metrics: tuple[str, ...]
    baseline: str
    model_note: str = ""
    more_scores: str = ""
    more_help: str = ""
    plot: str = ""
    labels: str = ""
    baseline_scores: str = ""
    layers: tuple[str, ...] = ()
    overfit_rate: float = 0.01
    imports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def family(self) -> str:
        """The data pipeline its targets go through (`templates/partials/families/<family>/`).

        `classes` (class names, label names or heads: the targets have names, written to
        `classes.json`), `values` (numbers), `windows` (a series' next values) or `pixels`
        (an image or a mask per example, decoded in the pipeline).
        """
        if self.named_outputs:
            return "classes"
        return {"images": "pixels", "masks": "pixels"}.get(self.targets, self.targets)


@dataclass(frozen=True)
class Split:
    """How examples are dealt into the train, validation and test splits."""

    name: str
    help: str


@dataclass(frozen=True)
class Task:
    """What the model predicts from what: an input kind x an output kind, and how to split."""

    name: str
    help: str
    input: str
    output: str
    split: str
    default_blocks: tuple[dict[str, object], ...]
    default_data_source: str


@dataclass(frozen=True)
class AutoParam:
    """A block parameter kgen sets from the blocks after it (or before it), never asked.

    Args:
        name: The keyword of the block function.
        blocks: It is true when a later block is one of these (false otherwise, or the
            reverse with `unless`).
        unless: True when no such block is one of `blocks`.
        earlier: Look at the blocks before it instead of those after it.
        layers: Ready-made custom layers (`PARTS["layer"]`) the function uses only where the
            parameter is true. When it is true in no block of this name, the function takes no
            such parameter and the project gets none of these layers.
    """

    name: str
    blocks: frozenset[str]
    unless: bool = False
    earlier: bool = False
    layers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A reusable architecture block, emitted as one function in `blocks.py`.

    Args:
        inputs: The input kinds whose models may use it.
        reads: The shape it takes (`SHAPES`).
        gives: The shape it hands on; the one it reads when empty. A block with the automatic
            parameter `return_sequences` hands on sequences when it is set.
        auto: Parameters set from the blocks after it.
        from_config: Function keyword -> the `ModelConfig` field it takes (`max_tokens`).
        layers: Ready-made custom layers (`PARTS["layer"]`) its function uses; `blocks.py`
            imports them and the project gets each with its test.
    """

    name: str
    help: str
    function: str
    inputs: frozenset[str]
    params: tuple[Param, ...] = ()
    reads: str = "maps"
    gives: str = ""
    auto: tuple[AutoParam, ...] = ()
    from_config: Mapping[str, str] = field(default_factory=dict)
    layers: tuple[str, ...] = ()

    @property
    def output(self) -> str:
        """The shape it hands on (with `return_sequences` unset)."""
        return self.gives or self.reads

    def gives_for(self, auto: Mapping[str, bool]) -> str:
        """The shape it hands on, given its automatic parameters."""
        return "sequences" if auto.get("return_sequences") else self.output


@dataclass(frozen=True)
class Loss:
    """A loss; `custom` ones are written into the project's `losses.py`."""

    name: str
    help: str
    outputs: frozenset[str]
    labels: str
    custom: bool = False


@dataclass(frozen=True)
class Metric:
    """A metric; `custom` ones are written into the project's `metrics.py`.

    Args:
        labels: The label encodings it reads (a loss's `labels`).
        outputs: The output kinds it fits; every one whose labels it reads when empty.
    """

    name: str
    help: str
    labels: frozenset[str]
    custom: bool = False
    outputs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Part:
    """A ready-made body for `kgen add-layer`, `add-loss` or `add-metric` (`--from NAME`).

    The body is `templates/parts/<kind>/<name>.py.jinja`; one test template per kind
    (`templates/parts/<kind>/test.py.jinja`) checks it, reading the expectations below.

    Args:
        kind: `layer`, `loss` or `metric`.
        name: The `--from` value.
        help: One line for `--help`.
        params: Constructor arguments; each is a flag, and its value becomes the default.
        class_name: The class name when the project template itself writes this body.
        sample_shape: Layers and metrics: the shape of the test batches.
        has_weights: Layers: whether the layer has trainable weights (gradients are checked).
        targets: Losses: `real` (any numbers) or `binary` (labels 0/1, predicted probabilities).
        minimum: Losses: the value at a perfect prediction, as a Python expression of `loss`.
        known: Metrics: `(true value, predicted value, result)` for constant batches.
    """

    kind: str
    name: str
    help: str
    params: tuple[Param, ...] = ()
    class_name: str = ""
    sample_shape: tuple[int, ...] = (2, 5)
    has_weights: bool = False
    targets: str = "real"
    minimum: str = "0.0"
    known: tuple[float, float, float] | None = None

    def context(self, module: str, class_name: str, values: dict[str, object] | None = None) -> dict[str, object]:
        """What the body and test templates read as `part`.

        Args:
            module: The module (file) name, snake_case; also the default `name=` of the object.
            class_name: The class name, CamelCase.
            values: Parameter values; those left out take their defaults.
        """
        values = values or {}
        return {
            "kind": self.kind,
            "folder": PART_FOLDERS[self.kind],
            "body": self.name,
            "module": module,
            "class_name": class_name,
            "params": {param.name: values.get(param.name, param.default) for param in self.params},
            "defaults": {param.name: param.default for param in self.params},
            "sample_shape": list(self.sample_shape),
            "has_weights": self.has_weights,
            "targets": self.targets,
            "minimum": self.minimum,
            "known": list(self.known) if self.known else None,
        }


@dataclass(frozen=True)
class Optimizer:
    """A Keras optimizer and the parameters kgen asks for beside the learning rate.

    Args:
        learning_rate: The default rate: what works for this optimizer on small models.
        outputs: The output kinds it can train.
        unfit: Why it cannot train the other output kinds, for the refusal.
    """

    name: str
    help: str
    params: tuple[Param, ...] = ()
    learning_rate: float = 0.001
    outputs: frozenset[str] = frozenset(
        {"binary", "multiclass", "continuous", "multilabel", "multi_output", "forecast", "upscaled", "denoised", "mask"}
    )
    unfit: str = ""


@dataclass(frozen=True)
class Schedule:
    """How the learning rate changes over the epochs."""

    name: str
    help: str
    params: tuple[Param, ...] = ()
    imports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class DataSource:
    """A kind of files on disk that the generated `data.py` reads.

    Args:
        name: The answer.
        help: One line for `--help`.
        inputs: The input kinds it can hold.
        path_help: What `data_path` names.
        example_path: The default `data_path`.
        describe: The files, in a phrase (e.g. "image class folders").
        predict_reads: What `predict` takes on its command line, in a phrase.
        predict_example: An example argument of `predict`.
        predict_usage: The arguments of `predict`, as its usage line shows them.
        predict_rows: What identifies each row of `predict`'s CSV, before the predictions.
        predict_count: How many rows `predict` writes for the test fixture's file, as a Python
            expression in the generated test: one per example, or one per file.
        predict_path: What the generated one-epoch test gives `predict`, as a Python expression.
        evaluate_reads: More arguments `evaluate.main` passes `evaluate` for `--data`: how it
            reads those files, when the command line can say more than the config (the names
            of an `.npz`'s arrays, from `templates/partials/sources/<name>/evaluate*.py.jinja`).
        targets_path: Where that test finds the known targets for `predict --targets`.
        stem: The stem of the tasks reading this source that ask no `preprocessing` (tables, texts).
        outputs: The output kinds its files can hold targets for.
        imports: Generated module (`data`, `predict`, `conftest`, ...) -> the `import x` lines
            its code adds there; `kgen.copier_yml` merges them with `MODULE_IMPORTS`.
    """

    name: str
    help: str
    inputs: frozenset[str]
    path_help: str
    example_path: str
    describe: str
    predict_reads: str
    predict_example: str
    predict_usage: str
    predict_rows: str
    predict_count: str = "len(labelled[0])"
    predict_path: str = "data_path"
    evaluate_reads: str = ""
    targets_path: str = "data_path"
    stem: str = "normalize"
    outputs: frozenset[str] = ONE_TARGET
    imports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _by_name(*entries):  # type: ignore[no-untyped-def]
    return {entry.name: entry for entry in entries}


IMAGE_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "conv", "filters": 32},
    {"block": "conv", "filters": 64},
    {"block": "dense", "units": 128, "dropout": 0.3},
)
TEXT_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "embedding", "dim": 32},
    {"block": "conv1d", "filters": 32},
    {"block": "dense", "units": 32, "dropout": 0.3},
)
SUPER_RESOLUTION_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "feature_conv", "filters": 64, "kernel_size": 5},
    {"block": "feature_conv", "filters": 32},
)
DENOISING_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "feature_conv", "filters": 32},
    {"block": "edsr", "filters": 32},
    {"block": "edsr", "filters": 32},
)
SEGMENTATION_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "feature_conv", "filters": 16},
    {"block": "unet", "filters": 16, "depth": 2},
)
SERIES_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "conv1d", "filters": 32, "kernel_size": 3, "pool": False},
    {"block": "dense", "units": 64},
)
TABLE_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "dense", "units": 64, "dropout": 0.1},
    {"block": "dense", "units": 32},
)

# What the modules of an input kind whose `predict` writes CSV rows import for it.
_WRITES_ROWS = {"predict": ("import csv", "import sys"), "test_train": ("import csv", "import io")}

INPUT_KINDS: dict[str, InputKind] = _by_name(
    InputKind(
        name="text",
        help="Texts of any length, one string per example",
        input_name="text",
        describe="Texts",
        gives="tokens",
        imports=_WRITES_ROWS,
    ),
    InputKind(
        name="series",
        help="Windows of consecutive rows of numeric columns, the oldest row first",
        input_name="series",
        describe="Windows of past values",
        gives="sequences",
        imports=_WRITES_ROWS,
    ),
    InputKind(
        name="image",
        help="Images of a fixed height, width and channel count",
        input_name="image",
        describe="Images",
        gives="maps",
        imports=_WRITES_ROWS,
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
        imports={"predict": ("from matplotlib.figure import Figure",)},
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
        imports=_WRITES_ROWS,
    ),
)

STEMS: dict[str, Stem] = _by_name(
    Stem(
        name="tokens",
        help="TextVectorization adapted to the training split: words -> token ids, cut or padded to sequence_length",
        inputs=frozenset({"text"}),
        layers=("normalize_spaces",),
        imports={"test_model": ("import dataclasses",)},
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
        imports={"model": ("import re",), "test_model": ("import dataclasses",)},
    ),
)

# What `evaluate` of an output kind with a constant baseline imports for it.
_CONSTANT_BASELINE = {"evaluate": ("import numpy as np",)}

OUTPUT_KINDS: dict[str, OutputKind] = _by_name(
    OutputKind(
        name="binary",
        help="One of two classes: one sigmoid unit",
        describe="the probability of the second class",
        has_classes=True,
        named_outputs=True,
        targets="classes",
        default_loss="binary_crossentropy",
        default_metrics=("accuracy", "auc"),
        baseline="always predicts the training split's class frequencies (the majority class)",
        imports={
            **_CONSTANT_BASELINE,
            "train": ("import json",),
            "predict": ("import json",),
            "test_data": ("import pytest",),
        },
    ),
    OutputKind(
        name="multiclass",
        help="One of three or more classes: a softmax",
        describe="class probabilities",
        has_classes=True,
        named_outputs=True,
        targets="classes",
        default_loss="sparse_categorical_crossentropy",
        default_metrics=("accuracy",),
        baseline="always predicts the training split's class frequencies (the majority class)",
        imports={
            **_CONSTANT_BASELINE,
            "train": ("import json",),
            "predict": ("import json",),
            "test_data": ("import pytest",),
        },
    ),
    OutputKind(
        name="continuous",
        help="A real number: one linear unit",
        describe="a real number",
        has_classes=False,
        named_outputs=False,
        targets="values",
        default_loss="mean_squared_error",
        default_metrics=("mae", "rmse"),
        baseline="always predicts the training split's mean",
        model_note=" and predicts in the target's own units",
        imports=_CONSTANT_BASELINE,
    ),
    OutputKind(
        name="multilabel",
        help="Several yes/no labels at once: one sigmoid unit per 0/1 target column",
        describe="the probability of each label",
        has_classes=False,
        named_outputs=True,
        targets="flags",
        default_loss="binary_crossentropy",
        default_metrics=("accuracy", "auc"),
        baseline="always predicts each label's training frequency (its majority answer)",
        more_scores="score_each_label(model, datasets)",
        more_help="each label on its own, under `label <name>`",
        imports={
            **_CONSTANT_BASELINE,
            "train": ("import json",),
            "predict": ("import json",),
            "test_data": ("import pytest",),
        },
    ),
    OutputKind(
        name="multi_output",
        help="Several targets at once, each a class or a number: one named head, loss and metrics per target",
        describe="one named output per target column",
        has_classes=False,
        named_outputs=True,
        targets="heads",
        labels="heads",
        # Each head takes its own kind's loss and metrics: sparse categorical cross-entropy and
        # accuracy for classes, mean squared error, MAE and RMSE (in the target's units) for
        # numbers. `loss` is not asked; its value, the numbers' loss, only keeps copier content.
        default_loss="mean_squared_error",
        default_metrics=(),
        baseline="always predicts each class target's majority class and each number's training mean",
        model_note=", and predicts each number in its own units",
        imports={
            **_CONSTANT_BASELINE,
            "train": ("import json",),
            "predict": ("import json",),
            "test_data": ("import pytest",),
        },
    ),
    OutputKind(
        name="forecast",
        help="The target column's next `horizon` values: one linear unit per step",
        describe="the target's next `horizon` values",
        has_classes=False,
        named_outputs=False,
        targets="windows",
        default_loss="mean_squared_error",
        default_metrics=("mae", "rmse"),
        baseline="always predicts the training split's mean of each step",
        model_note=" and predicts in the target's own units",
        more_scores="score_naive_forecasts(datasets, config)",
        more_help="the naive forecasts: `persistence`, and `seasonal naive` when there is a period",
        plot="forecasts.png",
        imports={**_CONSTANT_BASELINE, "train": ("import numpy as np",), "test_data": ("import keras",)},
    ),
    OutputKind(
        name="upscaled",
        help="The image `scale` times larger: sub-pixel upsampling added to a bicubic upscaling of the input",
        describe="the images `scale` times larger",
        has_classes=False,
        named_outputs=False,
        targets="images",
        labels="images",
        default_loss="charbonnier",
        default_metrics=("psnr", "ssim"),
        baseline="upscales each input by bicubic interpolation",
        baseline_scores="score_bicubic(datasets.test, config)",
        plot="examples.png",
        layers=("pixel_shuffle", "bicubic_upscale"),
        overfit_rate=0.003,
        imports={"train": ("import numpy as np",)},
    ),
    OutputKind(
        name="denoised",
        help="The clean image: a correction added to the noisy input",
        describe="the images without their noise",
        has_classes=False,
        named_outputs=False,
        targets="images",
        labels="images",
        default_loss="charbonnier",
        default_metrics=("psnr", "ssim"),
        baseline="returns each noisy input as it is",
        baseline_scores="score_noisy_inputs(datasets.test, config)",
        plot="examples.png",
        overfit_rate=0.003,
        imports={"train": ("import numpy as np",)},
    ),
    OutputKind(
        name="mask",
        help="A class per pixel: a softmax over the mask's classes at every pixel",
        describe="class probabilities at every pixel",
        has_classes=False,
        named_outputs=False,
        targets="masks",
        labels="masks",
        default_loss="sparse_categorical_crossentropy",
        default_metrics=("accuracy", "mean_iou"),
        baseline="calls every pixel background (class 0)",
        baseline_scores="score_background(datasets.test, config)",
        plot="examples.png",
        overfit_rate=0.003,
        imports={
            "train": ("import numpy as np", "from matplotlib.patches import Patch"),
            "predict": ("import matplotlib.colors", "from matplotlib.patches import Patch"),
        },
    ),
)

# Output kinds that predict images, pixel for pixel.
IMAGE_OUTPUTS = frozenset({"upscaled", "denoised"})
PIXEL_OUTPUTS = IMAGE_OUTPUTS | {"mask"}  # ... and those that predict something per pixel

# Output kinds that predict several named targets, read from several CSV columns.
SEVERAL_TARGETS = frozenset({"multilabel", "multi_output"})


SPLITS: dict[str, Split] = _by_name(
    Split(name="random", help="random: the examples are shuffled with a fixed seed and cut in the split fractions"),
    Split(
        name="stratified",
        help="stratified: each class is shuffled with a fixed seed and cut in the split fractions",
    ),
    Split(
        name="chronological",
        help="chronological: the first windows train, the next validate, the last test; no target row is in two splits",
    ),
)

TASKS: dict[str, Task] = _by_name(
    Task(
        name="image_binary",
        help="Image classification into two classes (one sigmoid unit)",
        input="image",
        output="binary",
        split="stratified",
        default_blocks=IMAGE_BLOCKS_DEFAULT,
        default_data_source="image_folders",
    ),
    Task(
        name="image_multiclass",
        help="Image classification into three or more classes (softmax)",
        input="image",
        output="multiclass",
        split="stratified",
        default_blocks=IMAGE_BLOCKS_DEFAULT,
        default_data_source="image_folders",
    ),
    Task(
        name="text_binary",
        help="Text classification into two classes (one sigmoid unit)",
        input="text",
        output="binary",
        split="stratified",
        default_blocks=TEXT_BLOCKS_DEFAULT,
        default_data_source="text_folders",
    ),
    Task(
        name="text_multiclass",
        help="Text classification into three or more classes (softmax)",
        input="text",
        output="multiclass",
        split="stratified",
        default_blocks=TEXT_BLOCKS_DEFAULT,
        default_data_source="text_folders",
    ),
    Task(
        name="text_multilabel",
        help="Texts -> several yes/no labels at once, one 0/1 column each beside the text column (sigmoid units)",
        input="text",
        output="multilabel",
        split="random",
        default_blocks=TEXT_BLOCKS_DEFAULT,
        default_data_source="text_csv",
    ),
    Task(
        name="tabular_binary",
        help="Table rows (numbers and categories) -> one of two classes (one sigmoid unit)",
        input="table",
        output="binary",
        split="stratified",
        default_blocks=TABLE_BLOCKS_DEFAULT,
        default_data_source="csv",
    ),
    Task(
        name="tabular_multiclass",
        help="Table rows (numbers and categories) -> one of three or more classes (softmax)",
        input="table",
        output="multiclass",
        split="stratified",
        default_blocks=TABLE_BLOCKS_DEFAULT,
        default_data_source="csv",
    ),
    Task(
        name="tabular_multilabel",
        help="Table rows -> several yes/no labels at once, one 0/1 target column each (sigmoid units)",
        input="table",
        output="multilabel",
        split="random",
        default_blocks=TABLE_BLOCKS_DEFAULT,
        default_data_source="csv",
    ),
    Task(
        name="tabular_multi_output",
        help="Table rows -> several targets at once (classes and numbers mixed): one named head per target",
        input="table",
        output="multi_output",
        split="random",
        default_blocks=TABLE_BLOCKS_DEFAULT,
        default_data_source="csv",
    ),
    Task(
        name="tabular_regression",
        help="Table rows (numbers and categories) -> one real number, in its own units",
        input="table",
        output="continuous",
        split="random",
        default_blocks=TABLE_BLOCKS_DEFAULT,
        default_data_source="csv",
    ),
    Task(
        name="series_forecast",
        help="Time series -> the target column's next `horizon` values, from a window of past rows",
        input="series",
        output="forecast",
        split="chronological",
        default_blocks=SERIES_BLOCKS_DEFAULT,
        default_data_source="series_csv",
    ),
    Task(
        name="super_resolution",
        help="Images -> the same images `scale` times larger (2, 3 or 4), sharper than bicubic upscaling",
        input="pixels",
        output="upscaled",
        split="random",
        default_blocks=SUPER_RESOLUTION_BLOCKS_DEFAULT,
        default_data_source="image_folder",
    ),
    Task(
        name="segmentation",
        help="Images -> a class per pixel (background 0, and the objects' classes), from masks",
        input="pixels",
        output="mask",
        split="random",
        default_blocks=SEGMENTATION_BLOCKS_DEFAULT,
        default_data_source="mask_folders",
    ),
    Task(
        name="denoising",
        help="Noisy images -> the clean images, the same size",
        input="pixels",
        output="denoised",
        split="random",
        default_blocks=DENOISING_BLOCKS_DEFAULT,
        default_data_source="image_folder",
    ),
)

_IMAGE = frozenset({"image"})
_TEXT = frozenset({"text"})
_ANY_INPUT = frozenset({"image", "table", "text", "series"})
_SEQUENCES = frozenset({"text", "series"})
_ARRAYS = frozenset({"image", "table"})
_PIXELS = frozenset({"pixels"})

BLOCKS: dict[str, Block] = _by_name(
    Block(
        name="dense",
        help="Dense layer with ReLU and dropout (one MLP layer)",
        function="dense_block",
        inputs=_ANY_INPUT,
        params=(
            Param(name="units", kind="int", default=64, help="number of units", minimum=1),
            Param(name="dropout", kind="float", default=0.0, help="dropout rate after the activation", minimum=0.0),
        ),
        reads="vectors",
    ),
    Block(
        name="conv",
        help="Conv2D, batch norm and ReLU, then 2x2 max pooling",
        function="conv_block",
        inputs=_IMAGE,
        params=(
            Param(name="filters", kind="int", default=32, help="output channels", minimum=1),
            Param(name="kernel_size", kind="int", default=3, help="height and width of the kernel", minimum=1),
            Param(name="pool", kind="bool", default=True, help="halve height and width with max pooling"),
        ),
    ),
    Block(
        name="residual",
        help="ResNet basic block: two 3x3 convolutions plus a shortcut",
        function="residual_block",
        inputs=_IMAGE,
        params=(
            Param(name="filters", kind="int", default=64, help="output channels", minimum=1),
            Param(
                name="strides",
                kind="int",
                default=1,
                help="stride of the first convolution; 2 halves the size",
                minimum=1,
            ),
        ),
    ),
    Block(
        name="dense_block",
        help="DenseNet block: every layer sees the feature maps of all earlier ones",
        function="densenet_block",
        inputs=_IMAGE,
        params=(
            Param(name="num_layers", kind="int", default=4, help="number of BN-ReLU-Conv layers", minimum=1),
            Param(name="growth_rate", kind="int", default=12, help="channels each layer adds", minimum=1),
        ),
    ),
    Block(
        name="inception",
        help="Inception branches (1x1, 3x3, 5x5, pooling) merged into one tensor",
        function="inception_block",
        inputs=_IMAGE,
        params=(
            Param(name="filters", kind="int", default=16, help="output channels of each branch", minimum=1),
            Param(
                name="merge",
                kind="str",
                default="concatenate",
                help="how the branches are merged",
                choices=("concatenate", "add", "average", "maximum"),
            ),
        ),
    ),
    Block(
        name="embedding",
        help="Embedding: each token id -> a learned vector (the first block of a text model)",
        function="embedding_block",
        inputs=_TEXT,
        params=(Param(name="dim", kind="int", default=32, help="size of each token's vector", minimum=1),),
        reads="tokens",
        gives="sequences",
        auto=(AutoParam(name="positions", blocks=frozenset({"transformer"}), layers=("position_embedding",)),),
        from_config={"vocabulary_size": "max_tokens"},
    ),
    Block(
        name="conv1d",
        help="Conv1D and ReLU over the steps, then 2x max pooling; a text's padding stays masked",
        function="conv1d_block",
        inputs=_SEQUENCES,
        params=(
            Param(name="filters", kind="int", default=32, help="output features", minimum=1),
            Param(name="kernel_size", kind="int", default=5, help="steps (tokens, rows) each filter reads", minimum=1),
            Param(name="pool", kind="bool", default=True, help="halve the sequence with max pooling"),
        ),
        reads="sequences",
        layers=("masked_conv1d",),
    ),
    Block(
        name="recurrent",
        help="LSTM or GRU layer, optionally bidirectional; returns the sequence when a later block reads it",
        function="recurrent_block",
        inputs=_SEQUENCES,
        params=(
            Param(name="cell", kind="str", default="lstm", help="recurrent cell", choices=("lstm", "gru")),
            Param(name="units", kind="int", default=32, help="units of the cell", minimum=1),
            Param(name="bidirectional", kind="bool", default=False, help="read the sequence both ways"),
        ),
        reads="sequences",
        gives="vectors",
        auto=(AutoParam(name="return_sequences", blocks=frozenset({"conv1d", "recurrent", "transformer"})),),
    ),
    Block(
        name="transformer",
        help="Transformer encoder: multi-head self-attention and a feed-forward layer, residuals, layer norm",
        function="transformer_block",
        inputs=_SEQUENCES,
        params=(
            Param(name="heads", kind="int", default=2, help="attention heads", minimum=1),
            Param(name="dim", kind="int", default=32, help="size of each head's keys and queries", minimum=1),
            Param(name="ff_dim", kind="int", default=64, help="units of the feed-forward layer", minimum=1),
        ),
        reads="sequences",
        # The first one adds positions when no embedding did (a series): attention alone reads a set.
        auto=(
            AutoParam(
                name="positions",
                blocks=frozenset({"embedding", "transformer"}),
                unless=True,
                earlier=True,
                layers=("position_embedding",),
            ),
        ),
    ),
    Block(
        name="feature_conv",
        help="Conv2D and ReLU at the input's resolution: no batch norm, no pooling (restorations keep their scale)",
        function="feature_conv_block",
        inputs=_PIXELS,
        params=(
            Param(name="filters", kind="int", default=64, help="output channels", minimum=1),
            Param(name="kernel_size", kind="int", default=3, help="height and width of the kernel", minimum=1),
        ),
    ),
    Block(
        name="edsr",
        help="EDSR residual block: conv, ReLU, conv without batch norm, scaled by a learned factor, plus a shortcut",
        function="edsr_block",
        inputs=_PIXELS,
        params=(
            Param(name="filters", kind="int", default=64, help="output channels", minimum=1),
            Param(
                name="residual_scale",
                kind="float",
                default=0.1,
                help="starting value of the learned factor on the residual (small keeps deep stacks stable)",
                minimum=0.0,
            ),
        ),
        layers=("scale",),
    ),
    Block(
        name="unet",
        help="U-Net: an encoder-decoder whose skip connections carry each size's features across; any image size",
        function="unet_block",
        inputs=_PIXELS,
        params=(
            Param(
                name="filters",
                kind="int",
                default=16,
                help="channels at full size, doubled at each level down",
                minimum=1,
            ),
            Param(name="depth", kind="int", default=2, help="how many times the encoder halves the size", minimum=1),
            Param(
                name="merge",
                kind="str",
                default="concatenate",
                help="how a skip connection meets the decoder",
                choices=("concatenate", "add"),
            ),
        ),
        layers=("pad_to_multiple", "crop_like"),
    ),
)

# Not choices: `build_model` puts the pooling of a shape between the last block that gives
# it and the first that reads vectors (or before the head), so every model ends in vectors.
# Input kind -> shape -> its pooling: texts average over their unpadded steps, while a
# series keeps the order of its steps (flattened), which a forecast reads.
POOLINGS: dict[str, dict[str, Block]] = {
    "image": {
        "maps": Block(
            name="pool",
            help="Global average pooling: feature maps -> one vector per example",
            function="global_pool",
            inputs=_IMAGE,
            reads="maps",
            gives="vectors",
        ),
    },
    "text": {
        "sequences": Block(
            name="sequence_pool",
            help="Average over the unmasked steps: sequences -> one vector per example",
            function="sequence_pool",
            inputs=_TEXT,
            reads="sequences",
            gives="vectors",
            layers=("masked_average",),
        ),
    },
    "series": {
        "sequences": Block(
            name="flatten",
            help="Flatten: a window's steps -> one vector per example, in time order",
            function="flatten_steps",
            inputs=frozenset({"series"}),
            reads="sequences",
            gives="vectors",
        ),
    },
    "table": {},
    "pixels": {},  # an image in, an image out: nothing is pooled
}

_NUMBERS = frozenset({"continuous", "forecast"})  # output kinds that predict real numbers
_RESTORED = _NUMBERS | IMAGE_OUTPUTS  # ... and those that predict pixel values

LOSSES: dict[str, Loss] = _by_name(
    Loss(
        name="binary_crossentropy",
        help="Binary cross-entropy on sigmoid units (one, or one per label)",
        outputs=frozenset({"binary", "multilabel"}),
        labels="binary",
    ),
    Loss(
        name="binary_focal_crossentropy",
        help="Binary focal cross-entropy: down-weights easy examples (imbalanced classes or labels)",
        outputs=frozenset({"binary", "multilabel"}),
        labels="binary",
    ),
    Loss(
        name="sparse_categorical_crossentropy",
        help="Cross-entropy over a softmax, labels as class indices",
        outputs=frozenset({"multiclass", "mask"}),
        labels="sparse",
    ),
    Loss(
        name="categorical_crossentropy",
        help="Cross-entropy over a softmax, labels one-hot encoded",
        outputs=frozenset({"multiclass"}),
        labels="one_hot",
    ),
    Loss(
        name="categorical_focal_crossentropy",
        help="Focal cross-entropy over a softmax, labels one-hot (imbalanced classes)",
        outputs=frozenset({"multiclass"}),
        labels="one_hot",
    ),
    Loss(name="mean_squared_error", help="Mean squared error", outputs=_RESTORED, labels="continuous"),
    Loss(
        name="mean_absolute_error",
        help="Mean absolute error: robust to outliers",
        outputs=_RESTORED,
        labels="continuous",
    ),
    Loss(
        name="huber",
        help="Huber: squared near zero, absolute far from it",
        outputs=_NUMBERS,
        labels="continuous",
    ),
    Loss(
        name="mean_squared_logarithmic_error",
        help="Mean squared log error: for positive targets spanning magnitudes",
        outputs=frozenset({"continuous"}),
        labels="continuous",
    ),
    Loss(
        name="charbonnier",
        help="Charbonnier (custom): a smooth L1, differentiable at zero error",
        outputs=_RESTORED,
        labels="continuous",
        custom=True,
    ),
    Loss(
        name="ssim",
        help="One minus the structural similarity (custom): rewards structure, forgives small uniform shifts",
        outputs=IMAGE_OUTPUTS,
        labels="continuous",
        custom=True,
    ),
    Loss(
        name="dice",
        help="Soft Dice (custom): one minus the overlap of each class's predicted and true pixels, averaged",
        outputs=frozenset({"mask"}),
        labels="sparse",
        custom=True,
    ),
    Loss(
        name="focal",
        help="Focal cross-entropy (custom): down-weights pixels already right, for small objects on a large background",
        outputs=frozenset({"mask"}),
        labels="sparse",
        custom=True,
    ),
)

METRICS: dict[str, Metric] = _by_name(
    Metric(name="accuracy", help="Fraction of correct predictions", labels=frozenset({"binary", "sparse", "one_hot"})),
    Metric(name="auc", help="Area under the ROC curve", labels=frozenset({"binary", "one_hot"})),
    Metric(name="precision", help="Precision at threshold 0.5", labels=frozenset({"binary", "one_hot"})),
    Metric(name="recall", help="Recall at threshold 0.5", labels=frozenset({"binary", "one_hot"})),
    Metric(name="f1", help="F1 score (macro average over classes)", labels=frozenset({"binary", "one_hot"})),
    Metric(name="mae", help="Mean absolute error", labels=frozenset({"continuous"})),
    Metric(name="rmse", help="Root mean squared error", labels=frozenset({"continuous"})),
    # PSNR measures the error against the peak of a known range, [0, 1]: pixels, or a table's
    # target scaled to it; a forecast is in its series' own units (megawatts), with no such peak.
    Metric(
        name="psnr",
        help="Peak signal-to-noise ratio in dB (custom), for targets in [0, 1]",
        labels=frozenset({"continuous"}),
        custom=True,
        outputs=frozenset({"continuous"}) | IMAGE_OUTPUTS,
    ),
    Metric(
        name="mean_iou",
        help="Mean intersection over union of the classes (background included), from the most probable class",
        labels=frozenset({"sparse"}),
        outputs=frozenset({"mask"}),
    ),
    Metric(
        name="iou",
        help="Intersection over union of the object classes (all but background 0), averaged",
        labels=frozenset({"sparse"}),
        outputs=frozenset({"mask"}),
    ),
    Metric(
        name="ssim",
        help="Structural similarity of images (custom), 1 for identical ones",
        labels=frozenset({"continuous"}),
        custom=True,
        outputs=IMAGE_OUTPUTS,
    ),
)

OPTIMIZERS: dict[str, Optimizer] = _by_name(
    Optimizer(name="adam", help="Adam: adaptive moments; a safe first choice"),
    Optimizer(
        name="adamw",
        help="AdamW: Adam with decoupled weight decay",
        params=(Param(name="weight_decay", kind="float", default=0.004, help="decoupled weight decay", minimum=0.0),),
    ),
    Optimizer(name="nadam", help="Nadam: Adam with Nesterov momentum"),
    Optimizer(
        name="sgd",
        help="SGD with momentum, optionally Nesterov (classification)",
        learning_rate=0.01,
        outputs=frozenset({"binary", "multiclass", "multilabel"}),
        unfit=(
            "its steps grow with the square of the target's units, and a regression's loss is in the target's own "
            "units, so it diverges on targets in the hundreds"
        ),
        params=(
            Param(name="momentum", kind="float", default=0.9, help="momentum", minimum=0.0),
            Param(name="nesterov", kind="bool", default=False, help="use Nesterov momentum"),
        ),
    ),
    Optimizer(name="rmsprop", help="RMSprop: divides by a running RMS of the gradients"),
    # Keras starts Adagrad's accumulators at 0.1, which shrinks early steps where gradients
    # are small (MSLE, focal losses): 0.001 barely moves them, 0.01 is Adagrad's usual rate.
    Optimizer(name="adagrad", help="Adagrad: per-parameter rates that shrink with use", learning_rate=0.01),
    Optimizer(
        name="lion",
        help="Lion: sign-based updates; its rate is 3-10x smaller than Adam's",
        learning_rate=0.0003,
        params=(Param(name="weight_decay", kind="float", default=0.004, help="decoupled weight decay", minimum=0.0),),
    ),
)

SCHEDULES: dict[str, Schedule] = _by_name(
    Schedule(
        name="constant",
        help="Constant rate, halved when the validation loss stops improving (at most down to 1/100)",
        params=(
            Param(
                name="reduce_lr_patience",
                kind="int",
                default=4,
                help="epochs without improvement before the rate is halved",
                minimum=1,
            ),
        ),
        imports={"test_train": ("import keras",)},
    ),
    Schedule(
        name="step_decay",
        help="Halve the rate every N epochs",
        params=(Param(name="decay_every", kind="int", default=10, help="epochs between halvings", minimum=1),),
    ),
    Schedule(
        name="cosine",
        help="Cosine decay from the initial rate to zero over the epochs",
        imports={"train": ("import math",), "test_train": ("import dataclasses",)},
    ),
)

DATA_SOURCES: dict[str, DataSource] = _by_name(
    DataSource(
        name="text_folders",
        help="A folder with one sub-folder of UTF-8 `.txt` files per class, one example per file",
        inputs=_TEXT,
        path_help="folder whose sub-folders are the classes",
        example_path="data/texts",
        describe="text class folders",
        predict_reads="text files or folders of them",
        predict_example="path/to/text.txt",
        predict_usage="TEXT_OR_FOLDER ...",
        predict_rows="path of each text file",
        stem="tokens",
        imports={"data": ("import warnings",), "test_data": ("import re", "import pytest")},
    ),
    DataSource(
        name="text_csv",
        help="A CSV file with a header: a text column and a target column, one example per row",
        inputs=_TEXT,
        path_help="CSV file",
        example_path="data/texts.csv",
        describe="a CSV file of texts",
        predict_reads="CSV files with the text column",
        predict_example="new_texts.csv",
        predict_usage="TEXTS.csv ...",
        predict_rows="input rows as read",
        stem="tokens",
        outputs=ONE_TARGET | {"multilabel"},
        imports={"data": ("import csv",), "conftest": ("import csv",), "test_data": ("import csv",)},
    ),
    DataSource(
        name="image_folders",
        help="A folder with one sub-folder of images (PNG, JPEG, BMP, GIF) per class",
        inputs=_IMAGE,
        path_help="folder whose sub-folders are the classes",
        example_path="data/images",
        describe="image class folders",
        predict_reads="image files or folders of images",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="path of each image",
        imports={
            "data": ("import warnings",),
            "conftest": ("import tensorflow as tf",),
            "test_data": ("import re", "import pytest"),
        },
    ),
    DataSource(
        name="csv",
        help="A CSV file with a header: feature columns (numbers or categories, gaps allowed) and a target column",
        inputs=frozenset({"table"}),
        path_help="CSV file",
        example_path="data/table.csv",
        describe="a CSV file",
        predict_reads="CSV files with the feature columns",
        predict_example="new_rows.csv",
        predict_usage="ROWS.csv ...",
        predict_rows="input rows as read",
        stem="columns",
        outputs=ONE_TARGET | {"multilabel", "multi_output"},
        imports={
            "data": ("import csv",),
            "conftest": ("import csv",),
            "test_data": ("import csv", "import dataclasses", "import pytest"),
        },
    ),
    DataSource(
        name="series_csv",
        help="A CSV file with a header, one row per time step: numeric columns, and a time column or rows in order",
        inputs=frozenset({"series"}),
        path_help="CSV file",
        example_path="data/series.csv",
        describe="a CSV file of a time series",
        predict_reads="series CSV files, each forecast after its last row",
        predict_example="recent.csv",
        predict_usage="SERIES.csv ...",
        predict_rows="file of each series and its last time",
        predict_count="1",
        outputs=frozenset({"forecast"}),
        imports={
            "data": ("import csv", "import datetime"),
            "conftest": ("import csv",),
            "test_data": ("import csv", "import dataclasses", "import re", "import pytest"),
        },
    ),
    DataSource(
        name="image_folder",
        help="A folder of images (PNG, JPEG, BMP): the targets; the pipeline makes each input from its target",
        inputs=_PIXELS,
        path_help="folder of images",
        example_path="data/images",
        describe="a folder of images",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        stem="pixels",
        outputs=IMAGE_OUTPUTS,
        imports={
            "data": ("import warnings",),
            "conftest": ("import tensorflow as tf",),
            "test_data": ("import pytest",),
        },
    ),
    DataSource(
        name="paired_folders",
        help="A folder with an input and a target sub-folder of images whose file names pair up",
        inputs=_PIXELS,
        path_help="folder holding the input and target folders",
        example_path="data/pairs",
        describe="paired input and target images",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        predict_path="data_path / config.data.input_folder",
        targets_path="data_path / config.data.target_folder",
        stem="pixels",
        outputs=IMAGE_OUTPUTS,
        imports={
            "data": ("import warnings",),
            "conftest": ("import tensorflow as tf",),
            "test_data": ("import pytest",),
        },
    ),
    DataSource(
        name="image_arrays",
        help="A NumPy .npz file with an input and a target array of images, samples first (named by the answers)",
        inputs=_PIXELS,
        path_help=".npz file with the input and target arrays",
        example_path="data/images.npz",
        describe="an .npz file of input and target images",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        predict_path='data_path.parent / "inputs"',
        targets_path='data_path.parent / "targets"',
        evaluate_reads=", named_arrays(config, args)",
        stem="pixels",
        outputs=IMAGE_OUTPUTS,
        imports={
            "conftest": ("import tensorflow as tf",),
            "test_data": ("import pytest",),
            "evaluate": ("import dataclasses",),
            "test_train": ("import json", "import numpy as np"),
        },
    ),
    DataSource(
        name="mask_folders",
        help="A folder with `images/` and `masks/`: PNG masks named like their images, of class indices or colors",
        inputs=_PIXELS,
        path_help="folder holding `images/` and `masks/`",
        example_path="data/scenes",
        describe="images and their class masks",
        predict_reads="image files or folders of them",
        predict_example="path/to/image.png",
        predict_usage="IMAGE_OR_FOLDER ...",
        predict_rows="",
        predict_path='data_path / "images"',
        targets_path='data_path / "masks"',
        stem="pixels",
        outputs=frozenset({"mask"}),
        imports={
            "data": ("import warnings",),
            "conftest": ("import tensorflow as tf",),
            "test_data": ("import pytest",),
        },
    ),
    DataSource(
        name="npz",
        help="A NumPy .npz file with arrays `x` (samples first) and `y` (labels or targets)",
        inputs=_ARRAYS,
        path_help=".npz file with arrays `x` and `y`",
        example_path="data/arrays.npz",
        describe="an .npz file",
        predict_reads=".npz files with an array `x`",
        predict_example="new_arrays.npz",
        predict_usage="ARRAYS.npz ...",
        predict_rows="file and index of each sample",
    ),
)

_IMAGES = (2, 8, 8, 3)
_ROWS = (4, 8)  # the batches a loss is tested on, unless it reads images
_EPSILON_HELP = "keeps the gradient finite at zero error"

# Each kind of part and the project folder (a package) that holds its modules.
PART_FOLDERS = {"layer": "layers", "loss": "losses", "metric": "metrics"}

PARTS: dict[str, dict[str, Part]] = {
    "layer": _by_name(
        Part(
            kind="layer",
            name="resize",
            help="Resize images by a scale factor (bilinear, bicubic or nearest)",
            class_name="Resize",
            params=(
                Param(name="scale", kind="float", default=2.0, help="factor applied to height and width", minimum=0.01),
                Param(
                    name="method",
                    kind="str",
                    default="bilinear",
                    help="interpolation",
                    choices=("bilinear", "bicubic", "nearest"),
                ),
            ),
            sample_shape=_IMAGES,
        ),
        Part(
            kind="layer",
            name="scale",
            help="Multiply by learned weights, one per feature or one in all",
            class_name="Scale",
            params=(
                Param(name="initial_value", kind="float", default=1.0, help="starting value of the weights"),
                Param(
                    name="per_channel",
                    kind="bool",
                    default=True,
                    help="one weight per feature (last axis) instead of one in all",
                ),
            ),
            sample_shape=_IMAGES,
            has_weights=True,
        ),
        Part(
            kind="layer",
            name="standardize",
            help="Subtract the mean and divide by the standard deviation, per sample",
            params=(
                Param(name="axis", kind="int", default=-1, help="axis along which the mean and deviation are taken"),
                Param(
                    name="epsilon",
                    kind="float",
                    default=1e-6,
                    help="added to the variance before the square root",
                    minimum=0.0,
                ),
            ),
            sample_shape=(2, 6),
        ),
        Part(
            kind="layer",
            name="fill_missing",
            help="Replace NaN (empty cells) with each feature's training mean, and flag where they were",
            class_name="FillMissing",
            sample_shape=(4, 3),
        ),
        Part(
            kind="layer",
            name="position_embedding",
            help="Add a learned vector per position to a sequence (what a transformer needs to read order)",
            params=(
                Param(name="sequence_length", kind="int", default=200, help="the most steps a sequence has", minimum=1),
            ),
            class_name="PositionEmbedding",
            sample_shape=(2, 6, 4),
            has_weights=True,
        ),
        Part(
            kind="layer",
            name="masked_conv1d",
            help="Conv1D with ReLU and max pooling that keeps the padding mask of an Embedding(mask_zero=True)",
            params=(
                Param(name="filters", kind="int", default=32, help="output features", minimum=1),
                Param(name="kernel_size", kind="int", default=5, help="steps each filter reads", minimum=1),
                Param(name="pool_size", kind="int", default=2, help="steps merged by max pooling (1: none)", minimum=1),
            ),
            class_name="MaskedConv1D",
            sample_shape=(2, 6, 4),
            has_weights=True,
        ),
        Part(
            kind="layer",
            name="masked_average",
            help="Average a sequence over its unmasked steps; all padding averages to zeros, not NaN",
            class_name="MaskedAverage",
            sample_shape=(2, 6, 4),
        ),
        Part(
            kind="layer",
            name="normalize_spaces",
            help="Turn each run of whitespace in strings, line breaks of any kind included, into one space",
            class_name="NormalizeSpaces",
        ),
        Part(
            kind="layer",
            name="pixel_shuffle",
            help="Sub-pixel upsampling (depth to space): channels laid out as blocks of pixels, as in ESPCN",
            class_name="PixelShuffle",
            params=(
                Param(
                    name="block_size",
                    kind="int",
                    default=2,
                    help="height and width of each block of pixels: the upscaling factor",
                    minimum=1,
                ),
            ),
            sample_shape=(2, 3, 3, 8),
        ),
        Part(
            kind="layer",
            name="bicubic_upscale",
            help="Bicubic upscaling by a whole factor, for images of any size (a super-resolution skip connection)",
            params=(
                Param(
                    name="factor",
                    kind="int",
                    default=2,
                    help="how many times larger the output is, in height and width",
                    minimum=1,
                ),
            ),
            class_name="BicubicUpscale",
            sample_shape=(2, 5, 7, 3),
        ),
        Part(
            kind="layer",
            name="pad_to_multiple",
            help="Pad images with zeros up to a multiple in height and width (before an encoder that halves them)",
            params=(
                Param(
                    name="multiple",
                    kind="int",
                    default=4,
                    help="pad height and width up to a multiple of it",
                    minimum=1,
                ),
            ),
            class_name="PadToMultiple",
            sample_shape=(2, 5, 7, 3),
        ),
        Part(
            kind="layer",
            name="crop_like",
            help="Crop images to the height and width of a reference (after PadToMultiple); two inputs",
            class_name="CropLike",
            sample_shape=(2, 8, 8, 4),
        ),
        Part(
            kind="layer",
            name="blank",
            help="An identity layer with every method in place, to edit",
            sample_shape=(2, 6),
        ),
    ),
    "loss": _by_name(
        Part(
            kind="loss",
            name="charbonnier",
            help="Charbonnier: a smooth L1, differentiable at zero error",
            params=(Param(name="epsilon", kind="float", default=1e-3, help=_EPSILON_HELP, minimum=0.0),),
            class_name="CharbonnierLoss",
            minimum="loss.epsilon",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="quartic",
            help="Mean quartic error: punishes large errors more than the squared error",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="dice",
            help="Soft Dice loss for masks: 1 - overlap / size, on probabilities (0/1 labels, or class indices)",
            class_name="DiceLoss",
            params=(
                Param(
                    name="smooth",
                    kind="float",
                    default=1.0,
                    help="added to both sides of the ratio; keeps empty masks finite",
                    minimum=0.0,
                ),
            ),
            targets="binary",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="focal",
            help="Focal loss: cross-entropy that down-weights easy examples (0/1 labels, or class indices)",
            class_name="FocalLoss",
            params=(
                Param(
                    name="gamma",
                    kind="float",
                    default=2.0,
                    help="focusing power; 0 gives weighted cross-entropy",
                    minimum=0.0,
                ),
                Param(name="alpha", kind="float", default=0.25, help="weight of the positive class", minimum=0.0),
            ),
            targets="binary",
            sample_shape=_ROWS,
        ),
        Part(
            kind="loss",
            name="ssim",
            help="One minus the structural similarity of images (uniform window), per image",
            class_name="StructuralSimilarityLoss",
            params=(
                Param(
                    name="max_value",
                    kind="float",
                    default=1.0,
                    help="largest possible value (1 for data in [0, 1])",
                    minimum=0.0,
                ),
                Param(
                    name="window_size", kind="int", default=7, help="height and width of the sliding window", minimum=1
                ),
            ),
            sample_shape=(4, 8, 8, 1),
        ),
        Part(
            kind="loss", name="blank", help="Mean squared error with every method in place, to edit", sample_shape=_ROWS
        ),
    ),
    "metric": _by_name(
        Part(
            kind="metric",
            name="psnr",
            help="Peak signal-to-noise ratio in dB, averaged over samples",
            params=(
                Param(
                    name="max_value",
                    kind="float",
                    default=1.0,
                    help="largest possible value (1 for data in [0, 1])",
                    minimum=0.0,
                ),
            ),
            class_name="PeakSignalToNoiseRatio",
            sample_shape=(2, 4, 4, 1),
            known=(0.0, 0.1, 20.0),  # mean squared error 0.01 -> 10 * log10(1 / 0.01)
        ),
        Part(
            kind="metric",
            name="ssim",
            help="Structural similarity of images (uniform window), averaged over samples",
            class_name="StructuralSimilarity",
            params=(
                Param(
                    name="max_value",
                    kind="float",
                    default=1.0,
                    help="largest possible value (1 for data in [0, 1])",
                    minimum=0.0,
                ),
                Param(
                    name="window_size", kind="int", default=7, help="height and width of the sliding window", minimum=1
                ),
            ),
            sample_shape=(2, 8, 8, 1),
            # constant images a = 0.2, b = 0.4: (2ab + c1) / (a^2 + b^2 + c1), c1 = (0.01 * 1)^2
            known=(0.2, 0.4, (2 * 0.2 * 0.4 + 1e-4) / (0.2**2 + 0.4**2 + 1e-4)),
        ),
        Part(
            kind="metric",
            name="blank",
            help="Mean absolute error, averaged over samples, with every method in place, to edit",
            known=(0.0, 0.5, 0.5),
        ),
    ),
}

# The standard-library and third-party imports each generated module always has; the chosen
# entries add theirs
# (`imports=` above). Keyed by module: `src/<package>/<key>.py`, or `tests/<key>.py`.
MODULE_IMPORTS: dict[str, tuple[str, ...]] = {
    "model": ("import keras", "from keras import layers"),
    "data": ("import dataclasses", "from pathlib import Path", "import numpy as np", "import tensorflow as tf"),
    "train": (
        "import argparse",
        "import dataclasses",
        "from pathlib import Path",
        "import keras",
        "from matplotlib.figure import Figure",
        "from matplotlib.ticker import MaxNLocator",
    ),
    "evaluate": (
        "import argparse",
        "import json",
        "from pathlib import Path",
        "import keras",
        "import tensorflow as tf",
        "from keras import layers",
    ),
    "predict": (
        "import argparse",
        "from pathlib import Path",
        "import keras",
        "import numpy as np",
        "import tensorflow as tf",
    ),
    "conftest": (
        "import dataclasses",
        "from pathlib import Path",
        "import keras",
        "import numpy as np",
        "import pytest",
    ),
    "test_model": (
        "import subprocess",
        "import sys",
        "import textwrap",
        "import keras",
        "import numpy as np",
        "import pytest",
        "import tensorflow as tf",
    ),
    "test_data": ("import numpy as np", "import tensorflow as tf"),
    "test_train": ("import math", "import pytest"),
}

# CSV field separators kgen reads: the answer -> the character.
DELIMITERS: dict[str, str] = {"comma": ",", "semicolon": ";", "tab": "\t"}

FORMATTERS = ("ruff", "black")


def losses_for(task: str) -> list[str]:
    """Names of the losses that fit `task`'s output."""
    output = TASKS[task].output
    return [name for name, loss in LOSSES.items() if output in loss.outputs]


def metrics_for(loss: str, task: str | None = None) -> list[str]:
    """Names of the metrics that can read the labels `loss` trains on (and fit `task`'s output, when given)."""
    labels = LOSSES[loss].labels
    output = TASKS[task].output if task else None
    return [
        name
        for name, metric in METRICS.items()
        if labels in metric.labels and (output is None or not metric.outputs or output in metric.outputs)
    ]


def blocks_for(task: str) -> list[str]:
    """Names of the blocks that fit `task`'s input."""
    kind = TASKS[task].input
    return [name for name, block in BLOCKS.items() if kind in block.inputs]


def data_sources_for(task: str) -> list[str]:
    """Names of the data sources that hold `task`'s input and its targets."""
    kind, output = TASKS[task].input, TASKS[task].output
    return [name for name, source in DATA_SOURCES.items() if kind in source.inputs and output in source.outputs]


def stems_for(task: str) -> list[str]:
    """Names of the stems that fit `task`'s input."""
    kind = TASKS[task].input
    return [name for name, stem in STEMS.items() if kind in stem.inputs]


def default_loss(task: str) -> str:
    """The loss `task` starts with: its output kind's."""
    return OUTPUT_KINDS[TASKS[task].output].default_loss


def default_metrics(task: str) -> tuple[str, ...]:
    """The metrics `task` starts with: its output kind's."""
    return OUTPUT_KINDS[TASKS[task].output].default_metrics


def auto_params(names: list[str]) -> list[dict[str, bool]]:
    """The automatic parameters of each block of a model, the blocks named in order.

    A parameter with `layers` is left out of every block of a name where none sets it.
    """
    values = [
        {
            auto.name: any(other in auto.blocks for other in (names[:index] if auto.earlier else names[index + 1 :]))
            != auto.unless
            for auto in BLOCKS[name].auto
        }
        for index, name in enumerate(names)
    ]
    used = {(name, key) for name, params in zip(names, values, strict=True) for key, value in params.items() if value}
    optional = {(name, auto.name) for name in names for auto in BLOCKS[name].auto if auto.layers}
    return [
        {key: value for key, value in params.items() if (name, key) in used or (name, key) not in optional}
        for name, params in zip(names, values, strict=True)
    ]


def poolings() -> list[Block]:
    """Every pooling block, of every input kind."""
    return [pool for by_shape in POOLINGS.values() for pool in by_shape.values()]


def tasks_where(predicate) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the tasks for which `predicate(task)` holds."""
    return [name for name, task in TASKS.items() if predicate(task)]
