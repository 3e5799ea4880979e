"""Tasks (an input kind x an output kind x a split kind), and what fits each."""

from __future__ import annotations

from dataclasses import dataclass

from kgen.catalog.base import by_name
from kgen.catalog.blocks import BLOCKS
from kgen.catalog.inputs import STEMS
from kgen.catalog.losses import LOSSES
from kgen.catalog.metrics import METRICS
from kgen.catalog.outputs import OUTPUT_KINDS
from kgen.catalog.sources import DATA_SOURCES


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

TASKS: dict[str, Task] = by_name(
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


def tasks_where(predicate) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the tasks for which `predicate(task)` holds."""
    return [name for name, task in TASKS.items() if predicate(task)]
