"""`mask_folders`: an `images` and a `masks` sub-folder; each mask is a PNG of class indices or colors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.readers import images
from kgen.sources import pixels
from kgen.sources.pixels import Pairs

MASKS_READ = 300
"""The most masks kgen reads the pixels of, in name order; the generated project reads every one."""

Color = tuple[int, ...]


@dataclass(frozen=True)
class Masks(Pairs):
    """The pairs of images and masks, and each mask's classes.

    `mask_values` holds the gray values (class indices) of each mask that holds no colors,
    `mask_colors` the colors of the others, and `palette_indices` the lowest palette index of
    each color that palette masks use.
    """

    mask_values: dict[str, set[int]] = field(default_factory=dict)
    mask_colors: dict[str, set[Color]] = field(default_factory=dict)
    palette_indices: dict[Color, int] = field(default_factory=dict)


def inspect(path: Path, answers: Mapping[str, Any]) -> Masks:
    """The pairs of `images` and `masks`, and the classes of the first `MASKS_READ` masks."""
    pixels.refuse_no_folder(path, "mask_folders")
    pairs = pixels.read_pairs(path, "images", "masks")
    values, colors, indices = {}, {}, {}
    for stem in sorted(pairs.pair_names)[:MASKS_READ]:
        name = pairs.pair_names[stem][1]
        mask = images.read_mask(path / "masks" / name)
        if mask.gray:
            values[name] = {red for red, _, _ in mask.colors}
        else:
            colors[name] = mask.colors
        for color, index in mask.palette_indices.items():
            indices.setdefault(color, index)
    return Masks(**vars(pairs), mask_values=values, mask_colors=colors, palette_indices=indices)


def colors_in_order(masks: Masks, colors: Iterable[Color] | None = None) -> list[Color]:
    """The colors of the masks (or those given), in class order as far as the masks tell it.

    A palette PNG numbers its colors, and its palette order is the class order: copying the
    list keeps each class at its palette index. Colors of RGB masks follow, sorted (black first).
    """
    found = {color for held in masks.mask_colors.values() for color in held} if colors is None else set(colors)
    return sorted(found, key=lambda color: (masks.palette_indices.get(color, len(masks.palette_indices)), color))


def _hex(color: Color) -> str:
    return "#" + "".join(f"{value:02x}" for value in color[:3])


def describe(masks: Masks) -> list[str]:
    """The images and masks: how many, their sizes, and the classes (gray values) or colors they hold."""
    if not (masks.mask_values or masks.mask_colors):
        return pixels.describe(masks)
    values = sorted({value for found in masks.mask_values.values() for value in found})
    held = ", ".join(str(value) for value in values[:12]) or ", ".join(
        _hex(color) for color in colors_in_order(masks)[:12]
    )
    channels = f"{masks.channels} channel{'s' if masks.channels != 1 else ''}"
    return [
        f"images: {masks.num_samples} with their masks, {channels}",
        f"sizes: {pixels.size_range(masks.target_sizes.values())}",
        f"masks hold {'classes' if values else 'colors'}: {held}",
    ]


def preview(masks: Masks) -> list[tuple[str, list[str]]]:
    """How many images, their sizes, and what the masks hold."""
    return [("The images:", describe(masks))]


def summary(masks: Masks, answers: Mapping[str, Any]) -> list[str]:
    """How many images, their sizes, and what the masks hold."""
    return describe(masks)


def _mask_classes(masks: Masks, answers: Mapping[str, Any]) -> Any:
    """One class per listed color, else the largest class index in the masks plus one (at least 2)."""
    if answers.get("mask_colors"):
        return len(answers["mask_colors"])
    values = [value for found in masks.mask_values.values() for value in found]
    return max(2, max(values) + 1) if values else None


DEFAULTS = {**pixels.DEFAULTS, "mask_classes": _mask_classes}


def check(answers: Mapping[str, Any], masks: Masks) -> None:
    """Each image has a mask of its size, holding only the masks' classes: indices, or the colors listed."""
    pixels.check_unpaired(masks.unpaired_inputs, "images", ("image", "mask"), "masks")
    pixels.check_unpaired(masks.unpaired_targets, "masks", ("mask", "image"), "images")
    for stem, size in masks.target_sizes.items():
        (image, mask), given = masks.pair_names[stem], masks.input_sizes[stem]
        if given != size:
            raise InvalidAnswer(
                f"image `{image}` is {pixels.shown_size(given)}, but its mask `{mask}` is {pixels.shown_size(size)}: "
                "a mask has a class for each pixel of its image",
                hint="crop or resize one of the two to the size of the other",
            )
    _check_classes(answers, masks)
    pixels.check(answers, masks)


def _check_classes(answers: Mapping[str, Any], masks: Masks) -> None:
    colors = answers["mask_colors"]
    if colors:
        _check_mask_colors(colors, answers["mask_classes"], masks)
        return
    for mask, found in masks.mask_colors.items():
        shown = ", ".join(_hex(color) for color in colors_in_order(masks, found)[:5])
        every = ",".join(_hex(color) for color in colors_in_order(masks))
        raise InvalidAnswer(
            f"mask `{mask}` holds colors, not class indices: {shown}",
            hint=f"list the masks' colors in class order, background first, e.g. `--mask-colors '{every}'`",
        )
    classes = answers["mask_classes"]
    for mask, values in masks.mask_values.items():
        if max(values) >= classes:
            raise InvalidAnswer(
                f"mask `{mask}` holds class {max(values)}, but there are {classes} classes (0 to {classes - 1})",
                hint=f"pass `--mask-classes {max(values) + 1}` if the masks hold that many, or repaint those pixels",
            )


def _check_mask_colors(colors: list[str], classes: int, masks: Masks) -> None:
    """The listed colors are `#rrggbb`, one per class, and every mask's pixels are among them."""
    for color in colors:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise InvalidAnswer(f"mask color `{color}` is not a `#rrggbb` color", hint="write each like `#ff0000`")
    if len(colors) != classes:
        raise InvalidAnswer(
            f"--mask-colors lists {len(colors)} colors, but mask_classes is {classes}",
            hint=f"list one color per class, or pass `--mask-classes {len(colors)}`",
        )
    listed = {tuple(int(color[at : at + 2], 16) for at in (1, 3, 5)) for color in colors}
    if len(listed) != len(colors):
        raise InvalidAnswer("--mask-colors lists a color twice", hint="give each class its own color")
    found = {**masks.mask_colors, **{mask: {(v, v, v) for v in values} for mask, values in masks.mask_values.items()}}
    for mask, held in sorted(found.items()):
        strange = sorted(held - listed)
        if strange:
            raise InvalidAnswer(
                f"mask `{mask}` holds the color {_hex(strange[0])}, which is not one of --mask-colors",
                hint="add it in its class's place, or repaint those pixels",
            )
