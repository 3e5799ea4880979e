"""Predict with a trained model: `python -m digits_table.predict ROWS.csv ... [--output FILE]`.

Writes a CSV: the input rows as read, with the predictions appended.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from digits_table import data
from digits_table.config import DEFAULT_CONFIG, DataConfig, load_config


def load_inputs(paths: list[Path], config: DataConfig) -> tuple[list[dict[str, str]], dict[str, np.ndarray]]:
    """CSV files with the feature columns -> their rows as read, and the columns the model takes."""
    tables = [(path, data.read_rows(path, config)) for path in paths]
    parts = [data.read_columns(rows, config, path) for path, rows in tables]
    columns = {column: np.concatenate([part[column] for part in parts]) for column in parts[0]}
    return [row for _, rows in tables for row in rows], columns


def describe(predictions: np.ndarray, run_dir: Path) -> list[dict[str, str]]:
    """The most probable class and its probability, for each softmax output (names from `classes.json`)."""
    class_names = json.loads((run_dir / "classes.json").read_text())
    return [{"prediction": class_names[int(row.argmax())], "probability": f"{row.max():.4f}"} for row in predictions]


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: write one CSV row per input, with its prediction."""
    parser = argparse.ArgumentParser(description="Predict with the trained model.")
    parser.add_argument("inputs", type=Path, nargs="+", help="CSV files with the feature columns")
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
