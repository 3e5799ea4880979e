"""Look at image-to-image data before generating: image sizes, and which inputs pair with which targets.

Pure Python, like `kgen.probe`: each image's size and channels come from its header (PNG,
JPEG, BMP, GIF), read with `struct`. An `image_folder` holds the targets only (the project
makes each input from its target); `paired_folders` holds an input and a target sub-folder
whose files pair up by name without the suffix (`cat.jpg` with `cat.png`). Whether the pairs
and sizes fit the task is for `kgen.rules` to say.
"""

from __future__ import annotations

import math
import struct
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from kgen import probe
from kgen.errors import InvalidAnswer
from kgen.probe import IMAGE_SUFFIXES, Facts

SOURCES = ("image_folder", "paired_folders", "mask_folders", "image_arrays")
"""The data sources this module reads."""

Size = tuple[int, int]

_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOF0..SOF15 but DHT, JPG and DAC
_JPEG_ALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # markers without a length: TEM, RST0..RST7
_BMP_CHANNELS = {8: 1, 24: 3, 32: 4}


def inspect(source: str, path: Path, answers: Mapping[str, Any]) -> Facts:
    """The facts of an `image_folder` or `paired_folders` data path; raise `InvalidAnswer` if unusable."""
    if source == "image_arrays":
        return _inspect_arrays(path, answers.get("input_key", "x"), answers.get("target_key", "y"))
    if not path.is_dir():
        raise InvalidAnswer(
            f"data path `{path}` is not a folder",
            hint=f"the `{source}` data source reads a folder of images"
            if source == "image_folder"
            else f"the `{source}` data source reads a folder with two sub-folders of images",
        )
    if source == "image_folder":
        return _inspect_images(path)
    if source == "mask_folders":
        facts = _inspect_pairs(path, "images", "masks")
        _read_masks(facts, path / "masks")
        return facts
    return _inspect_pairs(path, answers.get("input_folder", "inputs"), answers.get("target_folder", "targets"))


def image_size(path: Path) -> tuple[int, int, int] | None:
    """(height, width, channels) from the header of a PNG, JPEG, BMP or GIF file; `None` if it does not read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(30)
            if head.startswith(b"\xff\xd8"):
                handle.seek(2)
                return _jpeg_size(handle)
            return _header_size(head)
    except OSError:
        return None


def describe(facts: Facts, pixel_max: int | None = None) -> list[str]:
    """What the images are like: how many (pairs), their channels, and the range of their sizes.

    For masks: their sizes, and the classes (gray values) or colors they hold. For arrays: the
    range of their values, and how the project scales them (by `pixel_max`).
    """
    if facts.mask_values or facts.mask_colors:
        values = sorted({value for found in facts.mask_values.values() for value in found})
        colors = mask_colors_in_order(facts)
        held = ", ".join(str(value) for value in values[:12]) or ", ".join(_hex(color) for color in colors[:12])
        channels = f"{facts.channels} channel{'s' if facts.channels != 1 else ''}"
        return [
            f"images: {facts.num_samples} with their masks, {channels}",
            f"sizes: {_size_range(facts.target_sizes.values())}",
            f"masks hold {'classes' if values else 'colors'}: {held}",
        ]
    paired = bool(facts.input_sizes)
    count = f"{facts.num_samples} pair{'s' if facts.num_samples != 1 else ''}" if paired else str(facts.num_samples)
    lines = [f"images: {count}, {facts.channels} channel{'s' if facts.channels != 1 else ''}"]
    lines.append(f"targets: {_size_range(facts.target_sizes.values())}")
    if paired:
        lines.append(f"inputs: {_size_range(facts.input_sizes.values())}")
    if facts.pixel_values and pixel_max:
        lines.append(_described_values(facts, pixel_max))
    return lines


def _described_values(facts: Facts, pixel_max: int) -> str:
    held = ", ".join(
        f"`{key}` {dtype} {_number(low)} to {_number(high)}" for key, (dtype, low, high) in facts.pixel_values.items()
    )
    scaled = "pixels in [0, 1], read as they are" if pixel_max == 1 else f"pixels 0-{pixel_max}, divided by {pixel_max}"
    return f"values: {held} -> {scaled} (`--pixel-max` changes it)"


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.3g}"


def _size_range(sizes: Any) -> str:
    ordered = sorted(sizes, key=lambda size: (size[0] * size[1], size))
    if not ordered:
        return "none"
    smallest, largest = ordered[0], ordered[-1]
    shown = f"all {_shown(smallest)}" if smallest == largest else f"{_shown(smallest)} to {_shown(largest)}"
    return shown + " (height x width)"


def _shown(size: Size) -> str:
    return f"{size[0]}x{size[1]}"


def _header_size(head: bytes) -> tuple[int, int, int] | None:
    """The size in a PNG, BMP or GIF header (its first 30 bytes)."""
    if head.startswith(probe._PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 26:
        width, height = struct.unpack(">II", head[16:24])
        channels = probe._PNG_CHANNELS.get(head[25])
        return (height, width, channels) if channels else None
    if head.startswith(b"BM") and len(head) >= 30:
        width, height, bits = struct.unpack("<ii2xH", head[18:30])
        channels = _BMP_CHANNELS.get(bits)
        return (abs(height), width, channels) if channels and width > 0 and height else None
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return (height, width, 3) if width and height else None
    return None


def _jpeg_size(handle: BinaryIO) -> tuple[int, int, int] | None:
    """The size in the first frame header (SOFn) of a JPEG, read marker by marker from after its start."""
    while True:
        byte = handle.read(1)
        if byte != b"\xff":
            return None
        marker = handle.read(1)
        while marker == b"\xff":  # fill bytes before a marker
            marker = handle.read(1)
        if not marker or marker[0] in (0xD9, 0xDA):  # the end, or a scan before any frame header
            return None
        if marker[0] in _JPEG_ALONE:
            continue
        length = handle.read(2)
        if len(length) < 2:
            return None
        if marker[0] in _JPEG_FRAMES:
            frame = handle.read(6)
            if len(frame) < 6:
                return None
            height, width, components = struct.unpack(">xHHB", frame)
            # TensorFlow decodes CMYK (4 components) to RGB
            return (height, width, 1 if components == 1 else 3) if height and width else None
        handle.seek(int.from_bytes(length, "big") - 2, 1)


def _inspect_images(path: Path) -> Facts:
    """A folder of target images, searched recursively, hidden files and folders left out."""
    images = probe.images_under(path)
    if not images:
        raise InvalidAnswer(
            f"`{path}` has no images",
            hint=f"put the images in it or in its sub-folders ({', '.join(IMAGE_SUFFIXES)})",
        )
    facts, bad = Facts(), []
    for image in images:
        name = image.relative_to(path).as_posix()
        size = _decoded_size(image)
        if size is None:
            bad.append(name)
            continue
        facts.target_sizes[name] = size[:2]
        facts.channels = facts.channels or size[2]
    if bad:
        probe._refuse_images(path, bad)
    facts.num_samples = len(facts.target_sizes)
    return facts


def _inspect_pairs(path: Path, input_folder: str, target_folder: str) -> Facts:
    """An input and a target sub-folder: the images directly in each, paired by name without the suffix."""
    inputs = _images_by_stem(path, input_folder, "input")
    targets = _images_by_stem(path, target_folder, "target")
    facts, bad = Facts(), []
    sizes: dict[str, dict[str, tuple[int, int, int]]] = {input_folder: {}, target_folder: {}}
    for folder, images in ((input_folder, inputs), (target_folder, targets)):
        for stem, image in images.items():
            size = _decoded_size(image)
            if size is None:
                bad.append(f"{folder}/{image.name}")
            else:
                sizes[folder][stem] = size
    if bad:
        probe._refuse_images(path, bad)
    facts.unpaired_inputs = [image.name for stem, image in inputs.items() if stem not in targets]
    facts.unpaired_targets = [image.name for stem, image in targets.items() if stem not in inputs]
    for stem in (stem for stem in targets if stem in inputs):
        facts.target_sizes[stem] = sizes[target_folder][stem][:2]
        facts.input_sizes[stem] = sizes[input_folder][stem][:2]
        facts.pair_names[stem] = (inputs[stem].name, targets[stem].name)
        facts.channels = facts.channels or sizes[input_folder][stem][2]  # what the model reads
    facts.num_samples = len(facts.target_sizes)
    return facts


def _images_by_stem(path: Path, name: str, role: str) -> dict[str, Path]:
    """The images directly in the sub-folder `name` of `path`, by file name without the suffix."""
    folder = path / name
    if not folder.is_dir():
        _refuse_missing(path, name, role)
    images: dict[str, Path] = {}
    for image in sorted(p for p in folder.iterdir() if _is_image(p) and not p.name.startswith(".")):
        if image.stem in images:
            raise InvalidAnswer(
                f"`{name}` holds two images named `{image.stem}`: `{images[image.stem].name}` and `{image.name}`",
                hint=f"keep one of them, or rename the other: each {role} pairs by its name without the suffix",
            )
        images[image.stem] = image
    if not images:
        raise InvalidAnswer(
            f"the {role} folder `{folder}` has no images",
            hint=f"put the {role} images directly in it ({', '.join(IMAGE_SUFFIXES)})",
        )
    return images


def _refuse_missing(path: Path, name: str, role: str) -> None:
    folders = sorted(p.name for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    flag = f"--{role}-folder"
    if folders:
        hint = f"its sub-folders are {', '.join(f'`{f}`' for f in folders)}: name the {role} one with `{flag}`"
    else:
        hint = f"it has no sub-folders: put the {role} images in `{name}` inside it, or name their folder with `{flag}`"
    raise InvalidAnswer(f"`{path}` has no {role} folder `{name}`", hint=hint)


def _decoded_size(image: Path) -> tuple[int, int, int] | None:
    """The size of a whole image file that TensorFlow decodes; `None` for a broken one."""
    _, whole = probe._read_image_ends(image)
    return image_size(image) if whole else None


def _is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()


MASKS_READ = 300
"""The most masks kgen reads the pixels of, in name order; the generated project reads every one."""


def _read_masks(facts: Facts, folder: Path) -> None:
    """Each mask's classes: its gray values (class indices), or the colors it holds."""
    from kgen import png

    for stem in sorted(facts.pair_names)[:MASKS_READ]:
        name = facts.pair_names[stem][1]
        try:
            mask = png.read_png(folder / name)
        except png.PngError as error:
            raise InvalidAnswer(
                f"mask `{name}` cannot be read: {error}", hint="save masks as 8-bit PNG files (JPEG blurs class edges)"
            ) from None
        colors = png.distinct_colors(mask)
        if mask.palette is None and all(red == green == blue for red, green, blue in colors):
            facts.mask_values[name] = {red for red, _, _ in colors}
        else:
            facts.mask_colors[name] = colors
        for index in sorted(set(mask.pixels)) if mask.palette is not None else ():
            facts.palette_indices.setdefault(mask.palette[index], index)


def mask_colors_in_order(facts: Facts, colors: Iterable[tuple[int, ...]] | None = None) -> list[tuple[int, ...]]:
    """The colors of the masks (or those given), in class order as far as the masks tell it.

    A palette PNG numbers its colors, and its palette order is the class order: copying the
    list keeps each class at its palette index. Colors of RGB masks follow, sorted (black first).
    """
    found = {color for held in facts.mask_colors.values() for color in held} if colors is None else set(colors)
    return sorted(found, key=lambda color: (facts.palette_indices.get(color, len(facts.palette_indices)), color))


def _hex(color: tuple[int, ...]) -> str:
    return "#" + "".join(f"{value:02x}" for value in color[:3])


def _inspect_arrays(path: Path, input_key: str, target_key: str) -> Facts:
    """An `.npz` file's input and target arrays of images: their counts and sizes, from the `.npy` headers."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, IsADirectoryError, OSError) as error:
        raise InvalidAnswer(
            f"`{path}` is not an .npz file ({error})", hint="write it with `numpy.savez(path, x=inputs, y=targets)`"
        ) from None
    with archive, probe.reading_npz(path):
        names = sorted(name.removesuffix(".npy") for name in archive.namelist())
        shapes, pixels = {}, {}
        for key, flag in ((input_key, "--input-key"), (target_key, "--target-key")):
            if key not in names:
                listed = ", ".join(f"`{name}`" for name in names)
                raise InvalidAnswer(
                    f"`{path}` has no array `{key}`", hint=f"its arrays are {listed}: name one with `{flag}`"
                )
            with archive.open(f"{key}.npy") as handle:
                shapes[key], _ = probe._npy_header(handle.read(4096), with_values=False)
            pixels[key] = value_range(archive, f"{key}.npy", key)
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
    facts = Facts(num_samples=count, channels=given[2] if len(given) == 3 else 1, pixel_values=pixels)
    facts.input_sizes["arrays"], facts.target_sizes["arrays"] = tuple(given[:2]), tuple(size[:2])
    facts.pair_names["arrays"] = (input_key, target_key)
    return facts


VALUES_READ = 1 << 22
"""The most bytes of an array's values kgen reads for their range: 64 runs spread through it."""

_DTYPES = {"b": "bool", "i": "int", "u": "uint", "f": "float"}


def value_range(archive: zipfile.ZipFile, name: str, key: str) -> tuple[str, float, float]:
    """An `.npy` array's dtype (`uint8`, `float32`, ...), and its lowest and highest value, of a sample if large.

    Values are read with `struct`; a large array stored uncompressed (`numpy.savez`) is read in
    runs spread through it, a compressed one (`numpy.savez_compressed`) from its start.
    """
    with archive.open(name) as handle:
        header, start = probe.npy_fields(handle.read(4096))
        descr, count = str(header["descr"]), _product(header["shape"])
        code = probe._STRUCT_CODES.get(descr[1:])
        if code is None or descr[0] not in "<>|=":
            raise InvalidAnswer(
                f"array `{key}` holds values of type `{descr}`, not pixels",
                hint="save images as whole numbers 0-255 (uint8) or as floats in [0, 1]",
            )
        size = struct.calcsize(code)
        dtype = _DTYPES[descr[1]] + ("" if descr[1] == "b" else str(8 * size))
        if not count:
            return dtype, 0.0, 0.0
        values = _sampled(handle, start, count * size, size, archive.getinfo(name).compress_type == zipfile.ZIP_STORED)
    found = struct.unpack(f"{'>' if descr[0] == '>' else '<'}{len(values) // size}{code}", values)
    if not all(math.isfinite(value) for value in found):
        raise InvalidAnswer(
            f"array `{key}` holds NaN or infinite values, not pixels", hint="replace them before saving the arrays"
        )
    return dtype, float(min(found)), float(max(found))


def _sampled(handle: BinaryIO, start: int, length: int, size: int, seekable: bool) -> bytes:
    """Bytes of the array data at `start`: all of it, or `VALUES_READ` of it in whole values."""
    if length <= VALUES_READ or not seekable:
        handle.seek(start)
        data = handle.read(min(length, VALUES_READ))
        return data[: len(data) // size * size]
    runs, run = 64, VALUES_READ // 64 // size * size
    parts = []
    for number in range(runs):
        handle.seek(start + (length - run) * number // (runs - 1) // size * size)
        parts.append(handle.read(run))
    return b"".join(parts)


def _product(shape: Any) -> int:
    return math.prod(int(side) for side in shape)
