"""Every choice kgen offers, with its help, parameters and what it fits.

This package is data only: no I/O, no Click, no copier. Prompts, `--help`, validation
(`kgen.spec`), the generated `copier.yml` (`kgen.copier_yml`) and the tests all read it,
so a choice exists in exactly one place. Each kind of choice has its module; this one
gathers their names, so `from kgen import catalog; catalog.BLOCKS` reads any of them.

A task (`tasks`) is an *input kind* x an *output kind* x a *split kind*, read from a *data
source*:

- the input kind (`inputs`: images, table rows, texts, series, images of any size) has
  stems: the `keras.Input` and the preprocessing inside the model, with the `adapt` that
  fits it to the training split (`templates/partials/stems/<stem>/`);
- the output kind (`outputs`: classes, labels, numbers, forecasts, images, masks) has a
  head: the last layer, the default loss and metrics, the baseline `evaluate` compares with,
  and what `predict` prints (`templates/partials/heads/<output>/`);
- the split kind (`outputs.SPLITS`) says how examples are dealt into train, validation and
  test (`templates/partials/splits/<split>.py.jinja`);
- a data source (`sources`) has a loader, what `predict` reads, and a test fixture that
  writes files of its format (`templates/partials/sources/<source>/`).

Between the stem and the head the model runs the chosen blocks (`blocks`), with the pooling
kgen places where maps or sequences meet vectors. A loss (`losses`) fixes how labels are
encoded (`binary`, `sparse`, `one_hot`, `continuous`; `templates/partials/labels/<labels>/`),
and a metric (`metrics`) lists the label encodings it can read. `optimizers` and `schedules`
train the model, and `runtime` says where (backend, precision, devices); `parts` holds the
ready-made bodies of `kgen add-*`. The import lines of the generated modules are declared
by the templates that write the code needing them (`kgen.template_imports`).
"""

from kgen.catalog.base import FORMATTERS, Param
from kgen.catalog.blocks import BLOCKS, POOLINGS, AutoParam, Block, auto_params, poolings
from kgen.catalog.inputs import INPUT_KINDS, SHAPES, STEMS, InputKind, Stem
from kgen.catalog.losses import LOSSES, Loss
from kgen.catalog.metrics import METRICS, Metric
from kgen.catalog.optimizers import OPTIMIZERS, Optimizer
from kgen.catalog.outputs import (
    IMAGE_OUTPUTS,
    ONE_TARGET,
    OUTPUT_KINDS,
    PIXEL_OUTPUTS,
    SEVERAL_TARGETS,
    SPLITS,
    OutputKind,
    Split,
)
from kgen.catalog.parts import PART_FOLDERS, PARTS, Part
from kgen.catalog.runtime import BACKENDS, DISTRIBUTIONS, KERAS, PRECISIONS, Backend, Distribution, Precision
from kgen.catalog.schedules import SCHEDULES, Schedule
from kgen.catalog.sources import DATA_SOURCES, DELIMITERS, DataSource, image_file_sources, sources_asking
from kgen.catalog.tasks import (
    DENOISING_BLOCKS_DEFAULT,
    IMAGE_BLOCKS_DEFAULT,
    SEGMENTATION_BLOCKS_DEFAULT,
    SERIES_BLOCKS_DEFAULT,
    SUPER_RESOLUTION_BLOCKS_DEFAULT,
    TABLE_BLOCKS_DEFAULT,
    TASKS,
    TEXT_BLOCKS_DEFAULT,
    Task,
    blocks_for,
    data_sources_for,
    default_loss,
    default_metrics,
    losses_for,
    metrics_for,
    stems_for,
    tasks_where,
)

__all__ = [
    "BACKENDS",
    "DISTRIBUTIONS",
    "KERAS",
    "PRECISIONS",
    "Backend",
    "Distribution",
    "Precision",
    "BLOCKS",
    "DATA_SOURCES",
    "DELIMITERS",
    "DENOISING_BLOCKS_DEFAULT",
    "FORMATTERS",
    "IMAGE_BLOCKS_DEFAULT",
    "IMAGE_OUTPUTS",
    "INPUT_KINDS",
    "LOSSES",
    "METRICS",
    "ONE_TARGET",
    "OPTIMIZERS",
    "OUTPUT_KINDS",
    "PARTS",
    "PART_FOLDERS",
    "PIXEL_OUTPUTS",
    "POOLINGS",
    "SCHEDULES",
    "SEGMENTATION_BLOCKS_DEFAULT",
    "SERIES_BLOCKS_DEFAULT",
    "SEVERAL_TARGETS",
    "SHAPES",
    "SPLITS",
    "STEMS",
    "SUPER_RESOLUTION_BLOCKS_DEFAULT",
    "TABLE_BLOCKS_DEFAULT",
    "TASKS",
    "TEXT_BLOCKS_DEFAULT",
    "AutoParam",
    "Block",
    "DataSource",
    "InputKind",
    "Loss",
    "Metric",
    "Optimizer",
    "OutputKind",
    "Param",
    "Part",
    "Schedule",
    "Split",
    "Stem",
    "Task",
    "auto_params",
    "blocks_for",
    "data_sources_for",
    "default_loss",
    "default_metrics",
    "image_file_sources",
    "losses_for",
    "metrics_for",
    "poolings",
    "sources_asking",
    "stems_for",
    "tasks_where",
]
