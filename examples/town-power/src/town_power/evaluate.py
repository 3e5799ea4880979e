"""Evaluate a trained model beside a baseline: `python -m town_power.evaluate [--data PATH]`.

It scores the test split carved from the training data, or with `--data` every example of
other files in the same format (a separate test set), read by the project's own loader.

The baseline always predicts the training split's mean of each step.
A model that does not beat it has learned nothing from the inputs.
"""

import argparse
import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from town_power import data
from town_power.config import DEFAULT_CONFIG, Config, DataConfig, load_config
from town_power.model import compile_model


def load_trained_model(path: Path, config: Config) -> keras.Model:
    """Load a saved model and compile it afresh for this machine.

    A `.keras` file keeps the `jit_compile` setting of the machine that saved
    it, so the model is loaded without its compile state and compiled here.
    """
    model = keras.models.load_model(path, compile=False)
    compile_model(model, config.train)
    return model


def evaluate(
    config: Config, model_path: Path, data_path: Path | None = None, test_config: DataConfig | None = None
) -> dict[str, dict[str, float]]:
    """Loss and metrics on the test split (or on all of `data_path`), of `model` and of the trivial `baseline`.

    It also scores the naive forecasts: `persistence`, and `seasonal naive` when there is a period.
    """
    model = load_trained_model(model_path, config)
    datasets = data.make_datasets(config.data, test_path=data_path, test_config=test_config)
    return {
        "model": model.evaluate(datasets.test, return_dict=True, verbose=0),
        "baseline": score_baseline(datasets, model, config),
        **score_naive_forecasts(datasets, config),
    }


def score_baseline(datasets: data.Datasets, model: keras.Model, config: Config) -> dict[str, float]:
    """Loss and metrics on the test split of one answer for every example, made from the training targets alone."""
    prediction = baseline_prediction(all_targets(datasets.train), model)
    return score_constant(prediction, datasets.test, config)


def baseline_prediction(targets: np.ndarray, model: keras.Model) -> np.ndarray:
    """The trivial predictor's one answer: the mean of the training targets."""
    return targets.reshape(len(targets), *model.output_shape[1:]).mean(axis=0)


def all_targets(dataset: tf.data.Dataset):
    """The targets of every batch, concatenated: one array, or one per head."""
    return tf.nest.map_structure(lambda *batches: np.concatenate(batches), *[targets for _, targets in dataset])


def score_constant(prediction, dataset: tf.data.Dataset, config: Config) -> dict[str, float]:
    """Loss and metrics of always predicting `prediction` (one array, or one per head), for every example."""

    def repeat(inputs, targets):
        size = tf.shape(tf.nest.flatten(targets)[0])[0]
        constant = lambda value: tf.broadcast_to(tf.constant(value, "float32"), [size, *value.shape])  # noqa: E731
        return tf.nest.map_structure(constant, prediction), targets

    return score_predictions(dataset.map(repeat), config)


def score_predictions(dataset: tf.data.Dataset, config: Config) -> dict[str, float]:
    """Loss and metrics, by the project's own loss and metrics, of predictions made without the model.

    `dataset` yields `(predictions, targets)` batches, the predictions one array or one per head.
    A model that returns its input (one per head, named like the heads) is compiled like the
    real one and evaluated on them.
    """
    specs = dataset.element_spec[0]
    several = isinstance(specs, dict)
    heads = specs if several else {"echo": specs}
    inputs = {f"{name}_input": keras.Input(shape=spec.shape[1:], name=f"{name}_input") for name, spec in heads.items()}
    outputs = {name: layers.Identity(name=name)(inputs[f"{name}_input"]) for name in heads}
    echo = keras.Model(inputs, outputs if several else outputs["echo"], name="echo")
    compile_model(echo, config.train)

    def named(predictions, targets):
        by_head = predictions if several else {"echo": predictions}
        return {f"{name}_input": value for name, value in by_head.items()}, targets

    return echo.evaluate(dataset.map(named), return_dict=True, verbose=0)


def score_naive_forecasts(datasets: data.Datasets, config: Config) -> dict[str, dict[str, float]]:
    """Loss and metrics of the naive forecasts, which read only the target's own past in each window.

    Persistence repeats the window's last value; with a `period`, seasonal naive repeats the
    value one season before each forecast step.
    """
    steps = np.arange(config.data.horizon)
    lags = {"persistence": np.full_like(steps, 1)}
    if config.data.period:
        lags["seasonal naive"] = config.data.period - steps % config.data.period
    return {name: score_lagged(datasets.test, lag, config) for name, lag in lags.items()}


def score_lagged(dataset: tf.data.Dataset, lags: np.ndarray, config: Config) -> dict[str, float]:
    """Loss and metrics of forecasting each step with the target `lags[step]` rows before the window's end.

    The forecasts come from the raw windows, whose last column is the target.
    """
    positions = config.data.window - lags  # lag 1 is the window's last row
    forecasts = dataset.map(lambda series, targets: (tf.gather(series[:, :, -1], positions, axis=1), targets))
    return score_predictions(forecasts, config)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: print the test metrics beside the baseline's and save both as JSON."""
    parser = argparse.ArgumentParser(description="Evaluate the model beside a baseline that learns nothing.")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: %(default)s)")
    parser.add_argument("--model", type=Path, help="model file (default: model.keras in the config's output_dir)")
    parser.add_argument("--data", type=Path, help="score every example of these files instead of the test split")
    parser.add_argument("--output", type=Path, help="JSON file to write (default: test_metrics.json beside the model)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    model_path = args.model or config.train.output_dir / "model.keras"
    results = evaluate(config, model_path, args.data)
    width = max(len(name) for name in results) + 1
    for name, scores in results.items():
        print(f"{name + ':':<{width}} " + ", ".join(f"{metric} {value:.5g}" for metric, value in scores.items()))
    print("The baseline always predicts the training split's mean of each step.")
    (args.output or model_path.parent / "test_metrics.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
