"""What the image-to-image sources share: pairs of inputs and targets, their sizes, and training patches.

An `image_folder` holds the targets only (the project makes each input from its target);
`paired_folders` and `mask_folders` hold an input and a target sub-folder whose files pair
up by name without the suffix (`cat.jpg` with `cat.png`); `image_arrays` two arrays of an
`.npz`. Whether the pairs and sizes fit the task is for each source's `check` to say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgen.errors import InvalidAnswer
from kgen.questions import BY_KEY
from kgen.readers import images
from kgen.readers.folders import listed
from kgen.sources import checks

Size = tuple[int, int]
PATCH_MOST = 48
"""The largest default `patch_size`: a target crop this size trains fast and holds enough context."""
PATCH_LEAST = BY_KEY["patch_size"].minimum or 1
"""The smallest `patch_size` the question takes."""


@dataclass(frozen=True)
class Pairs:
    """Images and the images they become.

    `target_sizes` holds each target's (height, width) by pair (the file name without its
    suffix) or, in an `image_folder`, by path in the folder; `input_sizes` the inputs' of the
    pairs, and `pair_names` their (input, target) file names; `unpaired_inputs` and
    `unpaired_targets` the file names with no partner of the same name. `channels` are those
    of the first input (what the model reads).
    """

    target_sizes: dict[str, Size]
    channels: int | None
    input_sizes: dict[str, Size] = field(default_factory=dict)
    pair_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    unpaired_inputs: list[str] = field(default_factory=list)
    unpaired_targets: list[str] = field(default_factory=list)

    @property
    def num_samples(self) -> int:
        """The targets (the pairs)."""
        return len(self.target_sizes)


def read_pairs(path: Path, input_folder: str, target_folder: str) -> Pairs:
    """An input and a target sub-folder: the images directly in each, paired by name without the suffix."""
    inputs = _images_by_stem(path, input_folder, "input")
    targets = _images_by_stem(path, target_folder, "target")
    bad = []
    sizes: dict[str, dict[str, images.Size]] = {input_folder: {}, target_folder: {}}
    for folder, found in ((input_folder, inputs), (target_folder, targets)):
        for stem, image in found.items():
            size = images.decoded_size(image)
            if size is None:
                bad.append(f"{folder}/{image.name}")
            else:
                sizes[folder][stem] = size
    if bad:
        images.refuse_broken(path, bad)
    paired = [stem for stem in targets if stem in inputs]
    return Pairs(
        target_sizes={stem: sizes[target_folder][stem][:2] for stem in paired},
        channels=sizes[input_folder][paired[0]][2] if paired else None,
        input_sizes={stem: sizes[input_folder][stem][:2] for stem in paired},
        pair_names={stem: (inputs[stem].name, targets[stem].name) for stem in paired},
        unpaired_inputs=[image.name for stem, image in inputs.items() if stem not in targets],
        unpaired_targets=[image.name for stem, image in targets.items() if stem not in inputs],
    )


def refuse_no_folder(path: Path, source: str, what: str = "a folder with two sub-folders of images") -> None:
    """Refuse a data path that is no folder."""
    if not path.is_dir():
        raise InvalidAnswer(f"data path `{path}` is not a folder", hint=f"the `{source}` data source reads {what}")


def _images_by_stem(path: Path, name: str, role: str) -> dict[str, Path]:
    """The images directly in the sub-folder `name` of `path`, by file name without the suffix."""
    folder = path / name
    if not folder.is_dir():
        _refuse_missing(path, name, role)
    found: dict[str, Path] = {}
    for image in sorted(p for p in folder.iterdir() if images.is_image(p) and not p.name.startswith(".")):
        if image.stem in found:
            raise InvalidAnswer(
                f"`{name}` holds two images named `{image.stem}`: `{found[image.stem].name}` and `{image.name}`",
                hint=f"keep one of them, or rename the other: each {role} pairs by its name without the suffix",
            )
        found[image.stem] = image
    if not found:
        raise InvalidAnswer(
            f"the {role} folder `{folder}` has no images",
            hint=f"put the {role} images directly in it ({', '.join(images.IMAGE_SUFFIXES)})",
        )
    return found


def _refuse_missing(path: Path, name: str, role: str) -> None:
    folders = sorted(p.name for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    flag = f"--{role}-folder"
    if folders:
        hint = f"its sub-folders are {', '.join(f'`{f}`' for f in folders)}: name the {role} one with `{flag}`"
    else:
        hint = f"it has no sub-folders: put the {role} images in `{name}` inside it, or name their folder with `{flag}`"
    raise InvalidAnswer(f"`{path}` has no {role} folder `{name}`", hint=hint)


def describe(pairs: Pairs) -> list[str]:
    """What the images are like: how many (pairs), their channels, and the range of their sizes."""
    paired = bool(pairs.input_sizes)
    count = f"{pairs.num_samples} pair{'s' if pairs.num_samples != 1 else ''}" if paired else str(pairs.num_samples)
    lines = [f"images: {count}, {pairs.channels} channel{'s' if pairs.channels != 1 else ''}"]
    lines.append(f"targets: {size_range(pairs.target_sizes.values())}")
    if paired:
        lines.append(f"inputs: {size_range(pairs.input_sizes.values())}")
    return lines


def size_range(sizes: Any) -> str:
    """`all 32x32 (height x width)`, or `16x16 to 64x48 (height x width)`."""
    ordered = sorted(sizes, key=lambda size: (size[0] * size[1], size))
    if not ordered:
        return "none"
    smallest, largest = ordered[0], ordered[-1]
    shown = f"all {shown_size(smallest)}" if smallest == largest else f"{shown_size(smallest)} to {shown_size(largest)}"
    return shown + " (height x width)"


def shown_size(size: Size) -> str:
    """`32x48`."""
    return f"{size[0]}x{size[1]}"


def _crops_per_image(pairs: Pairs, answers: Mapping[str, Any]) -> Any:
    """How many patches the targets' mean area holds, at least 1: an epoch's crops then cover each image about once.

    Whole patches, rounded down: an image less than two patches large gets one crop, so that
    an epoch of small images takes as many steps as a script reading each image once.
    """
    if not pairs.target_sizes:
        return None
    area = sum(height * width for height, width in pairs.target_sizes.values()) / len(pairs.target_sizes)
    return max(1, int(area // answers["patch_size"] ** 2))


def _patch_size(pairs: Pairs, answers: Mapping[str, Any]) -> Any:
    """Three quarters of the smallest target side (crops then move), at most `PATCH_MOST`, a multiple of the scale.

    None when that is below `PATCH_LEAST`: the default then stands, and `check_patch` names
    the image too small for it.
    """
    if not pairs.target_sizes:
        return None
    scale = answers.get("scale", 1)
    side = min(PATCH_MOST, *(min(size) * 3 // 4 for size in pairs.target_sizes.values()))
    patch = max(side // scale * scale, scale)
    return patch if patch >= PATCH_LEAST else None


DEFAULTS = {
    "channels": lambda pairs, answers: pairs.channels,
    "patch_size": _patch_size,
    "crops_per_image": _crops_per_image,
}
"""The defaults every image-to-image source reads from its `Pairs`."""


def check_pairs(answers: Mapping[str, Any], pairs: Pairs) -> None:
    """Each input has a target of the same name, and each target is `scale` times its input (or the same size)."""
    inputs, targets = answers.get("input_folder", ""), answers.get("target_folder", "")  # none in an .npz
    scale = answers.get("scale")
    check_unpaired(pairs.unpaired_inputs, inputs, ("input", "target"), targets)
    check_unpaired(pairs.unpaired_targets, targets, ("target", "input"), inputs)
    for stem, target in pairs.target_sizes.items():
        given, (input_name, target_name) = pairs.input_sizes[stem], pairs.pair_names[stem]
        if scale and target != (given[0] * scale, given[1] * scale):
            wanted = (given[0] * scale, given[1] * scale)
            raise InvalidAnswer(
                f"target `{target_name}` is {shown_size(target)}, but its input is {shown_size(given)}: "
                f"a scale of {scale} wants {shown_size(wanted)}",
                hint=_scale_hint(target, given),
            )
        if not scale and target != given:
            raise InvalidAnswer(
                f"input `{input_name}` is {shown_size(given)}, but its target `{target_name}` is "
                f"{shown_size(target)}: a denoised image keeps the size of its input",
                hint="crop or resize one of the two to the size of the other",
            )


def check_unpaired(names: list[str], folder: str, roles: tuple[str, str], other: str) -> None:
    """Refuse files in `folder` with no partner of the same name in `other`."""
    if not names:
        return
    role, partner = roles
    some = f"1 file in `{folder}` has" if len(names) == 1 else f"{len(names)} files in `{folder}` have"
    raise InvalidAnswer(
        f"{some} no {partner} of the same name in `{other}`: {listed(names)}",
        hint=f"name each {role} like its {partner} (the suffix may differ), or move it out",
    )


def _scale_hint(target: Size, given: Size) -> str:
    """Pass the scale the pair has, when it has one kgen offers; otherwise resize."""
    factor, left = divmod(target[0], given[0])
    if not left and target == (given[0] * factor, given[1] * factor) and factor in (2, 3, 4):
        return f"pass `--scale {factor}` if every target is {factor} times its input, or resize this pair"
    return "resize the target or its input so that the target is exactly `scale` times larger in height and width"


def check_patch(answers: Mapping[str, Any], pairs: Pairs) -> None:
    """Training crops `patch` x `patch` pixels from each target, and `patch / scale` from its input."""
    patch, scale = answers["patch_size"], answers.get("scale")
    if not pairs.target_sizes:
        return
    key, size = min(pairs.target_sizes.items(), key=lambda item: min(item[1]))
    name = pairs.pair_names[key][1] if key in pairs.pair_names else key
    if patch > min(size):
        most = min(size) // (scale or 1) * (scale or 1)
        raise InvalidAnswer(
            f"patch_size {patch} is larger than the smallest target image, `{name}` ({shown_size(size)})",
            hint=f"use at most {most}"
            if most >= PATCH_LEAST
            else f"leave that image out: training patches are at least {PATCH_LEAST:g} pixels high and wide",
        )
    if scale and patch % scale:
        smaller = patch // scale * scale
        fit = smaller if smaller >= PATCH_LEAST else smaller + scale
        raise InvalidAnswer(
            f"patch_size {patch} is not a multiple of the scale, {scale}",
            hint=f"use {fit}, so that each input patch is {fit // scale} pixels high and wide",
        )


def check(answers: Mapping[str, Any], pairs: Pairs) -> None:
    """The patch fits every target, and the images decode with the channels asked."""
    check_patch(answers, pairs)
    checks.check_image_channels(answers)
