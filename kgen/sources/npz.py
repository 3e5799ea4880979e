"""`npz`: an `.npz` file of arrays `x` (features or images) and `y` (labels or targets)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen import catalog
from kgen.errors import InvalidAnswer
from kgen.readers import npy
from kgen.readers.table import DISTINCT_CAP
from kgen.sources import checks


@dataclass(frozen=True)
class Arrays:
    """The shapes of `x` and `y`, the labels `y` holds (when it is a simple array), and the range of image values.

    `pixel_values` holds `x`'s dtype and its lowest and highest value (of a sample of its
    values when it is large), when `x` holds images.
    """

    x_shape: tuple[int, ...]
    y_shape: tuple[int, ...]
    labels: set[str] | None
    pixel_values: dict[str, tuple[str, float, float]]

    @property
    def num_samples(self) -> int:
        """The samples in `x`."""
        return self.x_shape[0] if self.x_shape else 0

    @property
    def images(self) -> tuple[int, ...] | None:
        """The shape of `x` when it holds images, (samples, height, width[, channels])."""
        return self.x_shape if len(self.x_shape) >= 3 else None


def inspect(path: Path, answers: Mapping[str, Any]) -> Arrays:
    """The shapes of the arrays `x` and `y`, from their headers, and the values of `y`."""
    archive = npy.open_npz(path, hint="write it with `numpy.savez(path, x=x, y=y)`")
    with archive, npy.reading_npz(path):
        names = set(archive.namelist())
        missing = [key for key in ("x", "y") if f"{key}.npy" not in names]
        if missing:
            raise InvalidAnswer(
                f"`{path}` has no array {' or '.join(f'`{key}`' for key in missing)}",
                hint="write it with `numpy.savez(path, x=features_or_images, y=labels_or_targets)`",
            )
        x_shape = npy.npy_shape(archive, "x.npy")
        y_shape, y_values = npy.npy_values(archive.read("y.npy"))
        pixels = {"x": npy.value_range(archive, "x.npy", "x")} if len(x_shape) >= 3 else {}  # `rescale` wants 0-255
    labels = None if y_values is None else {_label(value) for value in y_values[: 100 * DISTINCT_CAP]}
    return Arrays(x_shape, y_shape, labels, pixels)


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def preview(arrays: Arrays) -> list[tuple[str, list[str]]]:
    """Nothing: the questions the arrays decide are few."""
    return []


def summary(arrays: Arrays, answers: Mapping[str, Any]) -> list[str]:
    """Nothing more than the answers say."""
    return []


def _channels(arrays: Arrays, answers: Mapping[str, Any]) -> Any:
    """The last axis of images, 1 where they have none."""
    if arrays.images is None:
        return None
    return arrays.images[3] if len(arrays.images) == 4 else 1


DEFAULTS = {
    "num_classes": lambda arrays, answers: len(arrays.labels or ()) or None,
    "image_height": lambda arrays, answers: arrays.images[1] if arrays.images else None,
    "image_width": lambda arrays, answers: arrays.images[2] if arrays.images else None,
    "channels": _channels,
    "num_features": lambda arrays, answers: arrays.x_shape[1] if len(arrays.x_shape) == 2 else None,
}


def check(answers: Mapping[str, Any], arrays: Arrays) -> None:
    """`x` has the shape the task reads, `y` one entry per sample, and as many labels as classes."""
    shape, path = arrays.x_shape, answers["data_path"]
    task = catalog.TASKS[answers["task"]]
    if task.input == "image":
        expected = (answers["image_height"], answers["image_width"])
        if len(shape) not in (3, 4) or tuple(shape[1:3]) != expected:
            raise InvalidAnswer(
                f"`x` in `{path}` has shape {shape}, not (samples, {expected[0]}, {expected[1]}, channels)",
                hint="set `--image-height` and `--image-width` to the size of the arrays",
            )
        _check_rescaled(answers, arrays)
        channels = shape[3] if len(shape) == 4 else 1
        if channels != answers["channels"]:
            raise InvalidAnswer(
                f"`x` in `{path}` has {channels} channels, not {answers['channels']}",
                hint=f"pass `--channels {channels}`",
            )
    elif len(shape) != 2 or shape[1] != answers["num_features"]:
        raise InvalidAnswer(
            f"`x` in `{path}` has shape {shape}, not (samples, {answers['num_features']})",
            hint="tabular `x` is a 2-D array: pass `--num-features` with its second size",
        )
    if arrays.y_shape and arrays.y_shape[0] != shape[0]:
        raise InvalidAnswer(
            f"`x` and `y` in `{path}` hold different numbers of samples", hint="give `y` one entry per sample"
        )
    if task.output != "continuous" and arrays.labels is not None:
        checks.check_class_count(answers, len(arrays.labels), "label values in `y`")


def _check_rescaled(answers: Mapping[str, Any], arrays: Arrays) -> None:
    """`rescale` divides by 255: the images of `x` must be 8-bit values, not floats in [0, 1] or wider."""
    dtype, low, high = arrays.pixel_values.get("x", ("", 0.0, 255.0))
    if answers.get("preprocessing") != "rescale" or (low >= 0 and 1 < high <= 255) or not dtype:
        return
    raise InvalidAnswer(
        f"`x` holds {dtype} values from {checks.number(low)} to {checks.number(high)}, "
        "but preprocessing `rescale` divides 0-255 pixels by 255",
        hint="pass `--preprocessing normalize`, which learns the scale from the data",
    )
