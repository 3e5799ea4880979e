"""`paired_folders`: an input and a target sub-folder of images, paired by name without the suffix."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kgen.sources import pixels
from kgen.sources.pixels import Pairs


def inspect(path: Path, answers: Mapping[str, Any]) -> Pairs:
    """The pairs of the `input_folder` and `target_folder` sub-folders."""
    pixels.refuse_no_folder(path, "paired_folders")
    return pixels.read_pairs(path, answers.get("input_folder", "inputs"), answers.get("target_folder", "targets"))


def preview(pairs: Pairs) -> list[tuple[str, list[str]]]:
    """How many pairs, their channels, and the sizes of inputs and targets."""
    return [("The images:", pixels.describe(pairs))]


def summary(pairs: Pairs, answers: Mapping[str, Any]) -> list[str]:
    """How many pairs, their channels, and the sizes of inputs and targets."""
    return pixels.describe(pairs)


DEFAULTS = pixels.DEFAULTS


def check(answers: Mapping[str, Any], pairs: Pairs) -> None:
    """Each input has its target, `scale` times larger or of its size, and the patch fits every target."""
    pixels.check_pairs(answers, pairs)
    pixels.check(answers, pairs)
