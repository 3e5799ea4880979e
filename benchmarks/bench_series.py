"""Forecast quality of generated series projects, against the naive forecasts and a linear autoregression.

    python benchmarks/bench_series.py [--seeds S]

Two series, each rendered with `kgen new` and trained with the project's own `train()` (its
epochs, early stopping, learning-rate halving) and scored by its own `evaluate()` on the test
split, the last windows in time order:

- `town-power`: `examples/town-power.yml` on `scripts/write_series.py town-power` (16 weeks of
  hourly power and temperature, deterministic): 48 rows in, the next 12 hours out, period 24;
- `membrane`: matplotlib's recorded membrane potential (`scripts/write_series.py membrane`,
  12,000 samples of one voltage, spikes on a flat line): 32 rows in, the next 4 out, no time
  column, no period, the default blocks.

On the same windows, taken from the project's `data.make_datasets` splits:

- linear autoregression: least squares with an intercept from every value of the window to
  each forecast step, fit on the training split (the classic AR(p) with exogenous columns);
- persistence and seasonal naive: as the project's `evaluate()` computes them.

The network trains with S seeds (the config's seed and the next; the split does not depend on
the seed). Test MAE and RMSE are printed in the target's units, the network's as the median
over the seeds, with the ratio of its MAE to each other forecast's (below 1: the network is
better). The numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
SERIES = {
    "town-power": ("town_power", ["--answers", str(ROOT / "examples" / "town-power.yml")]),
    "membrane": ("membrane", ["--task", "series_forecast", "--window", "32", "--horizon", "4", "--epochs", "40"]),
}


def render_project(work: Path, name: str) -> Path:
    """Write the series as a CSV and render its project on it; the project's `src` goes on `sys.path`."""
    writer, arguments = SERIES[name]
    data = work / "data" / f"{writer}.csv"
    script = runpy.run_path(str(ROOT / "scripts" / "write_series.py"))
    script["write"](data, script[writer]())
    project = work / writer
    command = [str(Path(sys.executable).parent / "kgen"), "new", str(project), *arguments]
    command += ["--project-name", writer.replace("_", "-"), "--data-path", str(data), "--defaults", "--no-git"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    sys.path.insert(0, str(project / "src"))
    return project


def windows(package: str, config):  # type: ignore[no-untyped-def]
    """The project's train and test windows as NumPy `(windows, window, columns)` and `(windows, horizon)`."""
    import numpy as np

    datasets = importlib.import_module(f"{package}.data").make_datasets(config.data)
    splits = {}
    for name in ("train", "test"):
        batches = list(getattr(datasets, name).as_numpy_iterator())
        splits[name] = tuple(np.concatenate([batch[part] for batch in batches]) for part in (0, 1))
    return splits


def scores(prediction, targets) -> dict[str, float]:  # type: ignore[no-untyped-def]
    import numpy as np

    error = np.asarray(prediction, dtype="float64") - np.asarray(targets, dtype="float64")
    return {"mae": float(np.abs(error).mean()), "rmse": float(np.sqrt((error**2).mean()))}


def linear_autoregression(splits) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Least squares from the flattened window (and an intercept) to the horizon, on the training windows."""
    import numpy as np

    def design(inputs):  # type: ignore[no-untyped-def]
        return np.concatenate([inputs.reshape(len(inputs), -1).astype("float64"), np.ones((len(inputs), 1))], axis=1)

    (x_train, y_train), (x_test, y_test) = splits["train"], splits["test"]
    weights, *_ = np.linalg.lstsq(design(x_train), y_train.astype("float64"), rcond=None)
    return scores(design(x_test) @ weights, y_test)


def network(package: str, project: Path, seed: int) -> tuple[dict[str, dict[str, float]], int]:
    """The project's own `train()` and `evaluate()` with one seed: every score of `evaluate`, and epochs run."""
    config_module = importlib.import_module(f"{package}.config")
    train = importlib.import_module(f"{package}.train")
    evaluate = importlib.import_module(f"{package}.evaluate")
    config = config_module.load_config(project / "configs" / "default.toml")
    run = dataclasses.replace(config.train, output_dir=project / "runs" / f"seed-{seed}")
    config = dataclasses.replace(config, train=run, seed=seed)
    history = train.train(config, verbose=0)
    return evaluate.evaluate(config, run.output_dir / "model.keras"), len(history.epoch)


def report(name: str, seeds: list[int], work: Path) -> None:
    package = SERIES[name][0]
    project = render_project(work, name)
    config = importlib.import_module(f"{package}.config").load_config(project / "configs" / "default.toml")
    splits = windows(package, config)
    runs = [network(package, project, seed) for seed in seeds]
    results = runs[0][0]
    median = {metric: statistics.median(run[0]["model"][metric] for run in runs) for metric in ("mae", "rmse")}
    rows = {"generated network": median, "linear autoregression": linear_autoregression(splits)}
    rows |= {name: results[name] for name in results if name != "model"}
    epochs = ", ".join(str(run[1]) for run in runs)
    print(f"\n{name}: {len(splits['train'][0])} training and {len(splits['test'][0])} test windows of")
    print(f"{config.data.window} rows -> {config.data.horizon} steps; seeds {seeds}, epochs run {epochs}")
    print(f"  {'forecast':<22} {'test MAE':>10} {'test RMSE':>10} {'network MAE / its MAE':>22}")
    for label, score in rows.items():
        print(f"  {label:<22} {score['mae']:>10.4g} {score['rmse']:>10.4g} {median['mae'] / score['mae']:>21.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="training seeds of the network (default: %(default)s)")
    parser.add_argument("--series", nargs="+", choices=list(SERIES), default=list(SERIES), help="which series")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgen-bench-series-") as work:
        for name in args.series:
            report(name, [42 + offset for offset in range(args.seeds)], Path(work))


if __name__ == "__main__":
    main()
