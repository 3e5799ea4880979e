"""Predict with a trained model: `python -m town_power.predict SERIES.csv ... [--output FILE]`.

Writes a CSV: the file of each series and its last time, with the predictions appended.
"""

import argparse
import csv
import sys
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from town_power import data
from town_power.config import DEFAULT_CONFIG, DataConfig, load_config


def load_inputs(paths: list[Path], config: DataConfig) -> tuple[list[dict[str, str]], np.ndarray]:
    """Series CSV files -> one row per file (its path and last time), and the last window of each."""
    rows, windows = [], []
    for path in paths:
        times, values = data.read_series(path, config)
        if len(values) < config.window:
            raise SystemExit(f"{path} has {len(values)} rows, but a forecast reads the last {config.window}")
        rows.append({"file": str(path), "after": times[-1]})
        windows.append(values[-config.window :])
    return rows, np.stack(windows)


def describe(predictions: np.ndarray, run_dir: Path) -> list[dict[str, str]]:
    """Each forecast in the target's units, one column per step after the last row (`prediction t+1`, ...)."""
    return [
        {f"prediction t+{step}": f"{value:.6g}" for step, value in enumerate(forecast, start=1)}
        for forecast in predictions.tolist()
    ]


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: write one CSV row per input, with its prediction."""
    parser = argparse.ArgumentParser(description="Predict with the trained model.")
    parser.add_argument("inputs", type=Path, nargs="+", help="series CSV files, each forecast after its last row")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: %(default)s)")
    parser.add_argument("--model", type=Path, help="model file (default: model.keras in the config's output_dir)")
    parser.add_argument("--output", type=Path, help="CSV file to write (default: the standard output)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    model_path = args.model or config.train.output_dir / "model.keras"
    model = keras.models.load_model(model_path, compile=False)  # prediction needs no optimizer or loss
    rows, inputs = load_inputs(args.inputs, config.data)
    batches = tf.data.Dataset.from_tensor_slices(inputs).batch(config.data.batch_size)
    predictions = describe(model.predict(batches, verbose=0), model_path.parent)
    if args.output:
        with args.output.open("w", newline="", encoding="utf-8") as handle:
            write_rows(handle, rows, predictions)
    else:
        write_rows(sys.stdout, rows, predictions)


def write_rows(handle, rows: list[dict[str, str]], predictions: list[dict[str, str]]) -> None:
    """Write the rows as CSV, each with its prediction's columns appended."""
    writer = csv.DictWriter(handle, fieldnames=[*rows[0], *predictions[0]])
    writer.writeheader()
    writer.writerows({**row, **prediction} for row, prediction in zip(rows, predictions, strict=True))


if __name__ == "__main__":
    main()
