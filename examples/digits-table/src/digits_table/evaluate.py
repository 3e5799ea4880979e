"""Evaluate a trained model on the test split: `python -m digits_table.evaluate`."""

import argparse
import json
from pathlib import Path

import keras

from digits_table import data
from digits_table.config import DEFAULT_CONFIG, Config, load_config
from digits_table.model import compile_model


def load_trained_model(path: Path, config: Config) -> keras.Model:
    """Load a saved model and compile it afresh for this machine.

    A `.keras` file keeps the `jit_compile` setting of the machine that saved
    it, so the model is loaded without its compile state and compiled here.
    """
    model = keras.models.load_model(path, compile=False)
    compile_model(model, config.train)
    return model


def evaluate(config: Config, model_path: Path) -> dict[str, float]:
    """Loss and metrics of the model at `model_path` on the test split."""
    model = load_trained_model(model_path, config)
    test = data.make_datasets(config.data).test
    return model.evaluate(test, return_dict=True, verbose=0)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: print the test metrics and save them as JSON."""
    parser = argparse.ArgumentParser(description="Evaluate the trained model on the test split.")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: %(default)s)")
    parser.add_argument("--model", type=Path, help="model file (default: model.keras in the config's output_dir)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    model_path = args.model or config.train.output_dir / "model.keras"
    results = evaluate(config, model_path)
    print("test: " + ", ".join(f"{name} {value:.4f}" for name, value in results.items()))
    (model_path.parent / "test_metrics.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
