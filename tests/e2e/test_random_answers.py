"""Random valid answer sets of `kgen new`: render each, lint it, and run the project's own tests.

The answers are drawn from the questions and the catalog, walking `kgen.questions.QUESTIONS` in
order as `kgen.spec.resolve` does: a question gets an answer only when it is asked; a choice is
drawn from those that fit the answers before it; blocks from those that fit the task, with
parameters within the catalog's ranges (small, so that each project tests in seconds); and some
answers are left to kgen's defaults. The data an answer set names is written to fit it
(`tests/e2e/datasets.py`); what the data decides is either left to `--defaults` or given to match.

kgen may still refuse a set with one of its own refusals (exit 2, `Error:` and a `hint:`): that
passes, and is printed. Anything else fails with the seed, the answers and the output's tail: a
traceback, a render, `ruff`, plain copier rendering unformatted code, or the project's own tests.

Each run draws a new seed, shown in the test ids, the output and every failure;
`KGEN_RANDOM_SEED=<seed> pytest tests/e2e/test_random_answers.py` draws the same answer sets again,
and `KGEN_RANDOM_ANSWER_SETS=<count>` draws more (or fewer) per run.
"""

from __future__ import annotations

import csv
import math
import os
import random
import re
import string
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from kgen import catalog, rules, spec
from kgen.questions import BY_KEY, QUESTIONS, Question
from tests.e2e import datasets
from tests.e2e.test_matrix import assert_the_template_renders_formatted_code

pytestmark = pytest.mark.e2e

SEED_VARIABLE = "KGEN_RANDOM_SEED"
COUNT_VARIABLE = "KGEN_RANDOM_ANSWER_SETS"
ANSWER_SETS = 3
"""Answer sets per run: each renders a project and runs its tests (about 30 s on 2 cores)."""

LEAVE_OUT = 0.25
"""The chance that an answer, or a block parameter, is left to kgen's default."""

MAX_BLOCKS = 3

# Where numbers are drawn, by answer or parameter name, clipped to the catalog's own range: small
# models, and values a model still learns with (the projects' tests overfit a batch). Numbers not
# named here are drawn between their minimum (or default) and their maximum (or twice the default).
RANGES: dict[str, tuple[float, float]] = {
    "filters": (4, 8),
    "units": (4, 16),
    "kernel_size": (1, 5),
    "strides": (1, 2),
    "num_layers": (1, 3),
    "growth_rate": (2, 6),
    "dropout": (0.0, 0.3),
    "momentum": (0.0, 0.95),
    "weight_decay": (0.0, 0.05),
    "decay_every": (1, 5),
    "epochs": (1, 30),
    "batch_size": (1, 64),
    "window": (4, 30),  # drawn by the series writer, which knows the data's rows
    "horizon": (1, 8),
}
# Numbers drawn as a factor of their default, on a log scale.
FACTORS: dict[str, tuple[float, float]] = {"learning_rate": (1 / 3, 3.0)}
EDGES = 0.1
"""The chance that a number is drawn at each end of its range."""

IMAGE_SIZES = (8, 16)
"""Height and width of the images written, and of the images the model reads when the data leaves it open."""

COLUMN_CHARACTERS = string.ascii_letters + string.digits + " _-.,;:?!$%&()[]{}'\"\\/#*+=<>|@^~`éµ"
NAME_CHARACTERS = string.ascii_lowercase + string.digits + "_-"
TAIL = 5000

Answers = dict[str, Any]


def run_seed(config: pytest.Config) -> int:
    """This run's seed: the environment's, else one shared by every pytest-xdist worker, else the clock's."""
    given = os.environ.get(SEED_VARIABLE, "").strip()
    if given:
        return int(given)
    worker = getattr(config, "workerinput", None)
    if worker is not None:  # the workers must collect the same answer sets
        return zlib.crc32(str(worker["testrunuid"]).encode()) % 1_000_000
    return time.time_ns() // 1000 % 1_000_000


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "answer_set" not in metafunc.fixturenames:
        return
    seed = run_seed(metafunc.config)
    count = int(os.environ.get(COUNT_VARIABLE, "").strip() or ANSWER_SETS)
    reporter = metafunc.config.pluginmanager.get_plugin("terminalreporter")
    capture = metafunc.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and not hasattr(metafunc.config, "workerinput"):
        with capture.global_and_fixture_disabled():  # collection output is captured
            reporter.write_line(f"random answer sets: {SEED_VARIABLE}={seed} (x{count})")
    metafunc.parametrize("answer_set", [(seed, index) for index in range(count)], ids=lambda s: f"seed{s[0]}-{s[1]}")


@dataclass
class Data:
    """Data written for an answer set, and the answers it decides.

    Args:
        path: The `data_path` answer.
        says: Answers the data decides: the value that matches it, or how to read it from the
            answers before (e.g. which of the chosen feature columns hold text).
        draws: Answers the data leaves open, and how to draw one that still fits it.
    """

    path: Path
    says: dict[str, Any | Callable[[Answers], Any]]
    draws: dict[str, Callable[[random.Random, Answers], Any]] = field(default_factory=dict)

    def value(self, key: str, answers: Answers) -> Any:
        said = self.says[key]
        return said(answers) if callable(said) else said


def _int_range(key: str) -> tuple[int, int]:
    question = BY_KEY[key]
    assert question.minimum is not None and question.maximum is not None, key
    return int(question.minimum), int(question.maximum)


def _image_size(rng: random.Random) -> int:
    return rng.randint(*IMAGE_SIZES)


def _image_folders(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    classes = 2 if task.output == "binary" else rng.randint(3, 4)
    height, width, channels = _image_size(rng), _image_size(rng), rng.choice((1, 3, 4))  # files have no 2
    path = datasets.image_folders_any_channels(root, classes=classes, size=(height, width), channels=channels)
    says = {"num_classes": classes, "image_height": height, "image_width": width, "channels": channels}
    resized = {"image_height": lambda r, answers: _image_size(r), "image_width": lambda r, answers: _image_size(r)}
    return Data(path, says, resized)  # the loader resizes the images to the answers' size


def _csv(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """A mixed CSV; a multi-label task gets two 0/1 columns, a multi-output one a class and a number."""
    target, delimiter = _column_name(rng), rng.choice(list(catalog.DELIMITERS))
    categories, gaps = rng.choice((0, rng.randint(2, 4))), rng.choice((0, rng.randint(1, 10)))
    clashing = rng.choice((0, rng.randint(1, len(datasets.CLASHING))))  # columns named alike, or like layers
    kind = {"multilabel": "flags", "multi_output": "multiclass"}.get(task.output, task.output)
    path = datasets.table_csv_mixed(
        root,
        target=target,
        kind=kind,
        delimiter=catalog.DELIMITERS[delimiter],
        categories=categories,
        gaps=gaps,
        clashing=clashing,
    )
    targets = [target]
    if task.output in catalog.SEVERAL_TARGETS:
        second = _column_name(rng)
        while second == target or second in ("leaf colour", "depth/m", *datasets.CLASHING):
            second = _column_name(rng)
        numbers = np.random.default_rng(rng.randint(0, 1000)).normal(size=60)
        values = [str(int(x > 0)) if task.output == "multilabel" else f"{x * 10 + 50:.3f}" for x in numbers]
        datasets.append_column(path, second, values, delimiter=catalog.DELIMITERS[delimiter])
        targets.append(second)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter=catalog.DELIMITERS[delimiter])
        rows = [{name.strip(): cell for name, cell in row.items()} for row in reader]  # as kgen reads the header
    features = [column for column in rows[0] if column not in targets]
    text = {column for column in features if any(row[column] and not _is_number(row[column]) for row in rows)}
    empty = {column for column in features if column not in text and any(not row[column] for row in rows)}

    def categorical(answers: Answers) -> list[str]:
        return [column for column in answers["feature_columns"] if column in text]

    def most(answers: Answers) -> int:
        return max([len({row[column] for row in rows}) for column in categorical(answers)], default=1)

    says: dict[str, Any] = {
        "target_column": target,
        "target_columns": targets,
        "class_targets": {target: 3},
        "feature_columns": features,
        "delimiter": delimiter,
        "categorical_columns": categorical,
        "columns_with_gaps": lambda answers: [column for column in answers["feature_columns"] if column in empty],
        "max_categories": most,
    }
    if task.output == "multiclass":
        says["num_classes"] = len({row[target] for row in rows})
    draws = {
        "feature_columns": lambda r, answers: r.sample(features, r.randint(1, len(features))),
        "max_categories": lambda r, answers: r.randint(most(answers), most(answers) + 5),
    }
    return Data(path, says, draws)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _npz(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    says: dict[str, Any] = {}
    if catalog.INPUT_KINDS[task.input].gives == "maps":
        height, width, channels = _image_size(rng), _image_size(rng), rng.randint(*_int_range("channels"))
        shape: tuple[int, ...] = (height, width, channels)
        if channels == 1 and rng.random() < 0.5:
            shape = (height, width)  # grayscale without a channel axis
        says |= {"image_height": height, "image_width": width, "channels": channels}
    else:
        shape = (rng.randint(1, 8),)
        says["num_features"] = shape[0]
    path = datasets.arrays_npz(root, shape=shape, kind=task.output)
    if task.output == "multiclass":
        with np.load(path) as arrays:
            says["num_classes"] = len(np.unique(arrays["y"]))
    return Data(path, says)


def _text_folders(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """Text class folders; kgen reads `sequence_length` and `max_tokens` from the texts when left open."""
    classes = 2 if task.output == "binary" else rng.randint(3, 4)
    return Data(datasets.text_folders(root, classes=classes), {"num_classes": classes})


def _text_csv(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """A CSV of texts and their classes, both columns with awkward names."""
    text = _column_name(rng)
    target = _column_name(rng)
    while target == text:
        target = _column_name(rng)
    says: dict[str, Any] = {"text_column": text, "delimiter": "comma"}
    if task.output == "multilabel":
        second = _column_name(rng)
        while second in (text, target):
            second = _column_name(rng)
        path = datasets.text_labels_csv(root, labels=(target, second), text=text)
        return Data(path, says | {"target_columns": [target, second]})
    kind = "binary" if task.output == "binary" else "multiclass"
    path = datasets.text_csv(root, target=target, kind=kind, text=text)
    return Data(path, says | {"num_classes": len(datasets.TEXT_CLASSES[kind]), "target_column": target})


def _series_csv(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """A series CSV, its rows in time order or not, with a dated time column or none; the period is the wave's."""
    time = rng.choice(("", _column_name(rng)))
    delimiter = rng.choice(list(catalog.DELIMITERS))
    path = datasets.series_csv(root, time=time, delimiter=catalog.DELIMITERS[delimiter], shuffled=bool(time))
    says: dict[str, Any] = {
        "time_column": time,
        "target_column": datasets.SERIES_VALUES[-1],
        "value_columns": datasets.SERIES_VALUES,
        "delimiter": delimiter,
    }
    draws = {
        "value_columns": lambda r, answers: r.choice([datasets.SERIES_VALUES, datasets.SERIES_VALUES[-1:]]),
        "window": lambda r, answers: r.randint(*RANGES["window"]),
        "period": lambda r, answers: r.choice((0, min(12, answers["window"]))),  # the season fits in the window
    }
    return Data(path, says, draws)


def _image_folder(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """Images of two sizes, gray or RGB: the targets of any scale."""
    channels, side = rng.choice((1, 3)), 12 * rng.randint(2, 3)
    path = datasets.pixel_images(root, channels=channels, sizes=((side, side + 12), (side + 12, side)))
    return Data(path, {"channels": channels}, {"patch_size": _patch_size(side)})


def _paired_folders(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """Paired input and target folders of two sizes, the inputs made at a scale drawn here (1 for denoising)."""
    channels, side = rng.choice((1, 3)), 12 * rng.randint(2, 3)
    scale = rng.randint(*_int_range("scale")) if task.output == "upscaled" else 1
    sizes = ((side, side + 12), (side + 12, side))
    path = datasets.pixel_images(root, channels=channels, sizes=sizes, pairs=("inputs", "targets"), scale=scale)
    says = {"channels": channels} | ({"scale": scale} if task.output == "upscaled" else {})
    return Data(path, says, {"patch_size": _patch_size(side)})


def _image_arrays(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """An `.npz` of input and target images under the default keys, the inputs made at a scale drawn here."""
    channels, side = rng.choice((1, 3)), 12 * rng.randint(2, 3)
    scale = rng.randint(*_int_range("scale")) if task.output == "upscaled" else 1
    dtype = rng.choice(("uint8", "int64", "float32", "float64/1", "float32/1"))
    path = datasets.image_arrays(
        root, channels=channels, size=(side, side + 12), keys=("x", "y"), scale=scale, dtype=dtype
    )
    says = {"channels": channels, "pixel_max": 1 if dtype.endswith("/1") else 255}
    says |= {"scale": scale} if task.output == "upscaled" else {}
    return Data(path, says, {"patch_size": _patch_size(side)})


def _mask_folders(rng: random.Random, root: Path, task: catalog.Task) -> Data:
    """Images and masks of two sizes, 2 to 4 classes: masks of class indices, or of colors (listed)."""
    channels, side, classes = rng.choice((1, 3)), 12 * rng.randint(2, 3), rng.randint(2, 4)
    colors = [[rng.randrange(256) for _ in range(3)] for _ in range(classes)] if rng.random() < 0.5 else None
    if colors and len({tuple(color) for color in colors}) < classes:
        colors = None
    sizes = ((side, side + 12), (side + 12, side))
    path = datasets.mask_folders(root, channels=channels, sizes=sizes, classes=classes, colors=colors)
    listed = ["#" + "".join(f"{value:02x}" for value in color) for color in colors or []]
    says = {"channels": channels, "mask_colors": listed, "mask_classes": classes}
    return Data(path, says, {"patch_size": _patch_size(side)})


def _patch_size(side: int) -> Callable[[random.Random, Answers], int]:
    """A draw of a patch size that fits images `side` pixels high and wide: a multiple of the scale, at least 8."""

    def draw(rng: random.Random, answers: Answers) -> int:
        scale = answers.get("scale", 1)
        return scale * rng.randint(-(-8 // scale), side // scale)

    return draw


WRITERS: dict[str, Callable[[random.Random, Path, catalog.Task], Data]] = {
    "image_folders": _image_folders,
    "csv": _csv,
    "npz": _npz,
    "text_folders": _text_folders,
    "text_csv": _text_csv,
    "series_csv": _series_csv,
    "image_folder": _image_folder,
    "paired_folders": _paired_folders,
    "mask_folders": _mask_folders,
    "image_arrays": _image_arrays,
}
"""Data source -> a writer of data for a task; `tests/e2e/datasets.py` holds the files' formats."""


def _column_name(rng: random.Random) -> str:
    """A CSV column name with awkward characters, none of them at its ends (kgen strips answers)."""
    while True:
        name = "".join(rng.choice(COLUMN_CHARACTERS) for _ in range(rng.randint(1, 12))).strip()
        if name and name not in (*datasets.FEATURES, *datasets.CLASHING):
            return name


def _matching(rng: random.Random, pattern: str) -> str:
    """A short name in `pattern` (the project and package names)."""
    while True:
        name = "".join(rng.choice(NAME_CHARACTERS) for _ in range(rng.randint(1, 10)))
        if re.fullmatch(pattern, name):
            return name


def _number(
    rng: random.Random, name: str, kind: str, default: Any, minimum: float | None, maximum: float | None
) -> int | float:
    """A number for an answer or a parameter: see `RANGES`, `FACTORS` and `EDGES`."""
    if name in FACTORS:
        low, high = FACTORS[name]
        value: float = default * math.exp(rng.uniform(math.log(low), math.log(high)))
        value = float(f"{value:.2g}")
    else:
        fallback = (default if minimum is None else minimum, 2 * default if maximum is None else maximum)
        low, high = RANGES.get(name, fallback)
        low = low if minimum is None else max(low, minimum)
        high = high if maximum is None else min(high, maximum)
        draw = rng.random()
        if draw < EDGES:
            value = low
        elif draw < 2 * EDGES:
            value = high
        else:
            value = rng.randint(math.ceil(low), math.floor(high)) if kind == "int" else round(rng.uniform(low, high), 3)
    return int(value) if kind == "int" else float(value)


def _param(rng: random.Random, param: catalog.Param) -> Any:
    if param.kind == "bool":
        return rng.random() < 0.5
    if param.kind == "str":
        return rng.choice(param.choices) if param.choices else param.default
    return _number(rng, param.name, param.kind, param.default, param.minimum, None)


def _blocks(rng: random.Random, task: str) -> list[Any]:
    """Blocks that fit the task, in the order of the shapes they read (`kgen` refuses any other).

    A model of token ids starts with a block that reads them (an embedding).
    """
    names = [rng.choice(catalog.blocks_for(task)) for _ in range(rng.randint(1, MAX_BLOCKS))]  # kgen wants one
    input_kind = catalog.TASKS[task].input
    first = catalog.INPUT_KINDS[input_kind].gives
    if (
        first not in catalog.POOLINGS[input_kind]
        and first != "vectors"
        and not any(catalog.BLOCKS[n].reads == first for n in names)
    ):
        names.append(next(n for n in catalog.blocks_for(task) if catalog.BLOCKS[n].reads == first))
    shapes = list(catalog.SHAPES)
    names.sort(key=lambda name: shapes.index(catalog.BLOCKS[name].reads))
    blocks: list[Any] = []
    for name in names:
        params = {p.name: _param(rng, p) for p in catalog.BLOCKS[name].params if rng.random() >= LEAVE_OUT}
        block = {"block": name, **params}
        blocks.append(block if rng.random() < 0.5 else spec.format_block(block))  # a mapping, or `name:key=value`
    return blocks


FIXED = {"backend": "tensorflow", "distribution": "none"}
"""Answers not drawn: the projects run in kgen's environment (TensorFlow), and other backends and
data parallelism install or spawn processes of their own (tests/e2e/test_matrix.py, test_backends.py)."""


def _draw(rng: random.Random, question: Question, answers: Answers) -> Any:
    """An answer to a question that does not depend on the data."""
    if question.key in FIXED:
        return FIXED[question.key]
    if question.kind == "choice":
        assert question.choices is not None
        return rng.choice(question.choices.names(answers))
    if question.kind == "multichoice":
        assert question.choices is not None
        names = question.choices.names(answers)
        picked = rng.sample(names, rng.randint(0, len(names)))
        return picked if rng.random() < 0.5 else ", ".join(picked)
    if question.kind == "blocks":
        return _blocks(rng, answers["task"])
    if question.kind == "bool":
        return rng.random() < 0.5
    if question.kind == "weights":
        return {column: round(rng.uniform(0.2, 2.0), 2) for column in answers["target_columns"]}
    if question.kind in ("int", "float"):
        default = question.default_for(answers)
        most = question.maximum
        if question.key == "test_split":  # kgen keeps the two held-out shares at most rules.MOST_HELD_OUT
            most = min(most, rules.MOST_HELD_OUT - answers["validation_split"])
        return _number(rng, question.key, question.kind, default, question.minimum, most)
    if question.kind == "str" and question.pattern:
        return _matching(rng, question.pattern)
    return question.default_for(answers)


def sample_answers(rng: random.Random, root: Path) -> Answers:
    """A random valid answer set for `kgen new --defaults`, with its data written under `root`."""
    given: Answers = {}
    answers: Answers = {}  # every answer so far, given or default, as `kgen.spec.resolve` sees them
    data: Data | None = None
    for question in QUESTIONS:
        if not question.asked(answers):
            continue
        key = question.key
        if key == "data_path":
            source = answers["data_source"]
            assert source in WRITERS, f"no data writer for data source `{source}`: add one to WRITERS"
            (root / "data").mkdir()
            data = WRITERS[source](rng, root / "data", catalog.TASKS[answers["task"]])
            given[key] = answers[key] = str(data.path)
        elif key in spec.FROM_DATA:
            assert data is not None, f"`{key}` is asked before the data"
            if key in data.draws and rng.random() < 0.5:
                given[key] = answers[key] = data.draws[key](rng, answers)
            elif key in data.says and rng.random() < 0.5:
                given[key] = answers[key] = data.value(key, answers)
            else:  # left to what kgen reads from the data
                answers[key] = data.value(key, answers) if key in data.says else question.default_for(answers)
        elif data is not None and key in data.says:  # the data was written for it (a pair's scale)
            given[key] = answers[key] = data.value(key, answers)
        elif rng.random() < LEAVE_OUT:
            answers[key] = question.default_for(answers)
        else:
            given[key] = answers[key] = _draw(rng, question, answers)
    return given


@dataclass
class Context:
    """What every failure message names: the seed, the answer set and how to replay it."""

    seed: int
    index: int
    node: str
    answers: str

    def failure(self, what: str, output: str = "") -> str:
        return (
            f"{SEED_VARIABLE}={self.seed}, answer set {self.index}: {what.splitlines()[0]}\n"
            f"replay with:\n  {self.replay()}\nanswers:\n{self.answers}\n{what}\n"
            + (f"output (tail):\n{output[-TAIL:]}" if output else "")
        )

    def replay(self) -> str:
        count = f" {COUNT_VARIABLE}={self.index + 1}" if self.index >= ANSWER_SETS else ""
        return f"{SEED_VARIABLE}={self.seed}{count} pytest '{self.node}'"


def _text(output: str | bytes | None) -> str:
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""


def _run(context: Context, command: list[str], cwd: Path, timeout: float, **env: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            command, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        output = f"{_text(error.stdout)}\n{_text(error.stderr)}"
        pytest.fail(context.failure(f"`{' '.join(command)}` ran over {timeout} s", output), pytrace=False)


def _check(context: Context, command: list[str], cwd: Path, timeout: float = 120, **env: str) -> str:
    """Run `command`; return what went wrong, or an empty string."""
    result = _run(context, command, cwd, timeout, **env)
    if result.returncode == 0:
        return ""
    return f"`{' '.join(command)}` exited {result.returncode}:\n{result.stdout[-TAIL:]}\n{result.stderr[-TAIL:]}"


def _formatted(project: Path) -> str:
    """Check that copier alone renders the formatted files; return what went wrong, or an empty string."""
    try:
        assert_the_template_renders_formatted_code(project)
    except Exception as error:  # an assertion, or copier failing to render the answers
        return f"plain copier renders the project differently:\n{error}"
    return ""


def is_refusal(result: subprocess.CompletedProcess) -> bool:
    """Whether `kgen new` refused the answers the way it refuses bad input: exit 2, `Error:` and a `hint:`."""
    lines = result.stderr.strip().splitlines()
    return (
        result.returncode == 2
        and bool(lines)
        and lines[0].startswith("Error: ")
        and any(line.startswith("hint: ") for line in lines)
        and "Traceback" not in result.stderr
    )


def test_random_answer_set_renders_a_project_that_passes_its_own_checks(
    answer_set: tuple[int, int], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    seed, index = answer_set
    answers = sample_answers(random.Random(f"{seed}-{index}"), tmp_path)
    text = yaml.safe_dump(answers, sort_keys=False, allow_unicode=True)
    context = Context(seed, index, request.node.nodeid, text)
    print(f"{SEED_VARIABLE}={seed}, answer set {index} (replay with: {context.replay()}):\n{text}")
    (tmp_path / "answers.yml").write_text(text, encoding="utf-8")

    project = tmp_path / "project"
    command = [sys.executable, "-m", "kgen", "new", str(project), "--answers", str(tmp_path / "answers.yml")]
    result = _run(context, [*command, "--defaults"], tmp_path, 120)
    if is_refusal(result):
        print(f"kgen refused these answers:\n{result.stderr}")
        return
    assert result.returncode == 0, context.failure(
        f"`kgen new` exited {result.returncode}", f"{result.stdout}\n{result.stderr}"
    )

    ruff = [sys.executable, "-m", "ruff"]
    problems = [
        _check(context, [*ruff, "check", "--no-cache", "."], project),
        _check(context, [*ruff, "format", "--check", "--no-cache", "."], project),
        _formatted(project),
        _check(
            context,
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
            project,
            300,
            PYTHONPATH=str(project / "src"),
        ),
    ]
    if any(problems):
        pytest.fail(context.failure("\n\n".join(problem for problem in problems if problem)), pytrace=False)
