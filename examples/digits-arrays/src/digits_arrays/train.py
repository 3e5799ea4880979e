"""Train the model: `python -m digits_arrays.train [--epochs N] [--output-dir DIR]`.

Writes into the output directory: `model.keras` (the best epoch by validation
loss), `history.csv`, `history.png`, `classes.json`, and TensorBoard logs in `logs/`.
While it trains, `best.weights.h5` holds the best epoch's weights so far: after an
interrupted run, `build_model`, `adapt` and `model.load_weights` give that model back.
"""

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from pathlib import Path

import keras
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from digits_arrays import data
from digits_arrays.config import DEFAULT_CONFIG, Config, TrainConfig, load_config
from digits_arrays.model import adapt, build_model, compile_model


def train(config: Config, *, verbose: int | str = "auto") -> keras.callbacks.History:
    """Fit the model on the training split and save what the run produced.

    The model's layers are made under the dtype policy `config.train.precision`, and the
    policy from before is put back once they are: a layer keeps the policy it was made with,
    and other code in the same process (the tests call `train` several times) keeps its own.
    """
    output_dir = config.train.output_dir
    report_runtime(config.train, verbose=verbose)
    keras.utils.set_random_seed(config.seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    datasets = data.make_datasets(config.data)
    with dtype_policy(config.train.precision):
        model = build_model(config.model)
    adapt(model, datasets.train)
    compile_model(model, config.train)
    history = model.fit(
        datasets.train,
        validation_data=datasets.validation,
        epochs=config.train.epochs,
        callbacks=make_callbacks(config.train, output_dir),
        shuffle=False,  # the tf.data pipeline shuffles; Keras would only warn
        verbose=verbose,
    )
    # EarlyStopping restored the best weights (those of the checkpoint): the whole model,
    # vocabulary and preprocessing included, is saved once, here.
    model.save(output_dir / "model.keras")
    (output_dir / "classes.json").write_text(json.dumps(datasets.class_names, indent=2) + "\n")
    plot_history(history, output_dir / "history.png", heads=model.output_names)
    return history


def report_runtime(config: TrainConfig, *, verbose: int | str = "auto") -> None:
    """Print the backend in use, the devices it found, the precision and jit_compile, unless `verbose` is 0.

    Warns, in one line on standard error, when Keras runs on another backend than
    `config.backend`: a `KERAS_BACKEND` set before the package was imported won.
    """
    backend = keras.backend.backend()
    if backend != config.backend:
        print(
            f"warning: Keras runs on {backend}, not on {config.backend} as the config says"
            f" (KERAS_BACKEND={os.environ.get('KERAS_BACKEND')}); unset KERAS_BACKEND to train on {config.backend}",
            file=sys.stderr,
        )
    if verbose != 0:
        print(
            f"Keras {keras.__version__} on {backend}, devices {', '.join(devices())},"
            f" precision {config.precision}, jit_compile {config.jit_compile}"
        )


def devices() -> list[str]:
    """The devices Keras found: its GPUs (or TPUs), else the CPU, as `"gpu:0"`, `"cpu:0"`, ..."""
    return keras.distribution.list_devices()


@contextlib.contextmanager
def dtype_policy(name: str):
    """Make layers under the Keras dtype policy `name` (`"mixed_bfloat16"`, ...), then put back the one before."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


def make_callbacks(config: TrainConfig, output_dir: Path) -> list[keras.callbacks.Callback]:
    """Checkpoint the best epoch, stop early, adapt the learning rate, log to CSV and TensorBoard.

    The checkpoint holds weights only: a whole `.keras` file (config, vocabulary, zip) cost
    about 0.3 s each time the validation loss improved, on epochs of under a second.
    """
    return [
        keras.callbacks.ModelCheckpoint(
            output_dir / "best.weights.h5", monitor="val_loss", save_best_only=True, save_weights_only=True
        ),
        keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=config.early_stopping_patience, restore_best_weights=True
        ),
        learning_rate_callback(config),
        keras.callbacks.CSVLogger(output_dir / "history.csv"),
        keras.callbacks.TensorBoard(log_dir=output_dir / "logs"),
    ]


def learning_rate_callback(config: TrainConfig) -> keras.callbacks.Callback:
    """Step decay: the initial rate, halved every `decay_every` epochs."""
    return keras.callbacks.LearningRateScheduler(lambda epoch: learning_rate_at(epoch, config))


def learning_rate_at(epoch: int, config: TrainConfig) -> float:
    """The rate for a 0-based `epoch`."""
    return config.learning_rate * 0.5 ** (epoch // config.decay_every)


def plot_history(history: keras.callbacks.History, path: Path, heads: list[str] | None = None) -> None:
    """One panel per metric, the loss first: training and validation curves over the epochs.

    The panels of a model with several heads go in rows: the total loss, then one row per head.
    """
    rows = history_panels(list(history.history), heads or [])
    columns = max(len(row) for row in rows)
    figure = Figure(figsize=(4.5 * columns, 3.5 * len(rows)), layout="tight")
    axes = figure.subplots(len(rows), columns, squeeze=False)
    for row_axes, row in zip(axes, rows, strict=True):
        for axis in row_axes[len(row) :]:
            axis.set_visible(False)
        for axis, name in zip(row_axes, row, strict=False):
            _plot_metric(axis, history, name)
    figure.savefig(path, dpi=100)


def history_panels(names: list[str], heads: list[str]) -> list[list[str]]:
    """The logged metrics `plot_history` draws, in rows: each row's loss first, as the one training minimizes.

    Args:
        names: The keys of `History.history`; Keras logs the compiled metrics before the loss.
        heads: The model's output names; a model with several prefixes each head's metrics with its name.
    """
    names = [name for name in names if not name.startswith("val_") and name != "learning_rate"]
    prefixes = tuple(f"{head}_" for head in heads)
    rows = [[name for name in names if not name.startswith(prefixes)]]
    rows += [[name for name in names if name.startswith(prefix)] for prefix in prefixes]
    return [sorted(row, key=lambda name: not name.endswith("loss")) for row in rows if row]


def _plot_metric(axis, history: keras.callbacks.History, name: str) -> None:
    epochs = [epoch + 1 for epoch in history.epoch]
    axis.plot(epochs, history.history[name], marker="o", label="training")
    if f"val_{name}" in history.history:
        axis.plot(epochs, history.history[f"val_{name}"], marker="o", label="validation")
    axis.set_title(name.replace("_", " "))
    axis.set_xlabel("epoch")
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.grid(alpha=0.3)
    axis.legend()


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Train the model and save it with its history.")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: %(default)s)")
    parser.add_argument("--epochs", type=int, help="override train.epochs")
    parser.add_argument("--batch-size", type=int, help="override data.batch_size")
    parser.add_argument("--learning-rate", type=float, help="override train.learning_rate")
    parser.add_argument("--output-dir", type=Path, help="override train.output_dir")
    parser.add_argument(
        "--verbose", type=int, choices=(0, 1, 2), help="0: silent, 1: progress bar, 2: one line per epoch"
    )
    args = parser.parse_args(argv)
    config = with_overrides(load_config(args.config), args)
    history = train(config, verbose="auto" if args.verbose is None else args.verbose)
    final = {name: values[-1] for name, values in history.history.items()}
    print("final epoch: " + ", ".join(f"{name} {value:.5g}" for name, value in final.items()))
    print(f"model, history and plots in {config.train.output_dir}")


def with_overrides(config: Config, args: argparse.Namespace) -> Config:
    """The config with the values given on the command line in place of the file's."""
    train_overrides = {"epochs": args.epochs, "learning_rate": args.learning_rate, "output_dir": args.output_dir}
    data_overrides = {"batch_size": args.batch_size}
    return dataclasses.replace(
        config,
        train=dataclasses.replace(config.train, **{k: v for k, v in train_overrides.items() if v is not None}),
        data=dataclasses.replace(config.data, **{k: v for k, v in data_overrides.items() if v is not None}),
    )


if __name__ == "__main__":
    main()
