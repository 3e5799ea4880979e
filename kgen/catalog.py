"""Every choice kgen offers, with its help, parameters and what it fits.

This module is data only: no I/O, no Click, no copier. Prompts, `--help`, validation
(`kgen.spec`), the generated `copier.yml` (`kgen.copier_yml`) and the tests all read it,
so a choice exists in exactly one place.

Two facts about a task drive most compatibility rules:

- its *input*: `image` (height x width x channels) or `table` (a vector of features);
- its *target*: `binary` (one sigmoid unit), `multiclass` (a softmax over classes) or
  `continuous` (one linear unit).

A loss fixes how labels are encoded (`binary`, `sparse`, `one_hot`, `continuous`), and a
metric lists the label encodings it can read.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Task:
    """What the model predicts from what."""

    name: str
    help: str
    input: str
    target: str
    default_loss: str
    default_metrics: tuple[str, ...]
    default_blocks: tuple[dict[str, object], ...]
    default_data_source: str


@dataclass(frozen=True)
class Block:
    """A reusable architecture block, emitted as one function in `blocks.py`."""

    name: str
    help: str
    function: str
    inputs: frozenset[str]
    params: tuple[Param, ...] = ()
    spatial: bool = True


@dataclass(frozen=True)
class Loss:
    """A loss; `custom` ones are written into the project's `losses.py`."""

    name: str
    help: str
    targets: frozenset[str]
    labels: str
    custom: bool = False


@dataclass(frozen=True)
class Metric:
    """A metric; `custom` ones are written into the project's `metrics.py`."""

    name: str
    help: str
    labels: frozenset[str]
    custom: bool = False


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
    """A Keras optimizer and the parameters kgen asks for beside the learning rate."""

    name: str
    help: str
    params: tuple[Param, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """How the learning rate changes over the epochs."""

    name: str
    help: str
    params: tuple[Param, ...] = ()


@dataclass(frozen=True)
class DataSource:
    """A kind of files on disk that the generated `data.py` reads."""

    name: str
    help: str
    inputs: frozenset[str]
    path_help: str
    example_path: str


def _by_name(*entries):  # type: ignore[no-untyped-def]
    return {entry.name: entry for entry in entries}


IMAGE_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "conv", "filters": 32},
    {"block": "conv", "filters": 64},
    {"block": "dense", "units": 128, "dropout": 0.3},
)
TABLE_BLOCKS_DEFAULT: tuple[dict[str, object], ...] = (
    {"block": "dense", "units": 64, "dropout": 0.1},
    {"block": "dense", "units": 32},
)

TASKS: dict[str, Task] = _by_name(
    Task(
        "image_binary",
        "Image classification into two classes (one sigmoid unit)",
        "image",
        "binary",
        "binary_crossentropy",
        ("accuracy", "auc"),
        IMAGE_BLOCKS_DEFAULT,
        "image_folders",
    ),
    Task(
        "image_multiclass",
        "Image classification into three or more classes (softmax)",
        "image",
        "multiclass",
        "sparse_categorical_crossentropy",
        ("accuracy",),
        IMAGE_BLOCKS_DEFAULT,
        "image_folders",
    ),
    Task(
        "tabular_binary",
        "Rows of numeric features -> one of two classes (one sigmoid unit)",
        "table",
        "binary",
        "binary_crossentropy",
        ("accuracy", "auc"),
        TABLE_BLOCKS_DEFAULT,
        "csv",
    ),
    Task(
        "tabular_multiclass",
        "Rows of numeric features -> one of three or more classes (softmax)",
        "table",
        "multiclass",
        "sparse_categorical_crossentropy",
        ("accuracy",),
        TABLE_BLOCKS_DEFAULT,
        "csv",
    ),
    Task(
        "tabular_regression",
        "Rows of numeric features -> one real number",
        "table",
        "continuous",
        "mean_squared_error",
        ("mae", "rmse"),
        TABLE_BLOCKS_DEFAULT,
        "csv",
    ),
)

_IMAGE = frozenset({"image"})
_ANY_INPUT = frozenset({"image", "table"})

BLOCKS: dict[str, Block] = _by_name(
    Block(
        "dense",
        "Dense layer with ReLU and dropout (one MLP layer)",
        "dense_block",
        _ANY_INPUT,
        (
            Param("units", "int", 64, "number of units", minimum=1),
            Param("dropout", "float", 0.0, "dropout rate after the activation", minimum=0.0),
        ),
        spatial=False,
    ),
    Block(
        "conv",
        "Conv2D, batch norm and ReLU, then 2x2 max pooling",
        "conv_block",
        _IMAGE,
        (
            Param("filters", "int", 32, "output channels", minimum=1),
            Param("kernel_size", "int", 3, "height and width of the kernel", minimum=1),
            Param("pool", "bool", True, "halve height and width with max pooling"),
        ),
    ),
    Block(
        "residual",
        "ResNet basic block: two 3x3 convolutions plus a shortcut",
        "residual_block",
        _IMAGE,
        (
            Param("filters", "int", 64, "output channels", minimum=1),
            Param("strides", "int", 1, "stride of the first convolution; 2 halves the size", minimum=1),
        ),
    ),
    Block(
        "dense_block",
        "DenseNet block: every layer sees the feature maps of all earlier ones",
        "densenet_block",
        _IMAGE,
        (
            Param("num_layers", "int", 4, "number of BN-ReLU-Conv layers", minimum=1),
            Param("growth_rate", "int", 12, "channels each layer adds", minimum=1),
        ),
    ),
    Block(
        "inception",
        "Inception branches (1x1, 3x3, 5x5, pooling) merged into one tensor",
        "inception_block",
        _IMAGE,
        (
            Param("filters", "int", 16, "output channels of each branch", minimum=1),
            Param(
                "merge",
                "str",
                "concatenate",
                "how the branches are merged",
                choices=("concatenate", "add", "average", "maximum"),
            ),
        ),
    ),
)

LOSSES: dict[str, Loss] = _by_name(
    Loss("binary_crossentropy", "Binary cross-entropy on one sigmoid unit", frozenset({"binary"}), "binary"),
    Loss(
        "binary_focal_crossentropy",
        "Binary focal cross-entropy: down-weights easy examples (imbalanced classes)",
        frozenset({"binary"}),
        "binary",
    ),
    Loss(
        "sparse_categorical_crossentropy",
        "Cross-entropy over a softmax, labels as class indices",
        frozenset({"multiclass"}),
        "sparse",
    ),
    Loss(
        "categorical_crossentropy",
        "Cross-entropy over a softmax, labels one-hot encoded",
        frozenset({"multiclass"}),
        "one_hot",
    ),
    Loss(
        "categorical_focal_crossentropy",
        "Focal cross-entropy over a softmax, labels one-hot (imbalanced classes)",
        frozenset({"multiclass"}),
        "one_hot",
    ),
    Loss("mean_squared_error", "Mean squared error", frozenset({"continuous"}), "continuous"),
    Loss("mean_absolute_error", "Mean absolute error: robust to outliers", frozenset({"continuous"}), "continuous"),
    Loss("huber", "Huber: squared near zero, absolute far from it", frozenset({"continuous"}), "continuous"),
    Loss(
        "mean_squared_logarithmic_error",
        "Mean squared log error: for positive targets spanning magnitudes",
        frozenset({"continuous"}),
        "continuous",
    ),
    Loss(
        "charbonnier",
        "Charbonnier (custom): a smooth L1, differentiable at zero error",
        frozenset({"continuous"}),
        "continuous",
        custom=True,
    ),
)

METRICS: dict[str, Metric] = _by_name(
    Metric("accuracy", "Fraction of correct predictions", frozenset({"binary", "sparse", "one_hot"})),
    Metric("auc", "Area under the ROC curve", frozenset({"binary", "one_hot"})),
    Metric("precision", "Precision at threshold 0.5", frozenset({"binary", "one_hot"})),
    Metric("recall", "Recall at threshold 0.5", frozenset({"binary", "one_hot"})),
    Metric("f1", "F1 score (macro average over classes)", frozenset({"binary", "one_hot"})),
    Metric("mae", "Mean absolute error", frozenset({"continuous"})),
    Metric("rmse", "Root mean squared error", frozenset({"continuous"})),
    Metric(
        "psnr",
        "Peak signal-to-noise ratio in dB (custom), for targets in [0, 1]",
        frozenset({"continuous"}),
        custom=True,
    ),
)

OPTIMIZERS: dict[str, Optimizer] = _by_name(
    Optimizer("adam", "Adam: adaptive moments; a safe first choice"),
    Optimizer(
        "adamw",
        "AdamW: Adam with decoupled weight decay",
        (Param("weight_decay", "float", 0.004, "decoupled weight decay", minimum=0.0),),
    ),
    Optimizer("nadam", "Nadam: Adam with Nesterov momentum"),
    Optimizer(
        "sgd",
        "SGD with momentum, optionally Nesterov",
        (
            Param("momentum", "float", 0.9, "momentum", minimum=0.0),
            Param("nesterov", "bool", False, "use Nesterov momentum"),
        ),
    ),
    Optimizer("rmsprop", "RMSprop: divides by a running RMS of the gradients"),
    Optimizer("adagrad", "Adagrad: per-parameter rates that shrink with use"),
    Optimizer(
        "lion",
        "Lion: sign-based updates; use a learning rate 3-10x smaller than Adam's",
        (Param("weight_decay", "float", 0.004, "decoupled weight decay", minimum=0.0),),
    ),
)

SCHEDULES: dict[str, Schedule] = _by_name(
    Schedule("constant", "Constant rate, reduced when the validation loss stops improving"),
    Schedule(
        "step_decay",
        "Halve the rate every N epochs",
        (Param("decay_every", "int", 10, "epochs between halvings", minimum=1),),
    ),
    Schedule("cosine", "Cosine decay from the initial rate to zero over the epochs"),
)

DATA_SOURCES: dict[str, DataSource] = _by_name(
    DataSource(
        "image_folders",
        "A folder with one sub-folder of images (PNG, JPEG, BMP, GIF) per class",
        _IMAGE,
        "folder whose sub-folders are the classes",
        "data/images",
    ),
    DataSource(
        "csv",
        "A CSV file with a header: numeric feature columns and a target column",
        frozenset({"table"}),
        "CSV file",
        "data/table.csv",
    ),
    DataSource(
        "npz",
        "A NumPy .npz file with arrays `x` (samples first) and `y` (labels or targets)",
        _ANY_INPUT,
        ".npz file with arrays `x` and `y`",
        "data/arrays.npz",
    ),
)

_IMAGES = (2, 8, 8, 3)
_EPSILON_HELP = "keeps the gradient finite at zero error"

# Each kind of part and the project folder (a package) that holds its modules.
PART_FOLDERS = {"layer": "layers", "loss": "losses", "metric": "metrics"}

PARTS: dict[str, dict[str, Part]] = {
    "layer": _by_name(
        Part(
            "layer",
            "resize",
            "Resize images by a scale factor (bilinear, bicubic or nearest)",
            (
                Param("scale", "float", 2.0, "factor applied to height and width", minimum=0.01),
                Param(
                    "method",
                    "str",
                    "bilinear",
                    "interpolation",
                    choices=("bilinear", "bicubic", "nearest"),
                ),
            ),
            sample_shape=_IMAGES,
        ),
        Part(
            "layer",
            "scale",
            "Multiply by learned weights, one per feature or one in all",
            (
                Param("initial_value", "float", 1.0, "starting value of the weights"),
                Param("per_channel", "bool", True, "one weight per feature (last axis) instead of one in all"),
            ),
            sample_shape=_IMAGES,
            has_weights=True,
        ),
        Part(
            "layer",
            "standardize",
            "Subtract the mean and divide by the standard deviation, per sample",
            (
                Param("axis", "int", -1, "axis along which the mean and deviation are taken"),
                Param("epsilon", "float", 1e-6, "added to the variance before the square root", minimum=0.0),
            ),
            sample_shape=(2, 6),
        ),
        Part("layer", "blank", "An identity layer with every method in place, to edit", sample_shape=(2, 6)),
    ),
    "loss": _by_name(
        Part(
            "loss",
            "charbonnier",
            "Charbonnier: a smooth L1, differentiable at zero error",
            (Param("epsilon", "float", 1e-3, _EPSILON_HELP, minimum=0.0),),
            class_name="CharbonnierLoss",
            minimum="loss.epsilon",
        ),
        Part("loss", "quartic", "Mean quartic error: punishes large errors more than the squared error"),
        Part(
            "loss",
            "dice",
            "Soft Dice loss for masks: 1 - overlap / size, on probabilities",
            (Param("smooth", "float", 1.0, "added to both sides of the ratio; keeps empty masks finite", minimum=0.0),),
            targets="binary",
        ),
        Part(
            "loss",
            "focal",
            "Binary focal loss: cross-entropy that down-weights easy examples",
            (
                Param("gamma", "float", 2.0, "focusing power; 0 gives weighted cross-entropy", minimum=0.0),
                Param("alpha", "float", 0.25, "weight of the positive class", minimum=0.0),
            ),
            targets="binary",
        ),
        Part("loss", "blank", "Mean squared error with every method in place, to edit"),
    ),
    "metric": _by_name(
        Part(
            "metric",
            "psnr",
            "Peak signal-to-noise ratio in dB, averaged over samples",
            (Param("max_value", "float", 1.0, "largest possible value (1 for data in [0, 1])", minimum=0.0),),
            class_name="PeakSignalToNoiseRatio",
            sample_shape=(2, 4, 4, 1),
            known=(0.0, 0.1, 20.0),  # mean squared error 0.01 -> 10 * log10(1 / 0.01)
        ),
        Part(
            "metric",
            "ssim",
            "Structural similarity of images (uniform window), averaged over samples",
            (
                Param("max_value", "float", 1.0, "largest possible value (1 for data in [0, 1])", minimum=0.0),
                Param("window_size", "int", 7, "height and width of the sliding window", minimum=1),
            ),
            sample_shape=(2, 8, 8, 1),
            # constant images a = 0.2, b = 0.4: (2ab + c1) / (a^2 + b^2 + c1), c1 = (0.01 * 1)^2
            known=(0.2, 0.4, (2 * 0.2 * 0.4 + 1e-4) / (0.2**2 + 0.4**2 + 1e-4)),
        ),
        Part(
            "metric",
            "blank",
            "Mean absolute error, averaged over samples, with every method in place, to edit",
            known=(0.0, 0.5, 0.5),
        ),
    ),
}

FORMATTERS = ("ruff", "black")


def losses_for(task: str) -> list[str]:
    """Names of the losses that fit `task`'s target."""
    target = TASKS[task].target
    return [name for name, loss in LOSSES.items() if target in loss.targets]


def metrics_for(loss: str) -> list[str]:
    """Names of the metrics that can read the labels `loss` trains on."""
    labels = LOSSES[loss].labels
    return [name for name, metric in METRICS.items() if labels in metric.labels]


def blocks_for(task: str) -> list[str]:
    """Names of the blocks that fit `task`'s input."""
    kind = TASKS[task].input
    return [name for name, block in BLOCKS.items() if kind in block.inputs]


def data_sources_for(task: str) -> list[str]:
    """Names of the data sources that hold `task`'s input."""
    kind = TASKS[task].input
    return [name for name, source in DATA_SOURCES.items() if kind in source.inputs]


def tasks_where(predicate) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the tasks for which `predicate(task)` holds."""
    return [name for name, task in TASKS.items() if predicate(task)]
