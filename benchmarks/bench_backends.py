"""Training speed of one generated model on each Keras backend, and what a JAX project's input pipeline costs.

    python benchmarks/bench_backends.py [--python PY] [--epochs N] [--per-class K] [--backends B,...]

Renders the image-classification default (`kgen new --task image_multiclass --defaults`) on
3 classes of 32x32x3 PNG folders (K images each, 160 by default), once per backend
(`--backend tensorflow|jax|torch`), and trains each in a subprocess of its own:

- in the backend's cached virtualenv (tests/e2e/venvs.py: `pip install -e '.[dev]'` of the
  project, built the first time, minutes), or with `--python PY` in that one interpreter for
  every backend (the project is put on `PYTHONPATH`, nothing is installed);
- the project's own `build_model()`, `adapt()`, `compile_model()` and tf.data training split
  (`data.make_datasets`), in a bare `fit` without validation or callbacks: one warm-up epoch
  (tracing, compiling, the first decode and cache) and N timed epochs; steps per second are
  the training steps of an epoch over the median timed epoch.

On JAX the same model is fed a second way, without TensorFlow: a `keras.utils.PyDataset`
over the same images, decoded once with Pillow into NumPy, shuffled each epoch. The table says
whether TensorFlow got imported anyway: Keras 3.15 imports it where installed (`set_random_seed`
seeds it too), and with `tensorflow` made unimportable the model's `Normalization` layer fails
in `fit` on JAX ("This requires the tensorflow module"), so dropping TensorFlow needs more than
another feed. Last, the install size of the JAX project's
dependencies with and without `tensorflow-cpu` (the tf.data pipeline's only reason to be
there): the files that pip recorded for each distribution the project's pins reach.

The machine may be busy with other work: the numbers are noisy. They are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("tensorflow", "jax", "torch")
RESULT = "RESULT "


# --- the worker: runs in the backend's interpreter --------------------------------------------


class EpochTimer:
    def __init__(self):
        import keras

        class Timer(keras.callbacks.Callback):
            def on_epoch_begin(inner, epoch, logs=None):
                inner.started = time.perf_counter()

            def on_epoch_end(inner, epoch, logs=None):
                self.seconds.append(time.perf_counter() - inner.started)

        self.seconds: list[float] = []
        self.callback = Timer()


def read_images(config) -> tuple:
    """Every image of the class folders as float32 0-255 arrays, and its class index, without TensorFlow."""
    import numpy as np
    from PIL import Image

    folders = sorted(p for p in Path(config.path).iterdir() if p.is_dir())
    images, labels = [], []
    height, width = config.image_size
    for label, folder in enumerate(folders):
        for file in sorted(folder.glob("*.png")):
            image = Image.open(file).convert("RGB" if config.channels == 3 else "L").resize((width, height))
            images.append(np.asarray(image, dtype="float32").reshape(height, width, config.channels))
            labels.append(label)
    return np.stack(images), np.array(labels)


def py_dataset(inputs, labels, batch_size: int, seed: int):
    import keras
    import numpy as np

    class Batches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__()
            self.order = np.random.default_rng(seed).permutation(len(labels))

        def __len__(self):
            return -(-len(labels) // batch_size)

        def __getitem__(self, index):
            chosen = self.order[index * batch_size : (index + 1) * batch_size]
            return inputs[chosen], labels[chosen]

        def on_epoch_end(self):
            np.random.default_rng(seed).shuffle(self.order)

    return Batches()


def worker(project: Path, feed: str, epochs: int) -> dict:
    import importlib

    package = project.name.replace("-", "_")
    importlib.import_module(package)  # sets the backend
    import keras

    config_module = importlib.import_module(f"{package}.config")
    model_module = importlib.import_module(f"{package}.model")
    config = config_module.load_config(project / "configs" / "default.toml")
    keras.utils.set_random_seed(config.seed)
    network = model_module.build_model(config.model)
    if feed == "tf.data":
        data = importlib.import_module(f"{package}.data")
        train = data.make_datasets(config.data).train
        model_module.adapt(network, train)
        steps = int(train.cardinality())
    else:
        inputs, labels = read_images(config.data)
        kept = round(len(labels) * (1 - config.data.validation_split - config.data.test_split))
        order = __import__("numpy").random.default_rng(config.seed).permutation(len(labels))[:kept]
        for layer in network.layers:
            if isinstance(layer, keras.layers.Normalization):  # its adapt() would import TensorFlow
                mean, variance, *count = layer.get_weights()
                pixels = inputs[order].reshape(-1, mean.shape[-1])
                layer.set_weights([pixels.mean(0).reshape(mean.shape), pixels.var(0).reshape(variance.shape), *count])
                layer.finalize_state()
        train = py_dataset(inputs[order], labels[order], config.data.batch_size, config.seed)
        steps = len(train)
    model_module.compile_model(network, config.train)
    timer = EpochTimer()
    network.fit(train, epochs=1 + epochs, callbacks=[timer.callback], verbose=0)
    timed = statistics.median(timer.seconds[1:])
    return {
        "backend": keras.backend.backend(),
        "feed": feed,
        "steps": steps,
        "steps_per_s": steps / timed,
        "first_epoch_s": timer.seconds[0],
        "tensorflow_imported": sys.modules.get("tensorflow") is not None,
    }


def sizes(roots: list[str], dropped: str) -> dict:
    """Bytes of the distributions that `roots` require, with and without `dropped` and what only it needs."""
    from importlib import metadata

    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name

    def reach(names: list[str]) -> set[str]:
        seen: set[str] = set()
        todo = [canonicalize_name(name) for name in names]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            try:
                requires = metadata.distribution(name).requires or []
            except metadata.PackageNotFoundError:
                continue
            seen.add(name)
            for line in requires:
                requirement = Requirement(line)
                if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                    todo.append(canonicalize_name(requirement.name))
        return seen

    def size(name: str) -> int:
        files = metadata.distribution(name).files or []
        return sum(path.stat().st_size for path in (file.locate() for file in files) if path.is_file())

    kept = reach(roots)
    everything = reach([*roots, dropped])
    only = {name: size(name) for name in everything - kept}
    return {
        "with": sum(size(name) for name in everything),
        "without": sum(size(name) for name in kept),
        "only": dict(sorted(only.items(), key=lambda item: -item[1])),
    }


# --- the driver: runs in kgen's environment ---------------------------------------------------


def render(work: Path, images: Path, backend: str) -> Path:
    project = work / f"bench-backend-{backend}"
    command = [sys.executable, "-m", "kgen", "new", str(project), "--task", "image_multiclass"]
    command += ["--data-path", str(images), "--defaults", "--backend", backend]
    subprocess.run(command, check=True, capture_output=True, text=True, cwd=work)
    return project


def call(python: Path, project: Path, *arguments: str) -> dict:
    from tests.e2e import venvs

    command = [str(python), __file__, "--worker", str(project), *arguments]
    env = venvs.clean_env(PYTHONPATH=str(project / "src"))
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    line = next(line for line in result.stdout.splitlines() if line.startswith(RESULT))
    return json.loads(line.removeprefix(RESULT))


def megabytes(count: int) -> str:
    return f"{count / 2**20:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", type=Path, help="one interpreter with every backend, instead of cached venvs")
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs after the warm-up one")
    parser.add_argument("--per-class", type=int, default=160, help="images per class (3 classes)")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--feed", default="tf.data", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker and args.sizes:
        roots = ["keras", "jax", "numpy", "matplotlib", "tensorboard"]
        print(RESULT + json.dumps(sizes(roots, "tensorflow-cpu")))
        return
    if args.worker:
        print(RESULT + json.dumps(worker(args.worker, args.feed, args.epochs)))
        return

    sys.path.insert(0, str(ROOT))
    from tests.e2e import datasets, venvs

    backends = [name for name in args.backends.split(",") if name]
    with tempfile.TemporaryDirectory(prefix="bench-backends-") as folder:
        work = Path(folder)
        images = datasets.image_folders(work, classes=3, size=(32, 32), channels=3, per_class=args.per_class)
        rows, size = [], None
        for backend in backends:
            project = render(work, images, backend)
            if args.python:
                python = args.python
            else:
                started = time.perf_counter()
                python = venvs.install(project, backend) / "python"
                print(f"{backend}: venv {python.parent.parent} ready in {time.perf_counter() - started:.0f} s")
            feeds = ["tf.data", "PyDataset"] if backend == "jax" else ["tf.data"]
            for feed in feeds:
                rows.append(call(python, project, "--feed", feed, "--epochs", str(args.epochs)))
                print(f"{backend} fed by {feed}: {rows[-1]['steps_per_s']:.1f} steps/s", flush=True)
            if backend == "jax":
                size = call(python, project, "--sizes")

    reference = next((row["steps_per_s"] for row in rows if row["backend"] == "tensorflow"), None)
    print()
    print(
        f"image_multiclass default, 32x32x3, batch 32, {rows[0]['steps']} steps/epoch, median of {args.epochs} epochs"
    )
    print(f"{'backend':<11} {'input':<10} {'steps/s':>8} {'vs tf':>6} {'1st epoch':>10}  TensorFlow imported")
    for row in rows:
        ratio = f"{row['steps_per_s'] / reference:.2f}" if reference else "-"
        print(
            f"{row['backend']:<11} {row['feed']:<10} {row['steps_per_s']:8.1f} {ratio:>6}"
            f" {row['first_epoch_s']:9.1f}s  {'yes' if row['tensorflow_imported'] else 'no'}"
        )
    jax_rows = {row["feed"]: row["steps_per_s"] for row in rows if row["backend"] == "jax"}
    if len(jax_rows) == 2:
        print(f"jax: PyDataset / tf.data = {jax_rows['PyDataset'] / jax_rows['tf.data']:.2f}")
    if size:
        print()
        print(f"jax project's dependencies: {megabytes(size['with'])} with tensorflow-cpu,", end=" ")
        print(f"{megabytes(size['without'])} without")
        pieces = ", ".join(f"{name} {megabytes(count)}" for name, count in list(size["only"].items())[:6])
        print(f"  only for tensorflow-cpu: {pieces}")


if __name__ == "__main__":
    main()
