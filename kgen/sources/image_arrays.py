"""`image_arrays`: an `.npz` file with an array of input images and one of target images."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.readers import npy
from kgen.sources import checks, pixels
from kgen.sources.pixels import Pairs


@dataclass(frozen=True)
class PairedArrays(Pairs):
    """The arrays as one pair (`arrays`), with their count, and each array's dtype and lowest and highest value.

    The range is of a sample of the values when an array is large.
    """

    count: int = 0
    pixel_values: dict[str, tuple[str, float, float]] = field(default_factory=dict)

    @property
    def num_samples(self) -> int:
        """The images in each array."""
        return self.count


def inspect(path: Path, answers: Mapping[str, Any]) -> PairedArrays:
    """An `.npz` file's input and target arrays of images: their counts and sizes, from the `.npy` headers."""
    input_key, target_key = answers.get("input_key", "x"), answers.get("target_key", "y")
    archive = npy.open_npz(path, hint="write it with `numpy.savez(path, x=inputs, y=targets)`")
    with archive, npy.reading_npz(path):
        names = sorted(name.removesuffix(".npy") for name in archive.namelist())
        shapes, values = {}, {}
        for key, flag in ((input_key, "--input-key"), (target_key, "--target-key")):
            if key not in names:
                listed = ", ".join(f"`{name}`" for name in names)
                raise InvalidAnswer(
                    f"`{path}` has no array `{key}`", hint=f"its arrays are {listed}: name one with `{flag}`"
                )
            shapes[key] = npy.npy_shape(archive, f"{key}.npy")
            values[key] = npy.value_range(archive, f"{key}.npy", key)
    for key, shape in shapes.items():
        if len(shape) not in (3, 4):
            raise InvalidAnswer(
                f"array `{key}` has shape {shape}, not images", hint="give (samples, height, width[, channels]) arrays"
            )
    (count, *given), (target_count, *size) = shapes[input_key], shapes[target_key]
    if count != target_count:
        raise InvalidAnswer(
            f"array `{input_key}` holds {count} images, but `{target_key}` holds {target_count}",
            hint="give one target per input, in the same order",
        )
    return PairedArrays(
        target_sizes={"arrays": (size[0], size[1])},
        channels=given[2] if len(given) == 3 else 1,
        input_sizes={"arrays": (given[0], given[1])},
        pair_names={"arrays": (input_key, target_key)},
        count=count,
        pixel_values=values,
    )


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.3g}"


def describe(arrays: PairedArrays, pixel_max: int | None) -> list[str]:
    """The images' count, channels and sizes; with `pixel_max`, the range of the values and how they are scaled."""
    lines = pixels.describe(arrays)
    if arrays.pixel_values and pixel_max:
        held = ", ".join(
            f"`{key}` {dtype} {_number(low)} to {_number(high)}"
            for key, (dtype, low, high) in arrays.pixel_values.items()
        )
        scaled = (
            "pixels in [0, 1], read as they are" if pixel_max == 1 else f"pixels 0-{pixel_max}, divided by {pixel_max}"
        )
        lines.append(f"values: {held} -> {scaled} (`--pixel-max` changes it)")
    return lines


def preview(arrays: PairedArrays) -> list[tuple[str, list[str]]]:
    """The images' count, channels and sizes."""
    return [("The images:", describe(arrays, None))]


def summary(arrays: PairedArrays, answers: Mapping[str, Any]) -> list[str]:
    """The images' count, channels and sizes, and how their values are scaled."""
    return describe(arrays, answers.get("pixel_max"))


def _pixel_max(arrays: PairedArrays, answers: Mapping[str, Any]) -> Any:
    """1 when every array holds floats in [0, 1]; else 255 (whole numbers, or floats past 1, are 8-bit values)."""
    found = arrays.pixel_values.values()
    if not found:
        return None
    return 1 if all(dtype.startswith("float") and high <= 1 for dtype, _, high in found) else 255


DEFAULTS = {**pixels.DEFAULTS, "pixel_max": _pixel_max}


def check(answers: Mapping[str, Any], arrays: PairedArrays) -> None:
    """The pairs fit the task, the values are pixels from 0 to `pixel_max`, and the patch fits."""
    pixels.check_pairs(answers, arrays)
    _check_pixel_values(answers["pixel_max"], arrays)
    pixels.check(answers, arrays)


def _check_pixel_values(most: int, arrays: PairedArrays) -> None:
    """The arrays' values are pixels from 0 to `most`, and floats in [0, 1] are not read as 0-255."""
    for key, (dtype, low, high) in arrays.pixel_values.items():
        shown = f"array `{key}` holds {dtype} values from {checks.number(low)} to {checks.number(high)}"
        if low < 0 or (high > most and (most != 1 or high > 255)):
            raise InvalidAnswer(
                f"{shown}, not pixels from 0 to {most}",
                hint="save the images as whole numbers 0-255 or as floats in [0, 1]"
                if low < 0
                else f"pass `--pixel-max N`, the largest value a pixel can take, or rescale them to 0-{most}",
            )
        if high > most:
            raise InvalidAnswer(f"{shown}, past pixel_max 1", hint="pass `--pixel-max 255` for 8-bit values")
        if most > 1 and dtype.startswith("float") and 0 < high <= 1:
            raise InvalidAnswer(
                f"{shown}, but pixel_max is {most}: they would read as almost black",
                hint="pass `--pixel-max 1` if every array holds floats in [0, 1], else save both in one range",
            )
