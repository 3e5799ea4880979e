"""Training speed of a generated project, against a plain Keras script of the same model.

    python benchmarks/bench_train.py [--epochs N] [--rounds R]

Renders `examples/digits.yml` with `kgen new` (on scikit-learn's digits, written as PNG
class folders), then, in this one process and in alternating rounds:

- generated: the project's own `train()`, with its tf.data pipeline (decode, cache,
  shuffle, prefetch) and all its callbacks (checkpoint, early stopping, learning-rate
  control, CSV and TensorBoard logs);
- generated without callbacks: the project's `build_model()` and pipeline in a bare `fit`,
  which shows how much of the difference the callbacks make;
- plain: the same architecture written inline below with `keras.layers`, fed the same
  training and validation examples as NumPy arrays through `model.fit(x, y, batch_size)`,
  with no callbacks.

Each trains one warm-up epoch (tracing, first decode, caches) and then N timed epochs,
validation included. Steps per second are training steps per epoch over the median timed
epoch's wall time, and the median over the rounds is printed.
The numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
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
PACKAGE = "digits"


class EpochTimer:
    """Wall time of every epoch, collected by a Keras callback."""

    def __init__(self) -> None:
        import keras

        times = self.times = []

        class Callback(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.started = time.perf_counter()

            def on_epoch_end(self, epoch, logs=None):
                times.append(time.perf_counter() - self.started)

        self.callback = Callback()

    def steps_per_second(self, steps_per_epoch: int) -> float:
        """Over the median epoch after the first (warm-up): robust to other work on the machine."""
        return steps_per_epoch / statistics.median(self.times[1:])


def time_train(train_module, config) -> EpochTimer:  # type: ignore[no-untyped-def]
    """Run a project's own `train()`, its callbacks and the epoch timer."""
    timer = EpochTimer()
    make_callbacks = train_module.make_callbacks
    train_module.make_callbacks = lambda *args: [*make_callbacks(*args), timer.callback]
    try:
        train_module.train(config, verbose=0)
    finally:
        train_module.make_callbacks = make_callbacks
    return timer


def fit_bare(model_module, datasets, config, epochs: int) -> EpochTimer:  # type: ignore[no-untyped-def]
    """Build, adapt and compile a project's model, and fit it on its pipeline with no callback but the timer."""
    import keras

    keras.utils.set_random_seed(config.seed)
    network = model_module.build_model(config.model)
    model_module.adapt(network, datasets.train)
    model_module.compile_model(network, config.train)
    timer = EpochTimer()
    network.fit(
        datasets.train,
        validation_data=datasets.validation,
        epochs=1 + epochs,
        callbacks=[timer.callback],
        shuffle=False,
        verbose=0,
    )
    return timer


def render_project(work: Path) -> Path:
    """Write the digits as PNG folders and render the example project on them."""
    data = work / "data" / "digits"
    runpy.run_path(str(ROOT / "scripts" / "write_digits.py"))["write_images"](data)
    project = work / PACKAGE
    command = [Path(sys.executable).parent / "kgen", "new", project, "--answers", ROOT / "examples" / "digits.yml"]
    command += ["--data-path", data, "--defaults"]
    subprocess.run([str(part) for part in command], check=True, capture_output=True, text=True)
    return project


def plain_model(input_shape: tuple[int, ...], num_classes: int, x_train):  # type: ignore[no-untyped-def]
    """examples/digits.yml by hand: conv:filters=32, residual:filters=64,strides=2, dense:units=64,dropout=0.2."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape)
    normalize = layers.Normalization()
    normalize.adapt(x_train)
    x = normalize(inputs)
    x = layers.Conv2D(32, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(momentum=0.9)(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D(2)(x)
    shortcut = layers.BatchNormalization(momentum=0.9)(layers.Conv2D(64, 1, strides=2, use_bias=False)(x))
    x = layers.Conv2D(64, 3, strides=2, padding="same", use_bias=False)(x)
    x = layers.Activation("relu")(layers.BatchNormalization(momentum=0.9)(x))
    x = layers.BatchNormalization(momentum=0.9)(layers.Conv2D(64, 3, padding="same", use_bias=False)(x))
    x = layers.Activation("relu")(layers.Add()([x, shortcut]))
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(64, use_bias=False)(x)
    x = layers.Activation("relu")(layers.BatchNormalization(momentum=0.9)(x))
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.003),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def as_arrays(dataset):  # type: ignore[no-untyped-def]
    """A batched `(inputs, labels)` dataset as two NumPy arrays."""
    import numpy as np

    batches = list(dataset.as_numpy_iterator())
    return np.concatenate([x for x, _ in batches]), np.concatenate([y for _, y in batches])


def run_generated(project: Path, epochs: int) -> tuple[float, int]:
    """Steps per second of the project's `train()`, and its steps per epoch."""
    from digits import config as config_module
    from digits import data, train

    config = config_module.load_config(project / "configs" / "default.toml")
    config = dataclasses.replace(config, train=dataclasses.replace(config.train, epochs=1 + epochs))
    steps = int(data.make_datasets(config.data).train.cardinality())
    timer = time_train(train, config)
    if len(timer.times) < 1 + epochs:
        print(f"  (generated run stopped early after {len(timer.times)} epochs)")
    return timer.steps_per_second(steps), steps


def run_generated_bare(project: Path, epochs: int) -> tuple[float, int]:
    """Steps per second of the project's model and pipeline, fitted without its callbacks."""
    from digits import config as config_module
    from digits import data, model

    config = config_module.load_config(project / "configs" / "default.toml")
    datasets = data.make_datasets(config.data)
    timer = fit_bare(model, datasets, config, epochs)
    steps = int(datasets.train.cardinality())
    return timer.steps_per_second(steps), steps


def run_plain(project: Path, epochs: int) -> tuple[float, int]:
    """Steps per second of a plain `model.fit` on the same examples."""
    import keras
    from digits import config as config_module
    from digits import data

    config = config_module.load_config(project / "configs" / "default.toml")
    datasets = data.make_datasets(config.data)
    x_train, y_train = as_arrays(datasets.train)
    x_val, y_val = as_arrays(datasets.validation)
    keras.utils.set_random_seed(config.seed)
    model = plain_model(x_train.shape[1:], config.model.num_classes, x_train)
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
    return timer.steps_per_second(math.ceil(len(x_train) / batch_size)), math.ceil(len(x_train) / batch_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=8, help="timed epochs after the warm-up (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of both (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgen-bench-train-") as work:
        project = render_project(Path(work))
        sys.path.insert(0, str(project / "src"))
        generated, bare, plain = [], [], []
        for _ in range(args.rounds):
            speed, generated_steps = run_generated(project, args.epochs)
            generated.append(speed)
            speed, _ = run_generated_bare(project, args.epochs)
            bare.append(speed)
            speed, plain_steps = run_plain(project, args.epochs)
            plain.append(speed)
    assert generated_steps == plain_steps, "both runs must take the same steps per epoch"
    generated_speed, bare_speed, plain_speed = (statistics.median(speeds) for speeds in (generated, bare, plain))
    print(f"digits: {generated_steps} steps an epoch, {args.epochs} timed epochs after a warm-up, {args.rounds} rounds")
    print(f"generated project   {generated_speed:7.1f} steps/s  (its train(): tf.data pipeline and all callbacks)")
    print(f"  without callbacks {bare_speed:7.1f} steps/s  (its build_model() and tf.data pipeline, fit alone)")
    print(f"plain Keras script  {plain_speed:7.1f} steps/s  (same model and examples, NumPy arrays, no callbacks)")
    print(f"  ratio             {generated_speed / plain_speed:7.2f}x  (generated / plain; above 1 is faster)")
    print(f"  ratio             {bare_speed / plain_speed:7.2f}x  (generated without callbacks / plain)")


if __name__ == "__main__":
    main()
