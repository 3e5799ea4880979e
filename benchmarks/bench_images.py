"""Image projects: super-resolution quality against bicubic and a plain ESPCN, and paired-patch pipeline speed.

    python benchmarks/bench_images.py [--seeds S] [--epochs N] [--pipeline-epochs E] [--npz-epochs N] [--parts P]

Both parts run on 64x64 tiles of scikit-learn's two sample photographs, written by
`scripts/write_images.py` into a temporary folder (120 tiles; the projects split them
84 / 24 / 12 for training, validation and test).

1. Super-resolution x2 (`examples/photo-upscale.yml`, rendered with `kgen new` on the tiles):

   - generated: the project's own `train()` (its epochs, early stopping with the best weights
     restored, learning-rate halving; the time includes saving the model and its plots) and
     its own `evaluate()` on the test split, whose PSNR and SSIM are printed for the model and
     for its baseline, bicubic upscaling;
   - plain ESPCN: the same size of network written inline below in plain Keras, as a script
     written by hand would be: Conv2D 5x5 64 tanh, Conv2D 3x3 32 tanh, Conv2D 3x3 3 * 2**2,
     depth-to-space; no bicubic skip, mean squared error, Adam 1e-3, EarlyStopping with the
     best weights restored. It is fed the project's own `data.make_datasets` training and
     validation pipelines (the same random crops, batches and downscaling) for the project's
     number of epochs, so only the model and the loss differ.

   All three are scored again on the same test images, by hand in NumPy: outputs clipped to
   [0, 1], per image `10 log10(1 / mse)`, averaged over the images; SSIM by the project's own
   metric, image by image. The hand PSNR of the generated model and of bicubic upscaling is a
   cross-check of `evaluate()`'s numbers. The table gives test PSNR, its gain over bicubic,
   SSIM, trainable parameters, epochs run and training seconds. One seed by default (42); with
   `--seeds S` each network trains with seeds 42, 43, ... and the median is printed.

2. Pipeline speed (`examples/photo-denoise.yml`, rendered on noisy/clean pairs of the tiles):
   crops per second of iterating the project's `data.make_datasets(config.data).train` (decode
   and cache once, repeat, shuffle, paired random crops, batch, prefetch) against a naive loop
   over the same training files, as a script written without tf.data would do it: each epoch,
   for each pair in a shuffled order, open both PNGs with Pillow, convert them to float32 / 255,
   cut `crops_per_image` random `patch_size` crops at the same place in both, and stack them in
   batches of `batch_size`. Both read `crops_per_image` crops of each training pair per epoch.
   The first epoch (the pipeline decodes and caches in it) is shown apart; crops per second are
   over the E epochs after it. The machine may be busy with other work: the numbers are noisy.

3. Epoch time on `.npz` patch pairs (`--parts epochs`): each tile cut into four 32x32 patches,
   each input the patch made 16x16 by antialiased bicubic downscaling, both 8-bit in one
   `.npz`. A project rendered on it with `kgen new --task super_resolution --data-source
   image_arrays --defaults` (the ESPCN-sized default blocks, the default patch and
   `crops_per_image`, which kgen reads from the data) trains with its own `train()`, against a
   script written by hand on the same arrays: the plain ESPCN above, fed the project's own
   training and validation pairs as NumPy arrays through `fit(x, y, batch_size)`, whole
   16x16 -> 32x32 pairs once each per epoch, mean squared error, Adam 1e-3. Both run the same
   epochs; the table gives the steps per epoch, the seconds of `fit` (the generated one
   measured by a callback, so saving and plots are left out) and of the whole `train()`, their
   ratio to the script's, and the test PSNR of each, by hand in NumPy. A third row fits the
   project's model on its own pipelines without callbacks, which shows what they cost.

The numbers are printed, never asserted.
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
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
UPSCALE = "photo_upscale"
DENOISE = "photo_denoise"


def write_data(work: Path) -> tuple[Path, Path]:
    """The tiles in `work/tiles`, and the tiles with noisy copies in `work/pairs/clean` and `work/pairs/noisy`."""
    script = runpy.run_path(str(ROOT / "scripts" / "write_images.py"))
    tiles = script["tiles"]()
    script["write"](work / "tiles", tiles)
    script["write"](work / "pairs" / "clean", tiles)
    script["write"](work / "pairs" / "noisy", script["noisy"](tiles))
    return work / "tiles", work / "pairs"


def render_project(work: Path, package: str, data: Path):  # type: ignore[no-untyped-def]
    """Render the package's example on `data`; its `src` goes on `sys.path`; returns its folder and config."""
    answers = ROOT / "examples" / f"{package.replace('_', '-')}.yml"
    project = work / package
    command = [str(Path(sys.executable).parent / "kgen"), "new", str(project), "--answers", str(answers)]
    command += ["--data-path", str(data), "--defaults", "--no-git"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    sys.path.insert(0, str(project / "src"))
    config = importlib.import_module(f"{package}.config").load_config(project / "configs" / "default.toml")
    return project, config


def plain_espcn(channels: int, scale: int):  # type: ignore[no-untyped-def]
    """ESPCN as a hand-written script would build it: three convolutions and depth-to-space, nothing else."""
    import keras
    from keras import layers, ops

    class DepthToSpace(layers.Layer):
        """`(batch, h, w, c * b * b)` -> `(batch, h * b, w * b, c)`."""

        def __init__(self, block: int, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(**kwargs)
            self.block = block

        def call(self, x):  # type: ignore[no-untyped-def]
            _, height, width, depth = ops.shape(x)
            block, out = self.block, depth // self.block**2
            x = ops.reshape(x, (-1, height, width, block, block, out))
            x = ops.transpose(x, (0, 1, 3, 2, 4, 5))
            return ops.reshape(x, (-1, height * block, width * block, out))

        def compute_output_shape(self, shape):  # type: ignore[no-untyped-def]
            grow = lambda length: None if length is None else length * self.block  # noqa: E731
            return (shape[0], grow(shape[1]), grow(shape[2]), shape[3] // self.block**2)

    inputs = keras.Input(shape=(None, None, channels))
    x = layers.Conv2D(64, 5, padding="same", activation="tanh")(inputs)
    x = layers.Conv2D(32, 3, padding="same", activation="tanh")(x)
    x = layers.Conv2D(channels * scale**2, 3, padding="same")(x)
    return keras.Model(inputs, DepthToSpace(scale)(x), name="plain_espcn")


def train_plain(config, seed: int):  # type: ignore[no-untyped-def]
    """The plain ESPCN fit on the project's own training and validation pipelines: model, seconds, epochs run."""
    import keras

    data = importlib.import_module(f"{UPSCALE}.data")
    keras.utils.set_random_seed(seed)
    datasets = data.make_datasets(config.data)
    model = plain_espcn(config.data.channels, config.data.scale)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
    stop = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=config.train.early_stopping_patience, restore_best_weights=True
    )
    started = time.perf_counter()
    history = model.fit(
        datasets.train,
        validation_data=datasets.validation,
        epochs=config.train.epochs,
        callbacks=[stop],
        shuffle=False,
        verbose=0,
    )
    return model, time.perf_counter() - started, len(history.epoch)


def train_generated(project: Path, config, seed: int):  # type: ignore[no-untyped-def]
    """The project's own `train()` and `evaluate()`: model, seconds, epochs run, and `evaluate`'s scores."""
    train = importlib.import_module(f"{UPSCALE}.train")
    evaluate = importlib.import_module(f"{UPSCALE}.evaluate")
    run = dataclasses.replace(config.train, output_dir=project / "runs" / f"seed-{seed}")
    config = dataclasses.replace(config, train=run, seed=seed)
    started = time.perf_counter()
    history = train.train(config, verbose=0)
    seconds = time.perf_counter() - started
    model = evaluate.load_trained_model(run.output_dir / "model.keras", config)
    return model, seconds, len(history.epoch), evaluate.evaluate(config, run.output_dir / "model.keras")


def score(upscale, images, package: str = UPSCALE) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Test PSNR by hand in NumPy, and the project's SSIM, of `upscale(input)` on each `(input, target)` image."""
    import numpy as np

    ssim = importlib.import_module(f"{package}.metrics.ssim").StructuralSimilarity(max_value=1.0)
    psnrs = []
    for small, target in images:
        output = np.clip(np.asarray(upscale(small), dtype="float64"), 0.0, 1.0)
        mse = max(float(np.mean((output - target.astype("float64")) ** 2)), 1e-10)
        psnrs.append(10 * np.log10(1.0 / mse))
        ssim.update_state(target, output.astype("float32"))
    return {"psnr": float(np.mean(psnrs)), "ssim": float(ssim.result())}


def super_resolution(work: Path, tiles: Path, seeds: list[int], epochs: int | None) -> None:
    """Train both networks with each seed, score all three upscalings on the test images, print the table."""
    import tensorflow as tf

    project, config = render_project(work, UPSCALE, tiles)
    if epochs is not None:
        config = dataclasses.replace(config, train=dataclasses.replace(config.train, epochs=epochs))
    data = importlib.import_module(f"{UPSCALE}.data")
    datasets = data.make_datasets(config.data)
    images = list(datasets.test.as_numpy_iterator())
    train_count = sum(1 for _ in datasets.train.unbatch()) // config.data.crops_per_image
    validation_count = sum(1 for _ in datasets.validation)

    def bicubic(small):  # type: ignore[no-untyped-def]
        return tf.image.resize(small, tf.shape(small)[1:3] * config.data.scale, method="bicubic")

    runs: dict[str, list[dict[str, float]]] = {"generated (project)": [], "plain ESPCN (inline)": []}
    evaluations = []
    for seed in seeds:
        model, seconds, epochs_run, evaluation = train_generated(project, config, seed)
        evaluations.append(evaluation)
        runs["generated (project)"].append(
            score(lambda small, model=model: model(small, training=False), images)
            | {"params": model.count_params(), "epochs": epochs_run, "seconds": seconds}
        )
        model, seconds, epochs_run = train_plain(config, seed)
        runs["plain ESPCN (inline)"].append(
            score(lambda small, model=model: model(small, training=False), images)
            | {"params": model.count_params(), "epochs": epochs_run, "seconds": seconds}
        )
    reference = score(bicubic, images)
    rows = {
        name: {key: statistics.median(run[key] for run in scores) for key in scores[0]} for name, scores in runs.items()
    }
    rows["bicubic upscaling"] = reference | {"params": 0, "epochs": 0, "seconds": 0.0}

    small, large = images[0][0].shape[1:3], images[0][1].shape[1:3]
    patch = f"{config.data.patch_size}x{config.data.patch_size}"
    print(f"\nSuper-resolution x{config.data.scale}, seeds {seeds} (the median over seeds):")
    sizes = f"{small[0]}x{small[1]} -> {large[0]}x{large[1]}"
    print(f"  {train_count} training tiles, {config.data.crops_per_image} random {patch} crops of each per epoch,")
    print(f"  {validation_count} validation and {len(images)} test tiles ({sizes}); up to {config.train.epochs} epochs")
    print(
        f"  {'upscaling':<22} {'PSNR dB':>8} {'vs bicubic':>10} {'SSIM':>7} {'params':>7} {'epochs':>6} {'train s':>8}"
    )
    for name, row in rows.items():
        gain = row["psnr"] - reference["psnr"]
        print(
            f"  {name:<22} {row['psnr']:>8.3f} {gain:>+10.3f} {row['ssim']:>7.4f} {row['params']:>7,.0f}"
            f" {row['epochs']:>6.0f} {row['seconds']:>8.1f}"
        )
    print("  cross-check, the project's evaluate() on the same test split:")
    for label, key in (("generated model", "model"), ("bicubic baseline", "baseline")):
        psnr = statistics.median(evaluation[key]["psnr"] for evaluation in evaluations)
        ssim = statistics.median(evaluation[key]["ssim"] for evaluation in evaluations)
        print(f"    {label:<20} PSNR {psnr:.3f} dB, SSIM {ssim:.4f}")
    if rows["generated (project)"]["psnr"] <= reference["psnr"]:
        print("  !! the generated model does NOT beat bicubic upscaling on the test split")


def naive_batches(pairs, config, rng):  # type: ignore[no-untyped-def]
    """One epoch of paired random crops the way a script without tf.data reads them: Pillow, NumPy, lists."""
    import numpy as np
    from PIL import Image

    size, inputs, targets = config.patch_size, [], []
    for index in rng.permutation(len(pairs)):
        noisy, clean = (np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0 for path in pairs[index])
        for _ in range(config.crops_per_image):
            top = rng.integers(0, clean.shape[0] - size + 1)
            left = rng.integers(0, clean.shape[1] - size + 1)
            inputs.append(noisy[top : top + size, left : left + size])
            targets.append(clean[top : top + size, left : left + size])
            if len(inputs) == config.batch_size:
                yield np.stack(inputs), np.stack(targets)
                inputs, targets = [], []
    if inputs:
        yield np.stack(inputs), np.stack(targets)


def time_epochs(epoch, count: int) -> list[tuple[float, int]]:  # type: ignore[no-untyped-def]
    """Seconds and crops of each of `count` epochs; `epoch()` returns an iterable of `(inputs, targets)` batches."""
    results = []
    for _ in range(count):
        started, crops = time.perf_counter(), 0
        for inputs, _targets in epoch():
            crops += int(inputs.shape[0])
        results.append((time.perf_counter() - started, crops))
    return results


def pipeline_speed(work: Path, pairs: Path, epochs: int) -> None:
    """Crops per second of the generated paired-patch training pipeline and of the naive Pillow loop."""
    import numpy as np

    _, config = render_project(work, DENOISE, pairs)
    data = importlib.import_module(f"{DENOISE}.data")
    inputs, targets = data.load_examples(config.data.path, config.data)
    train = data.split_indices(targets, config.data)["train"]
    files = list(zip(inputs[train], targets[train], strict=True))
    pipeline = data.make_datasets(config.data).train
    rng = np.random.default_rng(config.seed)
    timings = {
        "generated tf.data": time_epochs(lambda: pipeline, 1 + epochs),
        "naive Pillow loop": time_epochs(lambda: naive_batches(files, config.data, rng), 1 + epochs),
    }
    per_epoch = timings["generated tf.data"][0][1]
    patch = f"{config.data.patch_size}x{config.data.patch_size}"
    print(
        f"\nPaired-patch pipeline: {len(files)} training pairs x {config.data.crops_per_image} {patch} crops ", end=""
    )
    print(f"= {per_epoch} crops per epoch,")
    print(f"  in batches of {config.data.batch_size}; the first epoch, then {epochs} epochs timed")
    print(f"  {'pipeline':<20} {'first epoch s':>13} {'crops/s after':>14}")
    speed = {}
    for name, epochs_run in timings.items():
        seconds = sum(run[0] for run in epochs_run[1:])
        speed[name] = sum(run[1] for run in epochs_run[1:]) / seconds
        print(f"  {name:<20} {epochs_run[0][0]:>13.3f} {speed[name]:>14,.0f}")
    print(f"  generated / naive: {speed['generated tf.data'] / speed['naive Pillow loop']:.2f}x")


def write_patch_pairs(work: Path) -> Path:
    """Four 32x32 patches of each tile and their 16x16 inputs, in `work/patches.npz` as `x` and `y`."""
    import numpy as np
    from PIL import Image

    script = runpy.run_path(str(ROOT / "scripts" / "write_images.py"))
    patches = [
        tile[top : top + 32, left : left + 32]
        for tile in script["tiles"]().values()
        for top in (0, 32)
        for left in (0, 32)
    ]
    small = [np.asarray(Image.fromarray(patch).resize((16, 16), Image.Resampling.BICUBIC)) for patch in patches]
    np.savez(work / "patches.npz", x=np.stack(small), y=np.stack(patches))
    return work / "patches.npz"


def epoch_time(work: Path, epochs: int) -> None:
    """The generated project's `train()` against a hand-written ESPCN script on the same `.npz` pairs."""
    import keras
    import numpy as np

    path = write_patch_pairs(work)
    package = "npz_upscale"
    project = work / package
    command = [str(Path(sys.executable).parent / "kgen"), "new", str(project), "--task", "super_resolution"]
    command += ["--data-source", "image_arrays", "--data-path", str(path), "--scale", "2", "--defaults", "--no-git"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    sys.path.insert(0, str(project / "src"))
    config = importlib.import_module(f"{package}.config").load_config(project / "configs" / "default.toml")
    run = dataclasses.replace(config.train, epochs=epochs, output_dir=project / "runs" / "bench")
    config = dataclasses.replace(config, train=run)
    data, train = (importlib.import_module(f"{package}.{name}") for name in ("data", "train"))
    inputs, targets = data.load_examples(config.data.path, config.data)
    splits = data.split_indices(targets, config.data)
    arrays = {name: (inputs[rows] / np.float32(255), targets[rows] / np.float32(255)) for name, rows in splits.items()}
    images = [(x[np.newaxis], y[np.newaxis]) for x, y in zip(*arrays["test"], strict=True)]

    fit_seconds: list[float] = []
    make_callbacks = train.make_callbacks

    class FitTimer(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):  # type: ignore[no-untyped-def]
            self.started = time.perf_counter()

        def on_train_end(self, logs=None):  # type: ignore[no-untyped-def]
            fit_seconds.append(time.perf_counter() - self.started)

    train.make_callbacks = lambda *args: [*make_callbacks(*args), FitTimer()]
    started = time.perf_counter()
    history = train.train(config, verbose=0)
    whole = time.perf_counter() - started
    model = keras.models.load_model(run.output_dir / "model.keras", compile=False)
    steps = sum(1 for _ in data.make_datasets(config.data).train)
    rows = {
        "generated (project)": score(lambda small: model(small, training=False), images, package)
        | {"steps": steps, "fit": fit_seconds[0], "train": whole, "epochs": len(history.epoch)}
    }

    model_module = importlib.import_module(f"{package}.model")
    keras.utils.set_random_seed(config.seed)
    bare = model_module.build_model(config.model)
    model_module.compile_model(bare, config.train)
    datasets = data.make_datasets(config.data)
    started = time.perf_counter()
    bare.fit(datasets.train, validation_data=datasets.validation, epochs=epochs, shuffle=False, verbose=0)
    seconds = time.perf_counter() - started
    rows["generated, no callbacks"] = score(lambda small: bare(small, training=False), images, package)
    rows["generated, no callbacks"] |= {"steps": steps, "fit": seconds, "train": seconds, "epochs": epochs}

    keras.utils.set_random_seed(config.seed)
    plain = plain_espcn(config.data.channels, config.data.scale)
    plain.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
    (x, y), validation = arrays["train"], arrays["validation"]
    started = time.perf_counter()
    plain.fit(x, y, batch_size=config.data.batch_size, epochs=epochs, validation_data=validation, verbose=0)
    seconds = time.perf_counter() - started
    rows["plain ESPCN (script)"] = score(lambda small: plain(small, training=False), images, package)
    rows["plain ESPCN (script)"] |= {"steps": -(-len(x) // config.data.batch_size), "fit": seconds, "train": seconds}
    rows["plain ESPCN (script)"]["epochs"] = epochs

    patch = config.data.patch_size
    print(f"\nEpoch time on .npz pairs: {len(x)} training pairs 16x16 -> 32x32, batches of {config.data.batch_size},")
    print(f"  {epochs} epochs; the project crops {patch}x{patch}, {config.data.crops_per_image} crop(s) of each pair")
    print(f"  {'training':<22} {'steps':>6} {'fit s':>7} {'train s':>8} {'fit ratio':>9} {'PSNR dB':>8}")
    reference = rows["plain ESPCN (script)"]["fit"]
    for name, row in rows.items():
        print(
            f"  {name:<22} {row['steps']:>6} {row['fit']:>7.1f} {row['train']:>8.1f}"
            f" {row['fit'] / reference:>8.2f}x {row['psnr']:>8.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=1, help="training seeds of each network (default: %(default)s)")
    parser.add_argument("--epochs", type=int, help="override the project's training epochs (default: its config's)")
    parser.add_argument(
        "--pipeline-epochs", type=int, default=20, help="timed pipeline epochs after the first (default: %(default)s)"
    )
    parser.add_argument(
        "--npz-epochs", type=int, default=5, help="epochs of each run on the .npz pairs (default: %(default)s)"
    )
    parser.add_argument(
        "--parts",
        default="quality,pipeline,epochs",
        help="comma-separated parts to run: quality, pipeline, epochs (default: %(default)s)",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kgen-bench-images-") as work:
        tiles, pairs = write_data(Path(work))
        if "quality" in parts:
            super_resolution(Path(work), tiles, [42 + offset for offset in range(args.seeds)], args.epochs)
        if "pipeline" in parts:
            pipeline_speed(Path(work), pairs, args.pipeline_epochs)
        if "epochs" in parts:
            epoch_time(Path(work), args.npz_epochs)
    print(f"\n{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
