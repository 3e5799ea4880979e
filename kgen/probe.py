"""Look at the user's data before generating: what it holds, and whether it can be read.

Pure Python (csv, zipfile, struct): kgen never imports NumPy. The facts found here become
the defaults of the later questions (columns, classes, image size) and let `kgen.spec`
refuse a project that could not train on the data it names.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import math
import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kgen.errors import InvalidAnswer

if TYPE_CHECKING:
    from kgen import probe_series

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
CSV_DELIMITERS = (",", ";", "\t")
DISTINCT_CAP = 1000
"""Distinct values kept per column; a column with more keeps `DISTINCT_CAP + 1` of them."""
CATEGORICAL_MAX_VALUES = 10
"""A column of whole numbers is categorical with at most this many distinct values..."""
CATEGORICAL_MAX_SHARE = 0.5
"""...if they are also at most this share of the rows (10 values in 12 rows look numeric)."""
MISSING = frozenset({"NA", "N/A", "NAN", "NULL", "NONE"})
"""Cells that mean "no value" in exported CSV files (any case), counted as empty like `""`.

The generated loaders read them the same way: NaN in a numeric column."""

_SNIFF_CHARS = 32 * 1024
_PNG_CHANNELS = {0: 1, 2: 3, 3: 3, 4: 1, 6: 3}
_ENDS = 32  # bytes read at each end of an image file
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the `IEND` chunk: no data, and its checksum
_LISTED = 5  # bad image files named in the refusal


@dataclass(frozen=True)
class ColumnFacts:
    """What one CSV column holds.

    Attributes:
        kind: `categorical` when some value is not a number, or when the values are whole
            numbers with few distinct ones (`CATEGORICAL_MAX_VALUES`, `CATEGORICAL_MAX_SHARE`);
            otherwise `numeric`.
        empty: Cells that are empty or only whitespace, counting those missing from short rows.
        distinct: Distinct non-empty values, up to `DISTINCT_CAP + 1` (which means more).
        integer: Whether the column has values and each is a whole number, like `3` or `-12`.
        counts_up: Whether every cell is a whole number one more than the cell above it
            (`1, 2, 3, ...`): a row number or an id, not a measurement.
    """

    kind: Literal["numeric", "categorical"]
    empty: int
    distinct: int
    integer: bool
    counts_up: bool = False


@dataclass
class Facts:
    """What the probe learned; fields it could not learn stay empty.

    `numeric_columns` are the CSV columns with values, each of them a number (empty cells
    aside); `distinct` holds each column's non-empty values, up to `DISTINCT_CAP + 1`.
    For texts, `text_lengths` and `vocabulary` are keyed by CSV column (`""` for text files):
    the words of each text, and the distinct lower-case words (up to `probe_text.VOCABULARY_CAP`).
    For a series, `times` says how each column reads as times, `not_numbers` holds each
    column's first cell that is not a number, as (row, value), and `gap_counts` how many such
    cells it has; `numbers` the latest values of each numeric column, in time order.
    For a table, `infinite_cells` holds each column's first `inf` (or number too large for a
    float, such as `1e400`), as (row, value): no model learns from it.
    For `.npz` images, `pixel_values` holds each array's dtype and its lowest and highest value
    (of a sample of its values when it is large).
    For masks, `palette_indices` holds the lowest palette index of each color that palette masks use.
    For images to images (`kgen.probe_pixels`), `target_sizes` holds each target's (height, width)
    by pair (the file name without its suffix) or, in an `image_folder`, by path in the folder;
    `input_sizes` the inputs' of the pairs, and `pair_names` their (input, target) file names;
    `unpaired_inputs` and `unpaired_targets` the file names with no partner of the same name.
    """

    columns: list[str] = field(default_factory=list)
    delimiter: str = ","
    column_report: dict[str, ColumnFacts] = field(default_factory=dict)
    numeric_columns: set[str] = field(default_factory=set)
    distinct: dict[str, set[str]] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    num_samples: int = 0
    image_size: tuple[int, int] | None = None
    channels: int | None = None
    x_shape: tuple[int, ...] | None = None
    class_counts: dict[str, int] = field(default_factory=dict)
    value_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    text_lengths: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: dict[str, int] = field(default_factory=dict)
    y_shape: tuple[int, ...] | None = None
    times: dict[str, probe_series.TimeFacts] = field(default_factory=dict)
    not_numbers: dict[str, tuple[int, str]] = field(default_factory=dict)
    gap_counts: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, list[float]] = field(default_factory=dict)
    mask_values: dict[str, set[int]] = field(default_factory=dict)
    mask_colors: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)
    palette_indices: dict[tuple[int, ...], int] = field(default_factory=dict)
    pixel_values: dict[str, tuple[str, float, float]] = field(default_factory=dict)
    target_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    input_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    pair_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    unpaired_inputs: list[str] = field(default_factory=list)
    unpaired_targets: list[str] = field(default_factory=list)
    infinite_cells: dict[str, tuple[int, str]] = field(default_factory=dict)


def inspect(source: str, path: Path, answers: Mapping[str, Any] | None = None) -> Facts:
    """Read enough of the data at `path` to know its shape; raise `InvalidAnswer` if unusable.

    `answers` are those given before the data path (the sub-folders of `paired_folders`).
    A path the system cannot look up or read (a name too long, a NUL byte, permissions) is
    refused with the system's reason.
    """
    try:
        return _inspect(source, path, answers)
    except ValueError as error:  # a NUL byte in a path; any other ValueError is a bug
        if "null byte" not in str(error):
            raise
        raise InvalidAnswer(
            f"data path `{path}` holds a NUL character", hint="pass the path of your data with `--data-path`"
        ) from None
    except OSError as error:
        raise InvalidAnswer(
            f"`{error.filename or path}` cannot be read ({error.strerror or error})",
            hint="check the path and the file's permissions",
        ) from None


def _inspect(source: str, path: Path, answers: Mapping[str, Any] | None) -> Facts:
    if not path.exists():
        raise InvalidAnswer(
            f"data path `{path}` does not exist",
            hint="pass the path of your data with `--data-path`, relative to the current directory",
        )
    if source in ("text_folders", "text_csv"):
        from kgen import probe_text

        return probe_text.inspect(source, path)
    if source == "series_csv":
        from kgen import probe_series

        return probe_series.inspect(path)
    if source in ("image_folder", "paired_folders", "mask_folders", "image_arrays"):
        from kgen import probe_pixels

        return probe_pixels.inspect(source, path, answers or {})
    return {"csv": _inspect_table, "image_folders": _inspect_folders, "npz": _inspect_npz}[source](path)


def describe_columns(facts: Facts) -> list[str]:
    """One line per CSV column, such as `species: categorical, 3 values` or `age: numeric, 4 empty cells`."""
    lines = []
    for name, column in facts.column_report.items():
        parts = [column.kind if column.distinct else "no values"]
        if column.kind == "categorical" and column.distinct > DISTINCT_CAP:
            parts.append(f"more than {DISTINCT_CAP} values")
        elif column.kind == "categorical" and column.distinct:
            parts.append(_counted(column.distinct, "value"))
        if column.empty:
            parts.append(_counted(column.empty, "empty cell"))
        lines.append(f"{name}: {', '.join(parts)}")
    return lines


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _inspect_table(path: Path) -> Facts:
    """A CSV of features and targets, with at least one row of them."""
    facts = inspect_csv(path)
    if not facts.num_samples:
        raise InvalidAnswer(
            f"`{path}` has a header but no rows", hint="add the rows of data below the line that names the columns"
        )
    return facts


def inspect_csv(path: Path) -> Facts:
    """The columns of a CSV file, their names stripped of spaces, and what each holds."""
    if not path.is_file():
        raise InvalidAnswer(f"data path `{path}` is not a file", hint="the `csv` data source reads one CSV file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:  # -sig: drop a byte order mark
            delimiter = _sniff_delimiter(handle.read(_SNIFF_CHARS))
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter, skipinitialspace=True)  # `a, b` names `b`
            columns = [name.strip() for name in next(reader, [])]  # as the generated loaders read them
            if not columns:
                raise InvalidAnswer(f"`{path}` is empty", hint="the first line of the CSV must name its columns")
            _refuse_repeated_names(path, columns)
            counts = {name: _Column() for name in columns}
            rows = _count_rows(reader, columns, counts)
    except UnicodeDecodeError:
        raise InvalidAnswer(
            f"`{path}` is not UTF-8 text", hint="save it as UTF-8 (`CSV UTF-8` in spreadsheet programs)"
        ) from None
    except csv.Error as error:
        raise InvalidAnswer(
            f"`{path}` cannot be read as CSV ({error})", hint='check its quotes: each opening `"` needs a closing one'
        ) from None
    return Facts(
        columns=columns,
        delimiter=delimiter,
        column_report={name: column.facts(rows) for name, column in counts.items()},
        numeric_columns={name for name, column in counts.items() if column.numeric and column.counts},
        distinct={name: set(column.counts) for name, column in counts.items()},
        value_counts={name: column.counts for name, column in counts.items()},
        num_samples=rows,
        infinite_cells={name: column.infinite for name, column in counts.items() if column.infinite},
    )


def _refuse_repeated_names(path: Path, columns: list[str]) -> None:
    """Two columns of one name would read as one (the last), so each name must be its own."""
    seen: set[str] = set()
    for name in columns:
        if name in seen and name:
            raise InvalidAnswer(
                f"column `{name}` is named twice in the header of `{path}`",
                hint="rename one of them in the first line of the file",
            )
        if name in seen:
            raise InvalidAnswer(
                f"more than one column of `{path}` has no name in its header",
                hint="name each column in the first line of the file",
            )
        seen.add(name)


def _sniff_delimiter(sample: str) -> str:
    """The delimiter of CSV text, one of `CSV_DELIMITERS`; `,` when the sample does not tell."""
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(CSV_DELIMITERS)).delimiter
    except csv.Error:  # one column, or too irregular to tell
        return ","
    return found if found in CSV_DELIMITERS else ","


def _count_rows(reader: Iterator[list[str]], columns: list[str], counts: dict[str, _Column]) -> int:
    rows = 0
    for row in reader:
        if not row:  # a blank line, which `csv.DictReader` skips too
            continue
        rows += 1
        for name, value in zip(columns, row, strict=False):
            counts[name].note(value, rows)
        for name in columns[len(row) :]:  # a short row's missing cells are empty
            counts[name].empty += 1
    return rows


class _Column:
    """Counts kept while one CSV column is read."""

    __slots__ = ("counts", "counts_up", "empty", "infinite", "integer", "last", "numeric")

    def __init__(self) -> None:
        self.empty = 0
        self.numeric = True
        self.integer = True
        self.counts_up = True
        self.last: int | None = None  # the cell above, while the column counts up
        self.counts: dict[str, int] = {}  # value -> rows, for the first DISTINCT_CAP + 1 values
        self.infinite: tuple[int, str] | None = None  # the first `inf` or `1e400`, as (row, value)

    def note(self, value: str, row: int) -> None:
        value = value.strip()
        if not value or value.upper() in MISSING:
            self.empty += 1
            self.counts_up = False
            return
        self.integer = self.integer and _parses(int, value)
        if self.counts_up:
            number = int(value) if self.integer else None
            self.counts_up = number is not None and (self.last is None or number == self.last + 1)
            self.last = number
        self.numeric = self.numeric and (self.integer or _parses(float, value))
        if self.numeric and not self.integer and self.infinite is None and math.isinf(float(value)):
            self.infinite = (row, value)
        if value in self.counts or len(self.counts) <= DISTINCT_CAP:
            self.counts[value] = self.counts.get(value, 0) + 1

    def facts(self, rows: int) -> ColumnFacts:
        distinct = len(self.counts)
        few = distinct <= CATEGORICAL_MAX_VALUES and distinct <= CATEGORICAL_MAX_SHARE * rows
        integer = self.integer and distinct > 0
        numeric = self.numeric and distinct > 0 and not (integer and few)
        counts_up = integer and self.counts_up and self.empty == 0
        return ColumnFacts("numeric" if numeric else "categorical", self.empty, distinct, integer, counts_up)


def _parses(kind: Callable[[str], object], value: str) -> bool:
    try:
        kind(value)
    except ValueError:
        return False
    return True


def _inspect_folders(path: Path) -> Facts:
    if not path.is_dir():
        raise InvalidAnswer(
            f"data path `{path}` is not a folder",
            hint="the `image_folders` data source reads a folder with one sub-folder of images per class",
        )
    facts, bad = Facts(), []
    for folder in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        images = images_under(folder)
        if images:
            facts.classes.append(folder.name)
            facts.class_counts[folder.name] = len(images)
            facts.num_samples += len(images)
        for image in images:
            head, whole = _read_image_ends(image)
            if not whole:
                bad.append(image.relative_to(path).as_posix())
            elif facts.image_size is None:
                _note_png(facts, head)
    if not facts.classes:
        raise InvalidAnswer(
            f"`{path}` has no sub-folder with images",
            hint=f"put the images of each class in their own sub-folder ({', '.join(IMAGE_SUFFIXES)})",
        )
    if bad:
        _refuse_images(path, bad)
    return facts


def images_under(folder: Path) -> list[Path]:
    """The image files in `folder` and its sub-folders, in path order; hidden files and folders left out."""
    found = (
        image
        for image in folder.rglob("*")
        if image.suffix.lower() in IMAGE_SUFFIXES
        and not any(part.startswith(".") for part in image.relative_to(folder).parts)
        and image.is_file()
    )
    return sorted(found, key=lambda image: image.relative_to(folder).as_posix())


def _refuse_images(path: Path, bad: list[str]) -> None:
    listed = ", ".join(f"`{name}`" for name in bad[:_LISTED])
    listed += f" and {len(bad) - _LISTED} more" if len(bad) > _LISTED else ""
    some, do, them = ("1 image file", "does", "it") if len(bad) == 1 else (f"{len(bad)} image files", "do", "them")
    raise InvalidAnswer(f"{some} in `{path}` {do} not decode: {listed}", hint=f"remove or re-save {them}")


def _read_image_ends(image: Path) -> tuple[bytes, bool]:
    """The first bytes of `image`, and whether it is a whole PNG, JPEG, GIF or BMP file.

    Reads a few bytes at each end, and all of the file only when a PNG or JPEG does not end
    with its end marker (data may follow it, as in phones' motion photos). A file cut short,
    or one that is not such an image, fails; damage inside the pixels goes unseen.
    """
    try:
        with image.open("rb") as handle:
            head = handle.read(_ENDS)
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(size - _ENDS, 0))
            tail = handle.read()
        return head, _whole(head, tail, size, image.read_bytes)
    except OSError:
        return b"", False


def _whole(head: bytes, tail: bytes, size: int, read_all: Callable[[], bytes]) -> bool:
    """The ends that TensorFlow's decoders need (`tf.io.decode_image` reads the generated projects' images)."""
    if head.startswith(_PNG_SIGNATURE):
        return head[8:16] == b"\x00\x00\x00\x0dIHDR" and (tail.endswith(_PNG_END) or _PNG_END in read_all())
    if head.startswith(b"\xff\xd8\xff"):
        return tail.endswith(b"\xff\xd9") or _jpeg_scan_ends(read_all())
    if head[:6] in (b"GIF87a", b"GIF89a"):  # TensorFlow reads a GIF without its trailer `;`, not one cut shorter
        return tail[-1:] in (b";", b"\x00")
    if head.startswith(b"BM") and len(head) >= 30:  # TensorFlow wants exactly the rows the header promises
        offset, width, height, bits = struct.unpack("<I4xii2xH", head[10:30])
        return size == offset + (bits // 8 * 8 * width + 31) // 32 * 4 * abs(height)
    return False


def _jpeg_scan_ends(data: bytes) -> bool:
    """Whether the end-of-image marker follows the first scan, past the headers (and their thumbnails)."""
    at = 2
    while data[at : at + 1] == b"\xff" and at + 1 < len(data):  # a file cut after `0xFF` is cut inside its headers
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: inside it, 0xFF is never followed by 0xD9
            return data.find(b"\xff\xd9", at) >= 0
        at += 1 if marker == 0xFF else 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return False


def _note_png(facts: Facts, header: bytes) -> None:
    if header.startswith(_PNG_SIGNATURE) and header[12:16] == b"IHDR":
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
    with archive, reading_npz(path):
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
        if facts.x_shape and len(facts.x_shape) >= 3:  # images: `rescale` wants them 0-255
            from kgen import probe_pixels

            facts.pixel_values["x"] = probe_pixels.value_range(archive, "x.npy", "x")
    facts.num_samples = facts.x_shape[0] if facts.x_shape else 0
    if y_values is not None:
        facts.distinct["y"] = {_label(value) for value in y_values[: 100 * DISTINCT_CAP]}
    return facts


@contextlib.contextmanager
def reading_npz(path: Path) -> Iterator[None]:
    """Refuse an `.npz` whose arrays do not unpack (a bad checksum, damaged compressed data, a cut member)."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise InvalidAnswer(
            f"`{path}` is damaged ({error})", hint="write it again with `numpy.savez`, or copy it again"
        ) from None


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_STRUCT_CODES = {"b1": "?", "i1": "b", "u1": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I", "i8": "q", "u8": "Q"}
_STRUCT_CODES |= {"f2": "e", "f4": "f", "f8": "d"}


def npy_fields(data: bytes) -> tuple[dict[str, Any], int]:
    """The header of a `.npy` file (`descr`, `fortran_order`, `shape`), and where its data starts."""
    refusal = InvalidAnswer("an array in the .npz file is not in NumPy's format", hint="write it with `numpy.savez`")
    if data[:6] != b"\x93NUMPY" or len(data) < 12:
        raise refusal
    length_format, start = ("<H", 10) if data[6] == 1 else ("<I", 12)
    (header_length,) = struct.unpack(length_format, data[8:start])
    try:
        header = ast.literal_eval(data[start : start + header_length].decode("latin1"))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):  # cut short, or not a literal
        raise refusal from None
    shape = header.get("shape") if isinstance(header, dict) else None
    if not (
        isinstance(shape, tuple)
        and all(isinstance(side, int) and side >= 0 for side in shape)
        and isinstance(header.get("descr"), str | list)
        and isinstance(header.get("fortran_order"), bool)
    ):
        raise refusal
    return header, start + header_length


def _npy_header(data: bytes, *, with_values: bool) -> tuple[tuple[int, ...], list[float] | None]:
    """Shape of a `.npy` payload, and its values when it is a simple little-endian array."""
    header, start = npy_fields(data)
    shape = tuple(header["shape"])
    descr, payload = str(header["descr"]), data[start:]
    code = _STRUCT_CODES.get(descr[1:])
    if not with_values or code is None or descr[0] == ">" or header["fortran_order"]:
        return shape, None
    if len(payload) != math.prod(shape) * struct.calcsize(code):
        raise InvalidAnswer(
            f"an array in the .npz file holds {len(payload)} bytes of values, where its shape {shape} needs"
            f" {math.prod(shape) * struct.calcsize(code)}",
            hint="write it again with `numpy.savez`: the file is cut short or damaged",
        )
    return shape, [value for (value,) in struct.iter_unpack("<" + code, payload)]


def holds_flags(facts: Facts, column: str) -> bool:
    """Whether a CSV column holds only 0 and 1 (written as whole numbers or decimals), and some of them."""
    values = facts.distinct.get(column, set())
    return bool(values) and all(is_flag(value) for value in values)


def is_flag(value: str) -> bool:
    """Whether one CSV value is a 0 or a 1."""
    try:
        return float(value) in (0.0, 1.0)
    except ValueError:
        return False
