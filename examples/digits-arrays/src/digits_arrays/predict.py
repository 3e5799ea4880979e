"""Predict with a trained model: `python -m digits_arrays.predict ARRAYS.npz ...`."""

import argparse
import json
from pathlib import Path

import keras
import numpy as np

from digits_arrays import data
from digits_arrays.config import DEFAULT_CONFIG, DataConfig, load_config


def load_inputs(paths: list[Path], config: DataConfig) -> tuple[list[str], np.ndarray]:
    """.npz files with an array `x` -> sample names (`file:index`) and the stacked samples."""
    names, arrays = [], []
    for path in paths:
        with np.load(path) as loaded:
            x = data.read_inputs(loaded)
        names += [f"{path.name}:{index}" for index in range(len(x))]
        arrays.append(x)
    return names, np.concatenate(arrays)


def describe(predictions: np.ndarray, run_dir: Path) -> list[str]:
    """The most probable class and its probability, for each softmax output (names from `classes.json`)."""
    class_names = json.loads((run_dir / "classes.json").read_text())
    return [f"{class_names[int(row.argmax())]} ({row.max():.3f})" for row in predictions]


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: print one prediction per input."""
    parser = argparse.ArgumentParser(description="Predict with the trained model.")
    parser.add_argument("inputs", type=Path, nargs="+", help=".npz files with an array `x`")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: %(default)s)")
    parser.add_argument("--model", type=Path, help="model file (default: model.keras in the config's output_dir)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    model_path = args.model or config.train.output_dir / "model.keras"
    model = keras.models.load_model(model_path, compile=False)  # prediction needs no optimizer or loss
    names, inputs = load_inputs(args.inputs, config.data)
    lines = describe(model.predict(inputs, verbose=0), model_path.parent)
    for name, line in zip(names, lines, strict=True):
        print(f"{name}\t{line}")


if __name__ == "__main__":
    main()
