"""Predict with a trained model: `python -m shapes_segment.predict IMAGE_OR_FOLDER ...`.

Writes each output image as a PNG named like its input into `--output-dir` (default:
`predictions/` beside the model), and beside it `<name>_compare.png`: the input, the output
and, with `--targets FOLDER`, the target of the same name (the suffix may differ).
"""

import argparse
from pathlib import Path

import keras
import matplotlib.colors
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from shapes_segment import data
from shapes_segment.config import DEFAULT_CONFIG, Config, DataConfig, load_config


def picture(prediction: np.ndarray, config: DataConfig) -> np.ndarray:
    """The predicted classes as a color image, in [0, 1]: each pixel its most probable class's color."""
    return colorize(prediction.argmax(axis=-1), config)


def target_picture(mask: np.ndarray, config: DataConfig) -> np.ndarray:
    """A mask of class indices as a color image, in [0, 1]."""
    return colorize(mask, config)


def colorize(classes: np.ndarray, config: DataConfig) -> np.ndarray:
    """Class indices -> their colors: `mask_colors`, else matplotlib's ten tab10 colors."""
    return np.array(_palette(config), "float32")[classes % len(_palette(config))]


def _palette(config: DataConfig) -> list:
    return [[int(color[at : at + 2], 16) / 255 for at in (1, 3, 5)] for color in config.mask_colors] or PALETTE


PALETTE = [matplotlib.colors.to_rgb(f"C{number}") for number in range(10)]


def agreement(output: np.ndarray, target: np.ndarray, image: np.ndarray, config: DataConfig) -> str:
    """How much of the predicted mask is right, and of calling every pixel background (class 0)."""
    background = colorize(np.zeros(target.shape[:2], "int32"), config)
    right, baseline = (np.mean(np.all(made == target, axis=-1)) for made in (output, background))
    return f"{right:.1%} right; all background {baseline:.1%}"


PANELS = ("image", "predicted", "mask")
"""The titles of an image, the predicted classes and the true ones in `<name>_compare.png`, as in `examples.png`."""


def save_comparison(pictures: dict[str, np.ndarray], path: Path, config: Config) -> None:
    """The pictures side by side, each titled, and a legend of the class colors."""
    figure = Figure(figsize=(4 * len(pictures), 4.8), layout="constrained")
    panels = figure.subplots(1, len(pictures), squeeze=False)[0]
    for axis, (title, shown) in zip(panels, pictures.items(), strict=True):
        axis.imshow(shown.squeeze(), cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
        axis.set_title(title)
        axis.set_axis_off()
    colors = colorize(np.arange(config.model.num_classes), config.data)
    handles = [Patch(color=color, label=f"class {number}") for number, color in enumerate(colors)]
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 8))
    figure.savefig(path, dpi=100)


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
