"""The questions of `kgen new`, in the order they are asked, built from the catalog.

Each question knows its answer key, its type, its one-line help, its default, when it is
asked, and which catalog choices fit the answers before it. `kgen.prompts` asks them,
`kgen.cli` turns each into a flag, `kgen.spec` validates against them and
`kgen.copier_yml` writes them as copier questions (with Jinja for the dynamic parts), so
plain `copier copy` asks the same things.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kgen import catalog

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class When:
    """Ask a question only when the answer to `key` is one of `values` (and `also` holds)."""

    key: str
    values: tuple[str, ...]
    also: When | None = None

    def holds(self, answers: Answers) -> bool:
        """Whether the condition holds for these answers."""
        return self.failing(answers) is None

    def failing(self, answers: Answers) -> When | None:
        """The first single condition these answers fail, or `None`."""
        if answers.get(self.key) not in self.values:
            return When(self.key, self.values)
        return self.also.failing(answers) if self.also else None

    def describe(self) -> str:
        """The condition in words, for `--help`: "data_source is csv", "task is not tabular_multi_output".

        A condition on many tasks names what they share (their input or output kind), or the
        few tasks it leaves out, rather than listing them all.
        """
        words = _tasks_in_words(self.values) if self.key == "task" else None
        words = words or f"{self.key} is {_either(self.values)}"
        return words + (" and " + self.also.describe() if self.also else "")

    def jinja(self) -> str:
        """The same condition as a copier `when:` expression."""
        return "{{ " + self.expression() + " }}"

    def expression(self) -> str:
        """The condition as a Jinja expression."""
        test = self.key + " in " + str(list(self.values))
        return test + (" and " + self.also.expression() if self.also else "")


INPUT_FAMILIES = {"image": "image", "table": "tabular", "text": "text", "series": "series", "pixels": "image-to-image"}
"""Each input kind's tasks, as `--help` names them ("an image-to-image task")."""
_FEW = 3
"""Up to this many tasks are listed by name; more are described."""


def _either(names: tuple[str, ...] | list[str], word: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    return ", ".join(names[:-1]) + f" {word} " + names[-1] if len(names) > 1 else names[0]


def _tasks_in_words(values: tuple[str, ...]) -> str | None:
    """The tasks as few words say them: "task is not X", "task is an image or image-to-image task",
    "task has a binary or continuous output"; `None` when naming them is shortest."""
    everything = list(catalog.TASKS)
    if len(values) <= _FEW:
        return None
    left_out = [name for name in everything if name not in values]
    if len(left_out) <= 2:
        return f"task is {'neither ' + _either(left_out, 'nor') if len(left_out) == 2 else 'not ' + left_out[0]}"
    for attribute in ("input", "output"):
        kinds = list(dict.fromkeys(getattr(catalog.TASKS[name], attribute) for name in values))
        whole = [name for name in everything if getattr(catalog.TASKS[name], attribute) in kinds]
        if sorted(whole) == sorted(values):
            if attribute == "output":
                return f"task has a {_either(kinds)} output"
            families = _either([INPUT_FAMILIES[kind] for kind in kinds])
            return f"task is {'an' if families[0] in 'aeiou' else 'a'} {families} task"
    return None


@dataclass(frozen=True)
class ByAnswer:
    """A default looked up from the answer to `key`."""

    key: str
    mapping: Mapping[str, Any]

    def value(self, answers: Answers) -> Any:
        """The default for these answers."""
        return self.mapping[answers[self.key]]

    def example(self, answers: Answers) -> Any:
        """The default for these answers, or one it can take while `key` is not answered yet."""
        return self.mapping.get(answers.get(self.key), next(iter(self.mapping.values())))


@dataclass(frozen=True)
class Fits:
    """The catalog entries a choice question offers, and which answers each one fits.

    Args:
        entries: Name -> one-line help, in the order offered.
        key: The earlier answer that decides what fits (e.g. `task`).
        fits: Name -> the values of `key` it fits.
        also: A second condition each name must also meet (metrics fit a loss and a task).
    """

    entries: Mapping[str, str]
    key: str | None = None
    fits: Mapping[str, tuple[str, ...]] | None = None
    also: Fits | None = None

    def names(self, answers: Answers) -> list[str]:
        """The names that fit these answers, in catalog order."""
        names = list(self.entries)
        if self.key is not None and self.fits is not None:
            value = answers.get(self.key)
            names = [name for name in names if value in self.fits[name]]
        if self.also is not None:
            names = [name for name in names if name in self.also.names(answers)]
        return names


@dataclass(frozen=True)
class Question:
    """One question of `kgen new`.

    Args:
        key: Answer key, copier variable and flag name (`--data-path` for `data_path`).
        kind: `str`, `int`, `float`, `bool`, `choice`, `multichoice`, `columns` (one or more),
            `column_subset` (any number, none included), `counts` (column -> whole number),
            `weights` (column -> number) or `blocks`.
        help: One line shown in prompts and `--help`.
        default: A constant, a `ByAnswer`, or a callable of the earlier answers.
        when: Ask only when this holds; otherwise the question has no answer.
        choices: For `choice` and `multichoice`: what is offered and what fits.
        pattern: For `str`: a regular expression the answer must match in full.
        minimum: For numbers: the smallest allowed value.
        maximum: For numbers: the largest allowed value.
        optional: For `str`: the empty answer is allowed, and means none.
        copier_help: The help `copier.yml` shows instead, where plain copier reads the answer
            otherwise than kgen does (a Jinja template: copier renders it with the answers so far).
    """

    key: str
    kind: str
    help: str
    default: Any = None
    when: When | None = None
    choices: Fits | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    optional: bool = False
    copier_help: str | None = None

    @property
    def flag(self) -> str:
        """The command-line flag of this question."""
        return "--" + self.key.replace("_", "-")

    def asked(self, answers: Answers) -> bool:
        """Whether this question applies, given the earlier answers."""
        return self.when is None or self.when.holds(answers)

    def offered(self) -> list[str]:
        """The choices some answers offer: for a question asked for some tasks only, those that fit one of them."""
        assert self.choices is not None
        names = list(self.choices.entries)
        fits, when = self.choices, self.when
        if when is not None and fits.key == when.key and fits.fits is not None:
            names = [name for name in names if set(fits.fits[name]) & set(when.values)]
        return names

    def example_for(self, answers: Answers) -> Any:
        """An example answer for a hint: the default, even before the answer it depends on is known."""
        if isinstance(self.default, ByAnswer):
            return self.default.example(answers)
        return self.default_for(answers)

    def default_for(self, answers: Answers) -> Any:
        """The default answer, given the earlier answers."""
        if isinstance(self.default, ByAnswer):
            return self.default.value(answers)
        if callable(self.default):
            return self.default(answers)
        return self.default


def _helps(entries: Mapping[str, Any]) -> dict[str, str]:
    return {name: entry.help for name, entry in entries.items()}


def _tasks_fitting(test: Callable[[catalog.Task], bool]) -> tuple[str, ...]:
    return tuple(catalog.tasks_where(test))


def _from_source(key: str, also: When | None = None) -> When:
    """Ask `key` where the data source's files raise it (`DataSource.asks`), and `also` holds."""
    return When("data_source", catalog.sources_asking(key), also)


def _yaml_flow(blocks: tuple[Mapping[str, Any], ...]) -> str:
    """Blocks as a short YAML list: `[{block: conv, filters: 32}, {block: dense}]`."""
    shown = [
        ", ".join(f"{key}: {str(value).lower() if isinstance(value, bool) else value}" for key, value in b.items())
        for b in blocks
    ]
    return "[" + ", ".join("{" + block + "}" for block in shown) + "]"


def _params_of(entries: Mapping[str, Any], key: str) -> list[Question]:
    """One question per parameter name of `entries` (optimizers, schedules)."""
    questions: dict[str, Question] = {}
    for name, entry in entries.items():
        for param in entry.params:
            owners = questions[param.name].when.values if param.name in questions else ()
            questions[param.name] = Question(
                param.name,
                param.kind,
                param.help[:1].upper() + param.help[1:],
                param.default,
                When(key, (*owners, name)),  # type: ignore[union-attr]
                minimum=param.minimum,
            )
    return list(questions.values())


IMAGE_TASKS = _tasks_fitting(lambda task: task.input == "image")
PIXEL_TASKS = _tasks_fitting(lambda task: task.input == "pixels")
SUPER_RESOLUTION_TASKS = _tasks_fitting(lambda task: task.output == "upscaled")
DENOISING_TASKS = _tasks_fitting(lambda task: task.output == "denoised")
SEGMENTATION_TASKS = _tasks_fitting(lambda task: task.output == "mask")
TEXT_TASKS = _tasks_fitting(lambda task: task.input == "text")
SERIES_TASKS = _tasks_fitting(lambda task: task.input == "series")
MULTICLASS_TASKS = _tasks_fitting(lambda task: task.output == "multiclass")
ONE_TARGET_TASKS = _tasks_fitting(lambda task: task.output in catalog.ONE_TARGET)
SEVERAL_TARGET_TASKS = _tasks_fitting(lambda task: task.output in catalog.SEVERAL_TARGETS)
MULTI_OUTPUT_TASKS = _tasks_fitting(lambda task: task.output == "multi_output")
LOSS_TASKS = _tasks_fitting(lambda task: task.output != "multi_output")  # multi-output: a loss per head

PROJECT_NAME_PATTERN = r"[a-z][a-z0-9_-]*"
PACKAGE_PATTERN = r"[a-z][a-z0-9_]*"  # a leading `_` is not a valid TensorFlow scope name

QUESTIONS: tuple[Question, ...] = (
    Question(
        "project_name",
        "str",
        "Project name: lower case letters, digits, `-` and `_`, starting with a letter",
        "keras-project",
        pattern=PROJECT_NAME_PATTERN,
    ),
    Question(
        "package",
        "str",
        "Python package name (import name)",
        lambda answers: str(answers["project_name"]).replace("-", "_"),
        pattern=PACKAGE_PATTERN,
    ),
    Question(
        "task",
        "choice",
        "What the model predicts",
        "image_multiclass",
        choices=Fits(_helps(catalog.TASKS)),
    ),
    Question(
        "data_source",
        "choice",
        "Where the data comes from",
        ByAnswer("task", {name: task.default_data_source for name, task in catalog.TASKS.items()}),
        choices=Fits(
            _helps(catalog.DATA_SOURCES),
            "task",
            {
                name: tuple(t for t in catalog.TASKS if name in catalog.data_sources_for(t))
                for name in catalog.DATA_SOURCES
            },
        ),
    ),
    Question(
        "input_folder",
        "str",
        "Sub-folder of the data folder that holds the inputs (low-resolution or noisy images)",
        "inputs",
        _from_source("input_folder"),
    ),
    Question(
        "target_folder",
        "str",
        "Sub-folder of the data folder that holds the targets, each named like its input",
        "targets",
        _from_source("target_folder"),
    ),
    Question(
        "input_key",
        "str",
        "Name of the array of inputs in the .npz file (low-resolution or noisy images, samples first)",
        "x",
        _from_source("input_key"),
    ),
    Question(
        "target_key",
        "str",
        "Name of the array of targets in the .npz file, one per input",
        "y",
        _from_source("target_key"),
    ),
    Question(
        "data_path",
        "str",
        "Path to the data, absolute or relative to the current folder",
        ByAnswer("data_source", {name: source.example_path for name, source in catalog.DATA_SOURCES.items()}),
        copier_help="Path to the data, absolute or relative to the project (copier writes it as it is given)",
    ),
    Question(
        "text_column",
        "str",
        "CSV column that holds the text",
        "text",
        _from_source("text_column"),
    ),
    Question(
        "time_column",
        "str",
        "CSV column with each row's time (numbers or ISO dates like 2024-03-01 13:00); rows are sorted by it. "
        "Empty: the rows are in time order already",
        "",
        _from_source("time_column"),
        optional=True,
    ),
    Question(
        "target_column",
        "str",
        "CSV column that holds the target",
        "target",
        _from_source("target_column", When("task", ONE_TARGET_TASKS + SERIES_TASKS)),
    ),
    Question(
        "value_columns",
        "columns",
        "Numeric CSV columns each window holds, the target among them (comma-separated)",
        [],
        _from_source("value_columns"),
    ),
    Question(
        "target_columns",
        "columns",
        "CSV columns that hold the targets, comma-separated (0/1 columns for a multi-label task)",
        [],
        When("task", SEVERAL_TARGET_TASKS),
    ),
    Question(
        "class_targets",
        "counts",
        "Target columns that hold classes, each with its class count (`species=3`); the others are numbers",
        {},
        When("task", MULTI_OUTPUT_TASKS),
    ),
    Question(
        "feature_columns",
        "columns",
        "CSV columns the model reads (comma-separated)",
        [],
        _from_source("feature_columns"),
    ),
    Question(
        "delimiter",
        "choice",
        "What separates the CSV's fields",
        "comma",
        _from_source("delimiter"),
        choices=Fits({name: f"`{char}`" if char != "\t" else "a tab" for name, char in catalog.DELIMITERS.items()}),
    ),
    Question(
        "categorical_columns",
        "column_subset",
        "Feature columns that hold categories (text, or a few whole numbers), one-hot encoded in the model",
        [],
        _from_source("categorical_columns"),
    ),
    Question(
        "columns_with_gaps",
        "column_subset",
        "Numeric feature columns with empty cells: filled with the training mean, plus an is-missing input",
        [],
        _from_source("columns_with_gaps"),
    ),
    Question(
        "max_categories",
        "int",
        "Most values a categorical column may take (one more slot takes values never seen)",
        10,
        _from_source("max_categories"),
        minimum=1,
    ),
    Question(
        "num_classes",
        "int",
        "Number of classes",
        10,
        When("task", MULTICLASS_TASKS),
        minimum=3,
    ),
    Question(
        "image_height", "int", "Image height the model reads, in pixels", 64, When("task", IMAGE_TASKS), minimum=1
    ),
    Question("image_width", "int", "Image width the model reads, in pixels", 64, When("task", IMAGE_TASKS), minimum=1),
    Question(
        "channels",
        "int",
        "Channels: 1 for grayscale, 3 for RGB",
        3,
        When("task", IMAGE_TASKS + PIXEL_TASKS),
        minimum=1,
        maximum=4,
    ),
    Question(
        "pixel_max",
        "int",
        "Pixel values in the .npz arrays run from 0 to this: 255 for 8-bit values (any dtype), 1 for floats in [0, 1]",
        255,
        _from_source("pixel_max"),
        minimum=1,
    ),
    Question(
        "mask_colors",
        "column_subset",
        "Colors of the classes in the mask files, in class order, background first (`#000000,#ff0000`); "
        "none: masks hold class indices 0, 1, ... as gray values",
        [],
        _from_source("mask_colors"),
    ),
    Question(
        "mask_classes",
        "int",
        "Classes in the masks, background (0) included",
        2,
        When("task", SEGMENTATION_TASKS),
        minimum=2,
    ),
    Question(
        "scale",
        "int",
        "How many times larger the output is than the input, in height and width: 2, 3 or 4",
        2,
        When("task", SUPER_RESOLUTION_TASKS),
        minimum=2,
        maximum=4,
    ),
    Question(
        "downscale",
        "choice",
        "How each low-resolution input is made from its image",
        "bicubic",
        _from_source("downscale", When("task", SUPER_RESOLUTION_TASKS)),
        choices=Fits(
            {
                "bicubic": "bicubic with antialiasing, as MATLAB's imresize makes most benchmark inputs",
                "area": "the average of each block of pixels",
            }
        ),
    ),
    Question(
        "noise",
        "float",
        "Standard deviation of the Gaussian noise added to each image, in 0-255 pixel values (25 is common)",
        25.0,
        _from_source("noise", When("task", DENOISING_TASKS)),
        minimum=1.0,
        maximum=255.0,
    ),
    Question(
        "patch_size",
        "int",
        "Height and width of the random target crops training reads (validation and test read whole images)",
        48,
        When("task", PIXEL_TASKS),
        minimum=8,  # the SSIM loss and metric slide a 7x7 window
    ),
    Question(
        "crops_per_image",
        "int",
        "Random crops of each training image per epoch; from the data: how many patches the images' mean area "
        "holds (at least 1), so that an epoch covers each image about once",
        1,
        When("task", PIXEL_TASKS),
        minimum=1,
    ),
    Question(
        "preprocessing",
        "choice",
        "How the model scales its raw inputs (a layer inside the model, so `model.keras` takes raw inputs)",
        "normalize",
        When("task", IMAGE_TASKS),
        choices=Fits(
            _helps(catalog.STEMS),
            "task",
            {name: tuple(t for t in catalog.TASKS if name in catalog.stems_for(t)) for name in catalog.STEMS},
        ),
    ),
    Question(
        "max_tokens",
        "int",
        "Vocabulary size: the most frequent words in training get a token, the others one shared token",
        20000,
        When("task", TEXT_TASKS),
        minimum=3,
    ),
    Question(
        "sequence_length",
        "int",
        "Tokens the model reads per text: longer texts are cut, shorter ones padded",
        200,
        When("task", TEXT_TASKS),
        minimum=1,
    ),
    Question(
        "standardize",
        "choice",
        "How texts are cleaned before they are split into words",
        "lower_and_strip_punctuation",
        When("task", TEXT_TASKS),
        choices=Fits(
            {
                "lower_and_strip_punctuation": "lower case, punctuation removed",
                "lower": "lower case, punctuation kept (attached to words)",
                "strip_punctuation": "case kept, punctuation removed",
                "none": "the text as it is, split on whitespace",
            }
        ),
    ),
    Question(
        "window",
        "int",
        "Past rows each forecast reads (the window)",
        24,
        When("task", SERIES_TASKS),
        minimum=1,
    ),
    Question(
        "horizon",
        "int",
        "Rows forecast after each window: 1 for the next value, k for the next k",
        1,
        When("task", SERIES_TASKS),
        minimum=1,
    ),
    Question(
        "period",
        "int",
        "Rows in one season (24 for hourly rows with a daily cycle), for the seasonal-naive baseline; 0 for none",
        0,
        When("task", SERIES_TASKS),
        minimum=0,
    ),
    Question(
        "num_features",
        "int",
        "Number of features per sample in `x`",
        8,
        _from_source("num_features"),
        minimum=1,
    ),
    Question(
        "validation_split",
        "float",
        "Fraction of the data held out for validation",
        0.2,
        minimum=0.0,
        maximum=0.5,
    ),
    Question("test_split", "float", "Fraction of the data held out for the final test", 0.1, minimum=0.0, maximum=0.5),
    Question(
        "blocks",
        "blocks",
        "Architecture: blocks in order",
        ByAnswer("task", {name: list(task.default_blocks) for name, task in catalog.TASKS.items()}),
        copier_help="Architecture: blocks in order, a YAML list, e.g. {{ "
        + json.dumps({name: _yaml_flow(task.default_blocks) for name, task in catalog.TASKS.items()})
        + "[task] }}",
    ),
    Question(
        "loss",
        "choice",
        "Loss",
        ByAnswer("task", {name: catalog.default_loss(name) for name in catalog.TASKS}),
        When("task", LOSS_TASKS),
        choices=Fits(
            _helps(catalog.LOSSES),
            "task",
            {
                name: _tasks_fitting(lambda task, loss=loss: task.output in loss.outputs)
                for name, loss in catalog.LOSSES.items()
            },
        ),
    ),
    Question(
        "metrics",
        "multichoice",
        "Metrics (comma-separated)",
        lambda answers: [
            name
            for name in catalog.default_metrics(answers["task"])
            if name in catalog.metrics_for(answers["loss"], answers["task"])
        ],
        When("task", LOSS_TASKS),
        choices=Fits(
            _helps(catalog.METRICS),
            "loss",
            {
                name: tuple(loss for loss in catalog.LOSSES if name in catalog.metrics_for(loss))
                for name in catalog.METRICS
            },
            also=Fits(
                _helps(catalog.METRICS),
                "task",
                {
                    name: _tasks_fitting(
                        lambda task, metric=metric: not metric.outputs or task.output in metric.outputs
                    )
                    for name, metric in catalog.METRICS.items()
                },
            ),
        ),
    ),
    Question(
        "loss_weights",
        "weights",
        "How much each target's loss counts in the sum minimized (`price=1,species=0.5`; 1 where left out)",
        lambda answers: dict.fromkeys(answers["target_columns"], 1.0),
        When("task", MULTI_OUTPUT_TASKS),
    ),
    Question(
        "optimizer",
        "choice",
        "Optimizer",
        "adam",
        choices=Fits(
            _helps(catalog.OPTIMIZERS),
            "task",
            {
                name: _tasks_fitting(lambda task, optimizer=optimizer: task.output in optimizer.outputs)
                for name, optimizer in catalog.OPTIMIZERS.items()
            },
        ),
    ),
    *_params_of(catalog.OPTIMIZERS, "optimizer"),
    Question(
        "learning_rate",
        "float",
        "Initial learning rate",
        ByAnswer("optimizer", {name: optimizer.learning_rate for name, optimizer in catalog.OPTIMIZERS.items()}),
        minimum=1e-9,
    ),
    Question("schedule", "choice", "Learning-rate schedule", "constant", choices=Fits(_helps(catalog.SCHEDULES))),
    *_params_of(catalog.SCHEDULES, "schedule"),
    Question(
        "epochs",
        "int",
        "Most epochs to train (early stopping may end sooner)",
        ByAnswer("task", {name: catalog.INPUT_KINDS[task.input].epochs for name, task in catalog.TASKS.items()}),
        minimum=1,
    ),
    Question("batch_size", "int", "Batch size", 32, minimum=1),
    Question(
        "backend",
        "choice",
        "Keras backend the project installs and runs on",
        "tensorflow",
        choices=Fits(_helps(catalog.BACKENDS)),
    ),
    Question(
        "precision",
        "choice",
        "Floating-point precision the layers compute in (variables and the loss stay float32)",
        "float32",
        choices=Fits(_helps(catalog.PRECISIONS)),
    ),
    Question(
        "distribution",
        "choice",
        "How training spreads over several devices or machines",
        "none",
        choices=Fits(
            _helps(catalog.DISTRIBUTIONS),
            "backend",
            {name: distribution.backends for name, distribution in catalog.DISTRIBUTIONS.items()},
        ),
    ),
)

BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}
