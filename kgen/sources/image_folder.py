"""`image_folder`: a folder of target images; the project makes each input from its target."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.readers import images
from kgen.sources import pixels
from kgen.sources.pixels import Pairs


def inspect(path: Path, answers: Mapping[str, Any]) -> Pairs:
    """A folder of target images, searched recursively, hidden files and folders left out."""
    pixels.refuse_no_folder(path, "image_folder", "a folder of images")
    found = images.images_under(path)
    if not found:
        raise InvalidAnswer(
            f"`{path}` has no images",
            hint=f"put the images in it or in its sub-folders ({', '.join(images.IMAGE_SUFFIXES)})",
        )
    sizes, channels, bad = {}, None, []
    for image in found:
        name = image.relative_to(path).as_posix()
        size = images.decoded_size(image)
        if size is None:
            bad.append(name)
            continue
        sizes[name] = size[:2]
        channels = channels or size[2]
    if bad:
        images.refuse_broken(path, bad)
    return Pairs(sizes, channels)


def preview(pairs: Pairs) -> list[tuple[str, list[str]]]:
    """How many images, their channels and sizes."""
    return [("The images:", pixels.describe(pairs))]


def summary(pairs: Pairs, answers: Mapping[str, Any]) -> list[str]:
    """How many images, their channels and sizes."""
    return pixels.describe(pairs)


DEFAULTS = pixels.DEFAULTS


def check(answers: Mapping[str, Any], pairs: Pairs) -> None:
    """The patch fits every image, and the images decode with the channels asked."""
    pixels.check(answers, pairs)
