"""`image_folders`: one sub-folder of images per class."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.readers import images
from kgen.readers.folders import class_folders
from kgen.sources import checks


@dataclass(frozen=True)
class ClassImages:
    """The classes (folder names, sorted) and their images' count; the first PNG's size and channels."""

    classes: list[str]
    class_counts: dict[str, int]
    num_samples: int
    image_size: tuple[int, int] | None
    channels: int | None


def inspect(path: Path, answers: Mapping[str, Any]) -> ClassImages:
    """The images of each class folder, each checked whole; raise `InvalidAnswer` for broken ones."""
    if not path.is_dir():
        raise InvalidAnswer(
            f"data path `{path}` is not a folder",
            hint="the `image_folders` data source reads a folder with one sub-folder of images per class",
        )
    counts: dict[str, int] = {}
    size, bad = None, []
    for folder in class_folders(path):
        found = images.images_under(folder)
        if found:
            counts[folder.name] = len(found)
        for image in found:
            head, whole = images.read_ends(image)
            if not whole:
                bad.append(image.relative_to(path).as_posix())
            elif size is None:
                size = images.png_size(head)
    if not counts:
        raise InvalidAnswer(
            f"`{path}` has no sub-folder with images",
            hint=f"put the images of each class in their own sub-folder ({', '.join(images.IMAGE_SUFFIXES)})",
        )
    if bad:
        images.refuse_broken(path, bad)
    return ClassImages(
        list(counts), counts, sum(counts.values()), size[:2] if size else None, size[2] if size else None
    )


def preview(found: ClassImages) -> list[tuple[str, list[str]]]:
    """Nothing: the summary names the classes' answers."""
    return []


def summary(found: ClassImages, answers: Mapping[str, Any]) -> list[str]:
    """Nothing more than the answers say."""
    return []


DEFAULTS = {
    "num_classes": lambda found, answers: len(found.classes) or None,
    "image_height": lambda found, answers: found.image_size[0] if found.image_size else None,
    "image_width": lambda found, answers: found.image_size[1] if found.image_size else None,
    "channels": lambda found, answers: found.channels,
}


def check(answers: Mapping[str, Any], found: ClassImages) -> None:
    """As many class folders as the task has classes, two images or more in each, and channels that decode."""
    checks.check_class_count(answers, len(found.classes), "class folders")
    checks.check_class_sizes(found.class_counts, "in the data,")
    checks.check_image_channels(answers)
