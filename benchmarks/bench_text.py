"""Training speed of a generated text project, against a keras.io-style script of the same model.

    python benchmarks/bench_text.py [--epochs N] [--rounds R]

Writes 900 docstrings of numpy, keras and matplotlib as a CSV (`scripts/write_texts.py`),
renders `examples/library-docstrings.yml` on it with `kgen new`, and then, in this one process
and in alternating rounds:

- generated: the project's own `train()`: its tf.data pipeline of raw strings (cached,
  shuffled, prefetched), the `TextVectorization` inside the model, and all its callbacks;
- generated without callbacks: its `build_model()` and pipeline in a bare `fit`;
- plain: the script keras.io's text classification examples teach, written below: the same
  training and validation texts, a `TextVectorization` adapted on the training texts and
  mapped over the dataset before the model (so the model reads token ids), then the same
  layers (embedding 32, Conv1D 32x5 with max pooling, average pooling, dense 32 with batch
  normalization and dropout 0.3, softmax), no callbacks.

Each trains one warm-up epoch and then N timed epochs, validation included. Examples per
second are training examples over the median timed epoch's wall time; the median over the
rounds is printed, never asserted.

Then, where the callbacks' time goes: one more run of the project's `train()` with each of its
callbacks' own hooks (those it overrides: epoch, batch, train begin and end) timed, printed in
milliseconds per epoch. A callback that overrides a batch hook also makes Keras call the hooks
of every batch in step with training instead of in a background thread (`CallbackList`'s
async dispatch) and read each batch's logs back; that cost is in no hook's time, but in the
gap between the run with callbacks and the one without.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "library_docstrings"
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_train import EpochTimer, fit_bare, time_train  # noqa: E402


def render_project(work: Path) -> Path:
    """Write the docstrings CSV and render the example project on it."""
    data = work / "data" / "docstrings.csv"
    data.parent.mkdir(parents=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "write_texts.py"), "docstrings-csv", str(data)], check=True)
    project = work / "library-docstrings"
    answers = ROOT / "examples" / "library-docstrings.yml"
    command = [Path(sys.executable).parent / "kgen", "new", project, "--answers", answers, "--data-path", data]
    subprocess.run([str(part) for part in [*command, "--defaults"]], check=True, capture_output=True, text=True)
    return project


def load_config(project: Path, epochs: int):  # type: ignore[no-untyped-def]
    from library_docstrings import config as config_module

    config = config_module.load_config(project / "configs" / "default.toml")
    # Early stopping waits past the last epoch, so that every epoch runs.
    train = dataclasses.replace(config.train, epochs=1 + epochs, early_stopping_patience=1 + epochs)
    return dataclasses.replace(config, train=train)


def run_generated(project: Path, epochs: int) -> tuple[float, int]:
    """Examples per second of the project's `train()`, and its training examples."""
    from library_docstrings import data, train

    config = load_config(project, epochs)
    examples = sum(len(targets) for _, targets in data.make_datasets(config.data).train)
    timer = time_train(train, config)
    return timer.steps_per_second(examples), examples


def run_generated_bare(project: Path, epochs: int) -> tuple[float, int]:
    """Examples per second of the project's model and pipeline, fitted without its callbacks."""
    from library_docstrings import data, model

    config = load_config(project, epochs)
    datasets = data.make_datasets(config.data)
    timer = fit_bare(model, datasets, config, epochs)
    examples = sum(len(targets) for _, targets in datasets.train)
    return timer.steps_per_second(examples), examples


def run_plain(project: Path, epochs: int) -> tuple[float, int]:
    """Examples per second of the keras.io-style script on the same training and validation texts."""
    import keras
    import numpy as np
    import tensorflow as tf
    from keras import layers
    from library_docstrings import data

    config = load_config(project, epochs)
    datasets = data.make_datasets(config.data)
    texts, labels = (np.concatenate(part) for part in zip(*datasets.train.as_numpy_iterator(), strict=True))
    val_texts, val_labels = (
        np.concatenate(part) for part in zip(*datasets.validation.as_numpy_iterator(), strict=True)
    )
    keras.utils.set_random_seed(config.seed)
    vectorize = layers.TextVectorization(
        max_tokens=config.model.max_tokens, output_sequence_length=config.model.sequence_length
    )
    vectorize.adapt(texts.reshape(-1))

    def pipeline(x, y, *, shuffle: bool) -> tf.data.Dataset:
        dataset = tf.data.Dataset.from_tensor_slices((x.reshape(-1), y))
        dataset = dataset.shuffle(len(y), seed=config.seed) if shuffle else dataset
        dataset = dataset.batch(config.data.batch_size).map(lambda t, label: (vectorize(t), label))
        return dataset.cache().prefetch(tf.data.AUTOTUNE)

    inputs = keras.Input(shape=(None,), dtype="int64")
    x = layers.Embedding(config.model.max_tokens, 32)(inputs)
    x = layers.Conv1D(32, 5, padding="same", activation="relu")(x)
    x = layers.MaxPooling1D(2, padding="same")(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(32, use_bias=False)(x)
    x = layers.Dropout(0.3)(layers.Activation("relu")(layers.BatchNormalization(momentum=0.9)(x)))
    model = keras.Model(inputs, layers.Dense(config.model.num_classes, activation="softmax")(x))
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(
        pipeline(texts, labels, shuffle=True),
        validation_data=pipeline(val_texts, val_labels, shuffle=False),
        epochs=1 + epochs,
        callbacks=[timer.callback],
        verbose=0,
    )
    return timer.steps_per_second(len(labels)), len(labels)


HOOKS = (
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
)


def run_callback_costs(project: Path, epochs: int) -> dict[str, float]:
    """Seconds each callback of the project's `train()` spends in its own hooks, per epoch run.

    The hooks of the training's begin and end count too, spread over its epochs.
    """
    import time

    from keras.src import utils
    from library_docstrings import train

    config = load_config(project, epochs)
    spent: dict[str, float] = {}
    make_callbacks = train.make_callbacks

    def timed(callback, name: str, hook: str):  # type: ignore[no-untyped-def]
        method = getattr(callback, hook)

        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

        return call

    def timed_callbacks(*args):  # type: ignore[no-untyped-def]
        callbacks = make_callbacks(*args)
        for callback in callbacks:
            name = type(callback).__name__
            for hook in HOOKS:
                if not utils.is_default(getattr(callback, hook)):  # a default hook stays one, as Keras checks
                    setattr(callback, hook, timed(callback, name, hook))
        return callbacks

    train.make_callbacks = timed_callbacks
    try:
        history = train.train(config, verbose=0)
    finally:
        train.make_callbacks = make_callbacks
    return {name: seconds / len(history.epoch) for name, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs after the warm-up (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of both (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgen-bench-text-") as work:
        project = render_project(Path(work))
        sys.path.insert(0, str(project / "src"))
        generated, bare, plain = [], [], []
        for _ in range(args.rounds):
            speed, generated_examples = run_generated(project, args.epochs)
            generated.append(speed)
            speed, _ = run_generated_bare(project, args.epochs)
            bare.append(speed)
            speed, plain_examples = run_plain(project, args.epochs)
            plain.append(speed)
        costs = run_callback_costs(project, args.epochs)
    assert generated_examples == plain_examples, "both runs must train on the same examples"
    generated_speed, bare_speed, plain_speed = (statistics.median(speeds) for speeds in (generated, bare, plain))
    print(f"docstrings: {generated_examples} training texts, {args.epochs} timed epochs after a warm-up")
    print(f"generated project   {generated_speed:8.1f} texts/s  (its train(): raw strings in, all callbacks)")
    print(f"  without callbacks {bare_speed:8.1f} texts/s  (its build_model() and tf.data pipeline, fit alone)")
    print(f"keras.io-style      {plain_speed:8.1f} texts/s  (vectorized in tf.data before the model, no callbacks)")
    print(f"  ratio             {generated_speed / plain_speed:8.2f}x  (generated / keras.io-style; above 1 is faster)")
    print(f"  ratio             {bare_speed / plain_speed:8.2f}x  (generated without callbacks / keras.io-style)")
    epoch_gap = generated_examples / generated_speed - generated_examples / bare_speed
    print(f"callbacks' cost     {1000 * epoch_gap:8.1f} ms an epoch (the median epoch with callbacks minus without)")
    for name, seconds in sorted(costs.items(), key=lambda item: -item[1]):
        print(f"  {name:<17} {1000 * seconds:8.1f} ms an epoch in its own hooks (begin and end of training included)")


if __name__ == "__main__":
    main()
