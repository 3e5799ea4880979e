"""Predict with a trained model: `python -m numpy_or_keras.predict TEXT_OR_FOLDER ... [--output FILE]`.

Writes a CSV: the path of each text file, with the predictions appended.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from numpy_or_keras import data
from numpy_or_keras.config import DEFAULT_CONFIG, DataConfig, load_config


def load_inputs(paths: list[Path], config: DataConfig) -> tuple[list[dict[str, str]], np.ndarray]:
    """Text files (folders are searched for `.txt` files, in any case) -> a row naming each file, and their texts."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(f for f in path.rglob("*") if f.suffix.lower() == ".txt" and f.is_file())
        else:
            files.append(path)
    texts = np.array([data.read_text(f) for f in files], dtype=object).reshape(-1, 1)
    return [{"file": str(f)} for f in files], texts


def describe(predictions: np.ndarray, run_dir: Path) -> list[dict[str, str]]:
    """The predicted class and its probability, for each sigmoid output (names from `classes.json`)."""
    class_names = json.loads((run_dir / "classes.json").read_text())
    return [
        {"prediction": class_names[int(p >= 0.5)], "probability": f"{max(p, 1 - p):.4f}"}
        for p in predictions[:, 0].tolist()
    ]


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: write one CSV row per input, with its prediction."""
    parser = argparse.ArgumentParser(description="Predict with the trained model.")
    parser.add_argument("inputs", type=Path, nargs="+", help="text files or folders of them")
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
