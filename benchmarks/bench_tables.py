"""Quality and training speed of a generated table project, against plain Keras and a linear model.

    python benchmarks/bench_tables.py [--epochs N] [--rounds R] [--seeds S] [--part all|diabetes|small] [--tables A,B]
    python benchmarks/bench_tables.py --variants default,narrow,... [--resplit] [--seeds S] [--tables A,B]

Writes scikit-learn's diabetes table as a CSV (`scripts/write_tables.py`: 442 rows, ten
measurements of which `sex` is text, and `progression` in its own units, 25-346), renders
`examples/diabetes.yml` on it with `kgen new`, and then, in this one process:

Quality, on the test split in the target's own units. The generated project trains with its
own `train()` (up to the example's epochs, early stopping, learning-rate halving) and is
scored by its own `evaluate()`. The same training, validation and test examples, taken from
its `data.make_datasets` splits as a numeric matrix (numbers as they are, `sex` one-hot),
then fit:

- a plain Keras MLP of the same shape (Dense 64 relu, Dense 32 relu, Dense 1; no batch
  normalization, dropout or learning-rate schedule), with inputs and target standardized by
  hand on the training split and its predictions mapped back; Adam at the same rate, the
  same epochs and batch size, and early stopping on validation loss with the same patience,
  best weights restored;
- a linear model: least squares with an intercept, on the training split;
- the baseline of `evaluate()`: the training split's mean for every example.

The two networks train with S seeds (the config's seed and the next ones; the split keeps
the data seed, so every model sees the same examples). Test MAE and RMSE are printed, the
median over the seeds for the networks, with the ratio of the generated project's MAE to
each (below 1: the generated project is better). With 44 test examples, differences of a
few percent are within what another seed gives.

Speed, as in `bench_train.py`. The generated model reads one input per CSV column (the
numbers concatenated and normalized, the text column one-hot through a `StringLookup`), fed
by its tf.data pipeline. In alternating rounds:

- generated: the project's own `train()`, with all its callbacks (early stopping told to
  wait past the last epoch, so that every epoch runs);
- generated without callbacks: its `build_model()` and pipeline in a bare `fit`;
- plain: the same model written inline below, on one input matrix with `sex` one-hot by
  hand, fed the same examples as NumPy arrays through `model.fit(x, y, batch_size)`.

Each trains one warm-up epoch and then N timed epochs, validation included. Steps per
second are training steps per epoch over the median timed epoch's wall time, and the median
over the rounds is printed. An epoch is only 10 steps here, so what an epoch costs besides
its steps (starting the iteration over the data, validation) weighs as much as the steps.
Everything is seeded; the numbers are printed, never asserted.

Small tables (`--part small`): what a new user gets from `kgen new ... --defaults` on each of
the small tables scikit-learn ships (nothing is downloaded), against a linear model and a
hand-written MLP on the same splits:

- regression: `diabetes` (progression, raw units), `wine-alcohol` (the wines' alcohol from
  their 12 other measurements), `iris-petal` (petal width in cm from the other three and the
  species), `linnerud` (weight from three exercises: 20 rows, so 2 test rows);
- classification: `breast-cancer` (binary), `wine` (3 cultivars), `iris` (3 species),
  `digits-table` (64 pixel columns, 10 digits).

The generated project trains with its own `train()` and is scored by its own `evaluate()`
(test MAE, or accuracy); ridge regression (the penalty chosen by cross-validation on the
training split) or logistic regression, both on standardized inputs, and a plain Keras MLP
(64-32 ReLU, no batch normalization or dropout, standardized by hand, Adam at 0.001, batch 32,
early stopping on validation loss with patience 10) fit the same matrices. The networks train
with S seeds on one split; the ratios compare medians (MAE: below 1 is better; accuracy:
above 1 is better).

Candidate defaults (`--variants`, the first one the reference): each variant of `VARIANTS` is
rendered with its answers (blocks, batch size, learning rate, loss) and trained with its
config fields (patience), all with the same seeds on the same splits (`--resplit`: each seed
draws its own split too, with its own linear model, so the split's luck is measured as well
as the initialization's). Printed per variant: the median score and its range over the seeds,
the seed-by-seed ratio to the linear model and to the reference (median and range), and on how
many seeds it beat the reference. With 18 test rows (wine-alcohol) one split moves the ratio to
ridge by 10% or more: compare the paired ratios, not the medians of separate runs.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import importlib
import math
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "diabetes"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_train import EpochTimer, fit_bare, time_train  # noqa: E402  (the epoch timing is the training benchmark's)


def render_project(work: Path) -> Path:
    """Write the diabetes table as a CSV and render the example project on it."""
    table = work / "data" / "diabetes.csv"
    runpy.run_path(str(ROOT / "scripts" / "write_tables.py"))["write_diabetes"](table)
    project = work / PACKAGE
    command = [Path(sys.executable).parent / "kgen", "new", project, "--answers", ROOT / "examples" / "diabetes.yml"]
    command += ["--data-path", table, "--defaults", "--no-git"]
    subprocess.run([str(part) for part in command], check=True, capture_output=True, text=True)
    return project


def load_config(project: Path, package: str = PACKAGE, **train_overrides):  # type: ignore[no-untyped-def]
    """The project's default config, with its training run written inside the project."""
    config_module = importlib.import_module(f"{package}.config")
    config = config_module.load_config(project / "configs" / "default.toml")
    return dataclasses.replace(config, train=dataclasses.replace(config.train, **train_overrides))


@dataclasses.dataclass(frozen=True)
class Matrices:
    """The generated project's three splits as `(features, targets)` NumPy arrays."""

    train: tuple
    validation: tuple
    test: tuple


def as_matrices(config, package: str = PACKAGE) -> Matrices:  # type: ignore[no-untyped-def]
    """The examples of the project's splits as a numeric matrix: numbers as read, categories one-hot.

    The categories are those of the training split, in sorted order; a value never seen in
    training is all zeros.
    """
    import numpy as np

    data = importlib.import_module(f"{package}.data")
    datasets = data.make_datasets(config.data)
    splits = {}
    for name in ("train", "validation", "test"):
        batches = list(getattr(datasets, name).as_numpy_iterator())
        columns = {key: np.concatenate([inputs[key] for inputs, _ in batches]) for key in batches[0][0]}
        targets = np.concatenate([targets for _, targets in batches])
        one_hot = targets.ndim == 2 and targets.shape[1] > 1
        splits[name] = (columns, targets.argmax(axis=1) if one_hot else targets.reshape(-1))
    categories = {
        column: sorted({value.decode() for value in splits["train"][0][column].reshape(-1)})
        for column in config.model.categorical_columns
    }

    def matrix(columns: dict) -> np.ndarray:
        parts = [columns[column].astype("float32") for column in config.model.numeric_columns]
        for column, values in categories.items():
            cells = np.char.decode(columns[column].reshape(-1, 1).astype(bytes))
            parts.append((cells == np.array(values)).astype("float32"))
        return np.concatenate(parts, axis=1)

    return Matrices(*((matrix(columns), targets.astype("float32")) for columns, targets in splits.values()))


def scores(prediction, targets) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """MAE and RMSE in the target's units."""
    import numpy as np

    error = np.asarray(prediction, dtype="float64").reshape(-1) - np.asarray(targets, dtype="float64")
    return {"mae": float(np.abs(error).mean()), "rmse": float(np.sqrt((error**2).mean()))}


def run_generated_quality(project: Path, seed: int) -> tuple[dict[str, dict[str, float]], int]:
    """The project's own `train()` and `evaluate()`: test scores of the model and its baseline, epochs run."""
    from diabetes import evaluate, train

    config = dataclasses.replace(load_config(project, output_dir=project / "runs" / f"seed-{seed}"), seed=seed)
    history = train.train(config, verbose=0)
    return evaluate.evaluate(config, config.train.output_dir / "model.keras"), len(history.epoch)


def run_plain_mlp_quality(project: Path, matrices: Matrices, seed: int) -> tuple[dict[str, float], int]:
    """A plain MLP of the same shape, standardized by hand: test scores, and epochs run."""
    import keras
    from keras import layers

    config = load_config(project)
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = matrices.train, matrices.validation, matrices.test
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    x_std[x_std <= 1e-6] = 1.0
    y_mean, y_std = y_train.mean(), y_train.std()

    def standardize(x):  # type: ignore[no-untyped-def]
        return (x - x_mean) / x_std

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(x_train.shape[1],)),
            layers.Dense(64, activation="relu"),
            layers.Dense(32, activation="relu"),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=config.train.learning_rate), loss="mse")
    history = model.fit(
        standardize(x_train),
        (y_train - y_mean) / y_std,
        batch_size=config.data.batch_size,
        epochs=config.train.epochs,
        validation_data=(standardize(x_val), (y_val - y_mean) / y_std),
        callbacks=[
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=config.train.early_stopping_patience, restore_best_weights=True
            )
        ],
        verbose=0,
    )
    prediction = model.predict(standardize(x_test), batch_size=config.data.batch_size, verbose=0) * y_std + y_mean
    return scores(prediction, y_test), len(history.epoch)


def run_linear_quality(matrices: Matrices) -> dict[str, float]:
    """Least squares with an intercept on the training split: test scores."""
    import numpy as np

    (x_train, y_train), (x_test, y_test) = matrices.train, matrices.test

    def with_intercept(x):  # type: ignore[no-untyped-def]
        return np.concatenate([x.astype("float64"), np.ones((len(x), 1))], axis=1)

    weights, *_ = np.linalg.lstsq(with_intercept(x_train), y_train.astype("float64"), rcond=None)
    return scores(with_intercept(x_test) @ weights, y_test)


def plain_model(x_train, y_train, config):  # type: ignore[no-untyped-def]
    """examples/diabetes.yml by hand, on one matrix: dense:units=64,dropout=0.1, dense:units=32."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=x_train.shape[1:])
    normalize = layers.Normalization()
    normalize.adapt(x_train)
    x = normalize(inputs)
    x = layers.Dense(64, use_bias=False)(x)
    x = layers.Activation("relu")(layers.BatchNormalization(momentum=0.9)(x))
    x = layers.Dropout(0.1)(x)
    x = layers.Dense(32, use_bias=False)(x)
    x = layers.Activation("relu")(layers.BatchNormalization(momentum=0.9)(x))
    x = layers.Dense(1)(x)
    to_target_units = layers.Normalization(invert=True)
    to_target_units.adapt(y_train.reshape(-1, 1))
    model = keras.Model(inputs, to_target_units(x))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config.train.learning_rate),
        loss="mean_squared_error",
        metrics=[keras.metrics.MeanAbsoluteError(name="mae"), keras.metrics.RootMeanSquaredError(name="rmse")],
    )
    return model


def run_generated_speed(project: Path, epochs: int) -> tuple[float, int]:
    """Steps per second of the project's `train()`, and its steps per epoch."""
    from diabetes import data, train

    # Early stopping stays among the callbacks, but waits longer than the run so every epoch is timed.
    config = load_config(
        project, epochs=1 + epochs, early_stopping_patience=1 + epochs, output_dir=project / "runs" / "speed"
    )
    steps = int(data.make_datasets(config.data).train.cardinality())
    timer = time_train(train, config)
    if len(timer.times) < 1 + epochs:
        print(f"  (generated run stopped early after {len(timer.times)} epochs)")
    return timer.steps_per_second(steps), steps


def run_generated_bare_speed(project: Path, epochs: int) -> tuple[float, int]:
    """Steps per second of the project's model and pipeline, fitted without its callbacks."""
    from diabetes import data, model

    config = load_config(project)
    datasets = data.make_datasets(config.data)
    timer = fit_bare(model, datasets, config, epochs)
    steps = int(datasets.train.cardinality())
    return timer.steps_per_second(steps), steps


def run_plain_speed(project: Path, matrices: Matrices, epochs: int) -> tuple[float, int]:
    """Steps per second of a plain `model.fit` on the same examples as one matrix."""
    import keras

    config = load_config(project)
    (x_train, y_train), (x_val, y_val) = matrices.train, matrices.validation
    keras.utils.set_random_seed(config.seed)
    model = plain_model(x_train, y_train, config)
    batch_size = config.data.batch_size
    timer = EpochTimer()
    model.fit(
        x_train,
        y_train,
        batch_size=batch_size,
        epochs=1 + epochs,
        validation_data=(x_val, y_val),
        callbacks=[timer.callback],
        verbose=0,
    )
    steps = math.ceil(len(x_train) / batch_size)
    return timer.steps_per_second(steps), steps


def print_quality(project: Path, matrices: Matrices, seeds: list[int]) -> None:
    import numpy as np

    started = time.perf_counter()
    generated, plain, epochs = [], [], {"generated": [], "plain": []}
    for seed in seeds:
        result, run_epochs = run_generated_quality(project, seed)
        generated.append(result)
        epochs["generated"].append(run_epochs)
        result, run_epochs = run_plain_mlp_quality(project, matrices, seed)
        plain.append(result)
        epochs["plain"].append(run_epochs)
    linear = run_linear_quality(matrices)
    (_, y_train), (_, y_val), (_, y_test) = matrices.train, matrices.validation, matrices.test
    mean_check = scores(np.full_like(y_test, y_train.mean()), y_test)
    rows = [
        ("generated project", [run["model"] for run in generated], "its train() and evaluate()"),
        ("plain Keras MLP", plain, "64-32-1 relu, standardized by hand"),
        ("linear model", [linear], "least squares with an intercept"),
        ("baseline", [generated[0]["baseline"]], "evaluate()'s: the training split's mean"),
    ]
    print(
        f"diabetes quality: test scores in the target's units ({y_test.min():g}-{y_test.max():g}); "
        f"{len(y_train)} training, {len(y_val)} validation, {len(y_test)} test examples, the same for all; "
        f"the networks trained with seeds {', '.join(map(str, seeds))}: median (min-max)"
    )
    median_mae = {}
    for name, runs, note in rows:
        maes, rmses = [run["mae"] for run in runs], [run["rmse"] for run in runs]
        median_mae[name] = statistics.median(maes)
        spread = f" ({min(maes):.2f}-{max(maes):.2f})" if len(runs) > 1 else " " * 16
        print(f"{name:<19} MAE {median_mae[name]:7.2f}{spread}  RMSE {statistics.median(rmses):7.2f}  ({note})")
    print(f"  epochs run        generated {epochs['generated']}, plain MLP {epochs['plain']} (early stopping)")
    for name, _, _ in rows[1:]:
        ratio = median_mae["generated project"] / median_mae[name]
        print(f"  ratio             {ratio:7.2f}x  (generated MAE / {name} MAE; below 1 is better)")
    print(
        f"  same test split   baseline MAE {mean_check['mae']:.2f} from the matrices, "
        f"{generated[0]['baseline']['mae']:.2f} from evaluate()"
    )
    print(f"  ({time.perf_counter() - started:.0f} s)")


def print_speed(project: Path, matrices: Matrices, epochs: int, rounds: int) -> None:
    started = time.perf_counter()
    generated, bare, plain = [], [], []
    for _ in range(rounds):
        speed, generated_steps = run_generated_speed(project, epochs)
        generated.append(speed)
        speed, _ = run_generated_bare_speed(project, epochs)
        bare.append(speed)
        speed, plain_steps = run_plain_speed(project, matrices, epochs)
        plain.append(speed)
    generated_speed, bare_speed, plain_speed = (statistics.median(speeds) for speeds in (generated, bare, plain))
    print()
    print(f"diabetes speed: {generated_steps} steps an epoch, {epochs} timed epochs after a warm-up, {rounds} rounds")
    if generated_steps != plain_steps:
        print(f"  (the plain script takes {plain_steps} steps an epoch, not {generated_steps})")
    print(f"generated project   {generated_speed:7.1f} steps/s  (its train(): one input per column, all callbacks)")
    print(f"  without callbacks {bare_speed:7.1f} steps/s  (its build_model() and tf.data pipeline, fit alone)")
    print(f"plain Keras script  {plain_speed:7.1f} steps/s  (same model, one-hot matrix as NumPy arrays, no callbacks)")
    print(f"  ratio             {generated_speed / plain_speed:7.2f}x  (generated / plain; above 1 is faster)")
    print(f"  ratio             {bare_speed / plain_speed:7.2f}x  (generated without callbacks / plain)")
    print(f"  ({time.perf_counter() - started:.0f} s)")


@dataclasses.dataclass(frozen=True)
class SmallTable:
    """A small table written as a CSV, and the answers of `kgen new --defaults` on it."""

    name: str
    task: str
    target: str
    write: str  # a writer of `scripts/write_tables.py` or `scripts/write_digits.py`, or of this file
    answers: tuple[tuple[str, object], ...] = ()

    @property
    def regression(self) -> bool:
        return self.task == "tabular_regression"


SMALL_TABLES = (
    SmallTable("diabetes", "tabular_regression", "progression", "write_tables.py:write_diabetes"),
    SmallTable("wine-alcohol", "tabular_regression", "alcohol", "wine"),
    SmallTable("iris-petal", "tabular_regression", "petal_width_cm", "write_tables.py:write_iris"),
    SmallTable("linnerud", "tabular_regression", "weight", "linnerud"),
    SmallTable("breast-cancer", "tabular_binary", "diagnosis", "write_tables.py:write_breast_cancer"),
    SmallTable("wine", "tabular_multiclass", "cultivar", "wine"),
    SmallTable("iris", "tabular_multiclass", "species", "write_tables.py:write_iris"),
    # Pixel intensities are numbers, even the columns with few values (as in examples/digits-table.yml).
    SmallTable(
        "digits-table", "tabular_multiclass", "digit", "write_digits.py:write_csv", (("categorical_columns", []),)
    ),
)


def _table_blocks(first: int, second: int, dropout: float = 0.1, second_dropout: float = 0.0) -> list[dict]:
    return [
        {"block": "dense", "units": first, "dropout": dropout, "batch_norm": False},
        {"block": "dense", "units": second, "dropout": second_dropout, "batch_norm": False},
    ]


# Candidate defaults for `--variants`: answers to `kgen new` (beside the table's), and fields of
# the rendered config's `[train]` that no question asks. `default` is what `--defaults` gives.
# Measured against it (paired, wine-alcohol with --resplit over 6-12 seeds unless said), none
# beat it beyond the spread: the default's MAE is 1.03x ridge regression's (0.88-1.24x over
# the splits); narrow 0.97x the default's (0.79-1.18x, better on 7 of 12), but 1.01x on
# diabetes and 1.03x on iris-petal; tiny 1.06x; dropout0 0.99x (0.84-1.30x, 6 of 10);
# dropout2, dropout3, dropout3-both 1.01-1.03x; batch16, slow, huber, mae-loss 1.00-1.01x;
# patience20 gave the same model on all 8 seeds of the fixed split (no later epoch improved).
VARIANTS: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "default": ({}, {}),
    "narrow": ({"blocks": _table_blocks(32, 16)}, {}),
    "tiny": ({"blocks": _table_blocks(16, 8)}, {}),
    "dropout0": ({"blocks": _table_blocks(64, 32, 0.0)}, {}),
    "dropout2": ({"blocks": _table_blocks(64, 32, 0.2)}, {}),
    "dropout3": ({"blocks": _table_blocks(64, 32, 0.3)}, {}),
    "dropout3-both": ({"blocks": _table_blocks(64, 32, 0.3, 0.3)}, {}),
    "batch16": ({"batch_size": 16}, {}),
    "slow": ({"learning_rate": 0.0003}, {"early_stopping_patience": 20}),
    "patience20": ({}, {"early_stopping_patience": 20}),
    "huber": ({"loss": "huber"}, {}),
    "mae-loss": ({"loss": "mean_absolute_error"}, {}),
}


def write_small_table(table: SmallTable, path: Path) -> None:
    """Write the table's CSV: the wine and linnerud tables here, the others by the repository's scripts."""
    from sklearn.datasets import load_linnerud, load_wine

    if ":" in table.write:
        script, writer = table.write.split(":")
        runpy.run_path(str(ROOT / "scripts" / script))[writer](path)
        return
    if table.write == "wine":
        wine = load_wine()
        header = [*wine.feature_names, "cultivar"]
        rows = [
            [f"{value:g}" for value in row] + [wine.target_names[label]]
            for row, label in zip(wine.data, wine.target, strict=True)
        ]
    else:
        linnerud = load_linnerud()
        header = [name.lower() for name in [*linnerud.feature_names, *linnerud.target_names]]
        rows = [
            [f"{value:g}" for value in row]
            for row in [[*x, *y] for x, y in zip(linnerud.data, linnerud.target, strict=True)]
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def render_small_table(table: SmallTable, work: Path, variant: str = "default") -> tuple[Path, str]:
    """Render `kgen new --defaults` on the table, with a variant's answers; the project and its package."""
    import json

    data_path = work / "data" / f"{table.name}.csv"
    if not data_path.exists():
        write_small_table(table, data_path)
    answers = {"task": table.task, "data_source": "csv", "data_path": str(data_path), "target_column": table.target}
    if table.name == "linnerud":  # the two other measurements of the body are targets too, not features
        answers["feature_columns"] = ["chins", "situps", "jumps"]
    answers |= dict(table.answers) | VARIANTS[variant][0]
    name = table.name if variant == "default" else f"{table.name}-{variant}"
    answers_file = work / f"{name}.answers.yml"
    answers_file.write_text(json.dumps(answers))  # JSON is YAML
    project = work / f"small-{name}"
    command = [
        Path(sys.executable).parent / "kgen",
        "new",
        project,
        "--answers",
        answers_file,
        "--defaults",
        "--no-git",
    ]
    subprocess.run([str(part) for part in command], check=True, capture_output=True, text=True)
    return project, "small_" + "".join(char if char.isalnum() else "_" for char in name)


def run_linear_reference(matrices: Matrices, regression: bool) -> float:
    """Ridge regression (test MAE) or logistic regression (test accuracy), on standardized inputs."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression, RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    (x_train, y_train), (x_test, y_test) = matrices.train, matrices.test
    if regression:
        model = make_pipeline(StandardScaler(), RidgeCV(alphas=np.logspace(-3, 3, 13))).fit(x_train, y_train)
        return float(np.abs(model.predict(x_test) - y_test).mean())
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(x_train, y_train.astype(int))
    return float((model.predict(x_test) == y_test.astype(int)).mean())


def run_plain_reference(matrices: Matrices, regression: bool, seed: int) -> float:
    """A hand-written 64-32 ReLU MLP, standardized by hand: test MAE or accuracy."""
    import keras
    import numpy as np
    from keras import layers

    (x_train, y_train), (x_val, y_val), (x_test, y_test) = matrices.train, matrices.validation, matrices.test
    x_mean, x_std = x_train.mean(axis=0), x_train.std(axis=0)
    x_std[x_std <= 1e-6] = 1.0
    y_mean, y_std = (y_train.mean(), y_train.std()) if regression else (0.0, 1.0)
    classes = int(max(y_train.max(), y_val.max(), y_test.max())) + 1
    units, activation, loss = (
        (1, None, "mse") if regression else (classes, "softmax", "sparse_categorical_crossentropy")
    )
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [keras.Input(shape=x_train.shape[1:]), layers.Dense(64, activation="relu"), layers.Dense(32, activation="relu")]
        + [layers.Dense(units, activation=activation)]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss=loss)
    model.fit(
        (x_train - x_mean) / x_std,
        (y_train - y_mean) / y_std,
        batch_size=32,
        epochs=500,
        validation_data=((x_val - x_mean) / x_std, (y_val - y_mean) / y_std),
        callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)],
        verbose=0,
    )
    prediction = model.predict((x_test - x_mean) / x_std, batch_size=256, verbose=0)
    if regression:
        return float(np.abs(prediction.reshape(-1) * y_std + y_mean - y_test).mean())
    return float((prediction.argmax(axis=1) == y_test).mean())


def run_small_table(table: SmallTable, work: Path, seeds: int) -> dict[str, object]:
    """The generated project, the linear model and the plain MLP on one table: their test scores."""
    project, package = render_small_table(table, work)
    sys.path.insert(0, str(project / "src"))
    train, evaluate = (importlib.import_module(f"{package}.{module}") for module in ("train", "evaluate"))
    config = load_config(project, package)
    matrices = as_matrices(config, package)
    score = "mae" if table.regression else "accuracy"
    generated, plain, epochs = [], [], []
    for seed in range(config.seed, config.seed + seeds):
        run = dataclasses.replace(
            load_config(project, package, output_dir=project / "runs" / f"seed-{seed}"), seed=seed
        )
        history = train.train(run, verbose=0)
        generated.append(float(evaluate.evaluate(run, run.train.output_dir / "model.keras")["model"][score]))
        epochs.append(len(history.epoch))
        plain.append(run_plain_reference(matrices, table.regression, seed))
    return {
        "generated": generated,
        "plain": plain,
        "linear": run_linear_reference(matrices, table.regression),
        "epochs": epochs,
        "rows": [len(split[1]) for split in (matrices.train, matrices.validation, matrices.test)],
    }


def print_small_tables(work: Path, seeds: int, names: list[str]) -> None:
    started = time.perf_counter()
    print(f"small tables, `kgen new --defaults` on each: test scores, median of {seeds} training seeds (min-max)")
    print(
        f"{'table':<14} {'rows':>12} {'score':<9} {'generated':>22} {'plain MLP':>16} {'linear':>7}"
        "  ratios: generated/plain, generated/linear"
    )
    for table in SMALL_TABLES:
        if names and table.name not in names:
            continue
        result = run_small_table(table, work, seeds)
        generated, plain, linear = (
            statistics.median(result["generated"]),
            statistics.median(result["plain"]),
            result["linear"],
        )
        spread = f"({min(result['generated']):.3g}-{max(result['generated']):.3g})"
        rows = "/".join(map(str, result["rows"]))
        score = "MAE" if table.regression else "accuracy"
        print(
            f"{table.name:<14} {rows:>12} {score:<9} {generated:9.4g} {spread:>12} {plain:16.4g} {linear:7.4g}"
            f"  {generated / plain:5.3f}x {generated / linear:5.3f}x  (epochs {result['epochs']})",
            flush=True,
        )
    print("  (linear: ridge regression for MAE, logistic regression for accuracy; rows: train/validation/test)")
    print("  (MAE ratios: below 1 is better; accuracy ratios: above 1 is better)")
    print(f"  ({time.perf_counter() - started:.0f} s)")


def run_variants(table: SmallTable, work: Path, seeds: int, variants: list[str], resplit: bool) -> dict:
    """Each variant's test score and the linear model's, seed by seed, on the same splits."""
    projects = {variant: render_small_table(table, work, variant) for variant in variants}
    modules = {}
    for variant, (project, package) in projects.items():
        sys.path.insert(0, str(project / "src"))
        modules[variant] = tuple(importlib.import_module(f"{package}.{module}") for module in ("train", "evaluate"))
    score = "mae" if table.regression else "accuracy"
    first = load_config(projects[variants[0]][0], projects[variants[0]][1])
    results: dict[str, list[float]] = {variant: [] for variant in [*variants, "linear"]}
    rows = []
    for seed in range(first.seed, first.seed + seeds):
        data_seed = seed if resplit else first.data.seed
        for variant in variants:
            project, package = projects[variant]
            config = load_config(project, package, output_dir=project / "runs" / f"seed-{seed}", **VARIANTS[variant][1])
            config = dataclasses.replace(config, seed=seed, data=dataclasses.replace(config.data, seed=data_seed))
            if variant == variants[0]:
                matrices = as_matrices(config, package)
                results["linear"].append(run_linear_reference(matrices, table.regression))
                rows = [len(split[1]) for split in (matrices.train, matrices.validation, matrices.test)]
            train, evaluate = modules[variant]
            train.train(config, verbose=0)
            model_file = config.train.output_dir / "model.keras"
            results[variant].append(float(evaluate.evaluate(config, model_file)["model"][score]))
    return {"scores": results, "rows": rows}


def _ratios(values: list[float], references: list[float]) -> str:
    """The median and range of the seed-by-seed ratios."""
    ratios = [value / reference for value, reference in zip(values, references, strict=True)]
    return f"{statistics.median(ratios):6.3f}x ({min(ratios):.3f}-{max(ratios):.3f})"


def print_variants(work: Path, seeds: int, names: list[str], variants: list[str], resplit: bool) -> None:
    """Paired comparison of candidate defaults: the same seeds, splits and linear model for each."""
    started = time.perf_counter()
    split = "a split of its own for each seed" if resplit else "one split"
    print(f"variants of the table defaults, {seeds} seeds, {split}: median (min-max) over the seeds")
    print("  vs linear: the variant's score over the linear model's on the same split, seed by seed;")
    print(f"  vs {variants[0]}: over {variants[0]}'s with the same seed and split; better: seeds where it beat it")
    for table in SMALL_TABLES:
        if names and table.name not in names:
            continue
        result = run_variants(table, work, seeds, variants, resplit)
        scores_by = result["scores"]
        better = (lambda a, b: a < b) if table.regression else (lambda a, b: a > b)
        score = "MAE" if table.regression else "accuracy"
        rows = "/".join(map(str, result["rows"]))
        linear = scores_by["linear"]
        print(f"{table.name} ({rows} rows, {score}; linear {statistics.median(linear):.4g})", flush=True)
        for variant in variants:
            values, base = scores_by[variant], scores_by[variants[0]]
            wins = sum(better(value, reference) for value, reference in zip(values, base, strict=True))
            print(
                f"  {variant:<14} {statistics.median(values):8.4g} ({min(values):.4g}-{max(values):.4g})"
                f"  vs linear {_ratios(values, linear)}  vs {variants[0]} {_ratios(values, base)}"
                f"  better {wins}/{seeds}",
                flush=True,
            )
    print(f"  ({time.perf_counter() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=20, help="timed epochs after the warm-up (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating speed rounds (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=3, help="training seeds for quality (default: %(default)s)")
    parser.add_argument(
        "--part", choices=("all", "diabetes", "small"), default="all", help="what to run (default: %(default)s)"
    )
    parser.add_argument("--tables", default="", help="small tables to run, comma-separated (default: all)")
    parser.add_argument(
        "--variants",
        default="",
        help=f"compare these candidate table defaults paired instead of the rest, comma-separated, the first "
        f"the reference (of {', '.join(VARIANTS)})",
    )
    parser.add_argument("--resplit", action="store_true", help="with --variants: each seed draws its own split too")
    args = parser.parse_args()
    tables = [name for name in args.tables.split(",") if name]
    variants = [name for name in args.variants.split(",") if name]
    if unknown := [name for name in variants if name not in VARIANTS]:
        parser.error(f"unknown variants {', '.join(unknown)}; they are {', '.join(VARIANTS)}")
    with tempfile.TemporaryDirectory(prefix="kgen-bench-tables-") as work:
        if variants:
            print_variants(Path(work), args.seeds, tables, variants, args.resplit)
            return
        if args.part in ("all", "small"):
            print_small_tables(Path(work), args.seeds, tables)
        if args.part == "small":
            return
        project = render_project(Path(work))
        sys.path.insert(0, str(project / "src"))
        config = load_config(project)
        matrices = as_matrices(config)
        print_quality(project, matrices, [config.seed + offset for offset in range(args.seeds)])
        print_speed(project, matrices, args.epochs, args.rounds)


if __name__ == "__main__":
    main()
