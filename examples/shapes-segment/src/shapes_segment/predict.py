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

from shapes_segment import data
from shapes_segment.config import DEFAULT_CONFIG, DataConfig, load_config


def picture(prediction: np.ndarray, config: DataConfig) -> np.ndarray:
    """The predicted classes as a color image, in [0, 1]: each pixel its most probable class's color."""
    return colorize(prediction.argmax(axis=-1), config)


def target_picture(mask: np.ndarray, config: DataConfig) -> np.ndarray:
    """A mask of class indices as a color image, in [0, 1]."""
    return colorize(mask, config)


def colorize(classes: np.ndarray, config: DataConfig) -> np.ndarray:
    """Class indices -> their colors: `mask_colors`, else matplotlib's ten tab10 colors."""
    palette = [[int(color[at : at + 2], 16) / 255 for at in (1, 3, 5)] for color in config.mask_colors]
    return np.array(palette or PALETTE, "float32")[classes % len(palette or PALETTE)]


PALETTE = [matplotlib.colors.to_rgb(f"C{number}") for number in range(10)]


def agreement(output: np.ndarray, target: np.ndarray) -> str:
    """How much of the predicted mask is right: the share of pixels of the right color."""
    return f"{np.mean(np.all(output == target, axis=-1)):.1%} of pixels"


def save_png(image: np.ndarray, path: Path) -> None:
    """Write an image of values in [0, 1] as an 8-bit PNG."""
    pixels = tf.image.convert_image_dtype(image, tf.uint8, saturate=True)
    tf.io.write_file(str(path), tf.io.encode_png(pixels))


def save_comparison(pictures: dict[str, np.ndarray], path: Path) -> None:
    """The pictures side by side, each titled; a smaller input shows its pixels as blocks."""
    figure = Figure(figsize=(4 * len(pictures), 4.4), layout="constrained")
    panels = figure.subplots(1, len(pictures), squeeze=False)[0]
    for axis, (title, shown) in zip(panels, pictures.items(), strict=True):
        axis.imshow(shown.squeeze(), cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
        axis.set_title(title)
        axis.set_axis_off()
    figure.savefig(path, dpi=100)


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
        pictures = {"input": image, "output": output}
        if file.stem in targets:
            target = target_picture(data.load_target(str(targets[file.stem]), config.data).numpy(), config.data)
            if target.shape == output.shape:
                pictures = {"input": image, f"output ({agreement(output, target)})": output, "target": target}
        save_comparison(pictures, output_dir / f"{file.stem}_compare.png")
        print(output_dir / f"{file.stem}.png")


if __name__ == "__main__":
    main()
