"""Predict with a trained model: `python -m photo_denoise.predict IMAGE_OR_FOLDER ...`.

Writes each output image as a PNG named like its input into `--output-dir` (default:
`predictions/` beside the model), and beside it `<name>_compare.png`: the input, the output
and, with `--targets FOLDER`, the target of the same name (the suffix may differ).
"""

import argparse
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

from photo_denoise import data
from photo_denoise.config import DEFAULT_CONFIG, Config, DataConfig, load_config


def picture(prediction: np.ndarray, config: DataConfig) -> np.ndarray:
    """The model's output as an image: values clipped to [0, 1], as a saved image holds them."""
    return np.clip(prediction, 0.0, 1.0)


def target_picture(target: np.ndarray, config: DataConfig) -> np.ndarray:
    """A target image, as it is."""
    return target


def agreement(output: np.ndarray, target: np.ndarray, image: np.ndarray, config: DataConfig) -> str:
    """How close the output is to its target, and the baseline made from the input: their PSNR."""
    made = baseline(image, target.shape[:2])
    return f"{_psnr(output, target):.2f} dB, {BASELINE} {_psnr(made, target):.2f} dB"


def _psnr(output: np.ndarray, target: np.ndarray) -> float:
    return float(10 * np.log10(1.0 / max(np.mean((output - target) ** 2), 1e-10)))


PANELS = ("input", "output", "target")
"""The titles of an input, the model's output and the target in `<name>_compare.png`."""


def save_comparison(pictures: dict[str, np.ndarray], path: Path, config: Config) -> None:
    """The pictures side by side, each titled; a smaller input shows its pixels as blocks."""
    figure = Figure(figsize=(4 * len(pictures), 4.4), layout="constrained")
    panels = figure.subplots(1, len(pictures), squeeze=False)[0]
    for axis, (title, shown) in zip(panels, pictures.items(), strict=True):
        axis.imshow(shown.squeeze(), cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
        axis.set_title(title)
        axis.set_axis_off()
    figure.savefig(path, dpi=100)


BASELINE = "noisy input"


def baseline(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The noisy input as it is (already of its target's `size`), which learns nothing."""
    return image


def save_png(image: np.ndarray, path: Path) -> None:
    """Write an image of values in [0, 1] as an 8-bit PNG."""
    pixels = tf.image.convert_image_dtype(image, tf.uint8, saturate=True)
    tf.io.write_file(str(path), tf.io.encode_png(pixels))


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: write the output of each image, and a side-by-side figure."""
    parser = argparse.ArgumentParser(description="Predict with the trained model.")
    parser.add_argument("inputs", type=Path, nargs="+", help="image files or folders of them")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: %(default)s)")
    parser.add_argument("--model", type=Path, help="model file (default: model.keras in the config's output_dir)")
    parser.add_argument("--output-dir", type=Path, help="folder to write (default: predictions/ beside the model)")
    parser.add_argument("--targets", type=Path, help="folder of the known targets, named like the inputs")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    model_path = args.model or config.train.output_dir / "model.keras"
    output_dir = args.output_dir or model_path.parent / "predictions"
    output_dir.mkdir(parents=True, exist_ok=True)
    model = keras.models.load_model(model_path, compile=False)  # prediction needs no optimizer or loss
    targets = {file.stem: file for file in data.image_files(args.targets)} if args.targets else {}
    for file in [file for path in args.inputs for file in data.image_files(path)]:
        image = data.load_image(str(file), config.data).numpy()
        output = picture(model.predict(image[np.newaxis], verbose=0)[0], config.data)
        save_png(output, output_dir / f"{file.stem}.png")
        given, made, known = PANELS
        pictures = {given: image, made: output}
        if file.stem in targets:
            target = target_picture(data.load_target(str(targets[file.stem]), config.data).numpy(), config.data)
            if target.shape == output.shape:
                scores = agreement(output, target, image, config.data)
                pictures = {given: image, f"{made} ({scores})": output, known: target}
        save_comparison(pictures, output_dir / f"{file.stem}_compare.png", config)
        print(output_dir / f"{file.stem}.png")


if __name__ == "__main__":
    main()
