"""Look at the user's data before generating: what it holds, and whether it can be read.

Pure Python (csv, zipfile, struct): kgen never imports NumPy. The facts found here become
the defaults of the later questions (columns, classes, image size) and let `kgen.spec`
refuse a project that could not train on the data it names.
"""

from __future__ import annotations

import ast
import csv
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kgen.errors import InvalidAnswer

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
_DISTINCT_CAP = 1000
_PNG_CHANNELS = {0: 1, 2: 3, 3: 3, 4: 1, 6: 3}


@dataclass
class Facts:
    """What the probe learned; fields it could not learn stay empty."""

    columns: list[str] = field(default_factory=list)
    numeric_columns: set[str] = field(default_factory=set)
    distinct: dict[str, set[str]] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    num_samples: int = 0
    image_size: tuple[int, int] | None = None
    channels: int | None = None
    x_shape: tuple[int, ...] | None = None
    y_shape: tuple[int, ...] | None = None


def inspect(source: str, path: Path) -> Facts:
    """Read enough of the data at `path` to know its shape; raise `InvalidAnswer` if unusable."""
    if not path.exists():
        raise InvalidAnswer(
            f"data path `{path}` does not exist",
            hint="pass the path of your data with `--data-path`, relative to the current directory",
        )
    return {"csv": _inspect_csv, "image_folders": _inspect_folders, "npz": _inspect_npz}[source](path)


def _inspect_csv(path: Path) -> Facts:
    if not path.is_file():
        raise InvalidAnswer(f"data path `{path}` is not a file", hint="the `csv` data source reads one CSV file")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        columns = next(reader, [])
        if not columns:
            raise InvalidAnswer(f"`{path}` is empty", hint="the first line of the CSV must name its columns")
        facts = Facts(columns=columns, numeric_columns=set(columns))
        facts.distinct = {name: set() for name in columns}
        for row in reader:
            if not row:
                continue
            facts.num_samples += 1
            for name, value in zip(columns, row, strict=False):  # short rows leave columns out
                _note_value(facts, name, value.strip())
    return facts


def _note_value(facts: Facts, column: str, value: str) -> None:
    if column in facts.numeric_columns:
        try:
            float(value)
        except ValueError:
            facts.numeric_columns.discard(column)
    seen = facts.distinct[column]
    if len(seen) <= _DISTINCT_CAP:
        seen.add(value)


def _inspect_folders(path: Path) -> Facts:
    if not path.is_dir():
        raise InvalidAnswer(
            f"data path `{path}` is not a folder",
            hint="the `image_folders` data source reads a folder with one sub-folder of images per class",
        )
    facts = Facts()
    for folder in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if images:
            facts.classes.append(folder.name)
            facts.num_samples += len(images)
            if facts.image_size is None:
                _note_png(facts, images[0])
    if not facts.classes:
        raise InvalidAnswer(
            f"`{path}` has no sub-folder with images",
            hint=f"put the images of each class in their own sub-folder ({', '.join(IMAGE_SUFFIXES)})",
        )
    return facts


def _note_png(facts: Facts, image: Path) -> None:
    header = image.read_bytes()[:26] if image.suffix.lower() == ".png" else b""
    if header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR":
        width, height = struct.unpack(">II", header[16:24])
        facts.image_size = (height, width)
        facts.channels = _PNG_CHANNELS.get(header[25])


def _inspect_npz(path: Path) -> Facts:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, IsADirectoryError, OSError) as error:
        raise InvalidAnswer(
            f"`{path}` is not an .npz file ({error})", hint="write it with `numpy.savez(path, x=x, y=y)`"
        ) from None
    with archive:
        names = set(archive.namelist())
        missing = [key for key in ("x", "y") if f"{key}.npy" not in names]
        if missing:
            raise InvalidAnswer(
                f"`{path}` has no array {' or '.join(f'`{key}`' for key in missing)}",
                hint="write it with `numpy.savez(path, x=features_or_images, y=labels_or_targets)`",
            )
        facts = Facts()
        with archive.open("x.npy") as x_file:
            facts.x_shape, _ = _npy_header(x_file.read(4096), with_values=False)
        facts.y_shape, y_values = _npy_header(archive.read("y.npy"), with_values=True)
    facts.num_samples = facts.x_shape[0] if facts.x_shape else 0
    if y_values is not None:
        facts.distinct["y"] = {_label(value) for value in y_values[: 100 * _DISTINCT_CAP]}
    return facts


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_STRUCT_CODES = {"b1": "?", "i1": "b", "u1": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I", "i8": "q", "u8": "Q"}
_STRUCT_CODES |= {"f4": "f", "f8": "d"}


def _npy_header(data: bytes, *, with_values: bool) -> tuple[tuple[int, ...], list[float] | None]:
    """Shape of a `.npy` payload, and its values when it is a simple little-endian array."""
    if data[:6] != b"\x93NUMPY":
        raise InvalidAnswer("an array in the .npz file is not in NumPy's format", hint="write it with `numpy.savez`")
    major = data[6]
    length_format, start = ("<H", 10) if major == 1 else ("<I", 12)
    (header_length,) = struct.unpack(length_format, data[8:start])
    header = ast.literal_eval(data[start : start + header_length].decode("latin1"))
    shape = tuple(header["shape"])
    descr, payload = str(header["descr"]), data[start + header_length :]
    code = _STRUCT_CODES.get(descr[1:])
    if not with_values or code is None or descr[0] == ">" or header["fortran_order"]:
        return shape, None
    return shape, [value for (value,) in struct.iter_unpack("<" + code, payload)]
