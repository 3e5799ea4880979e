"""`.npz` archives and the `.npy` arrays in them: shapes from the headers, values with `struct`.

kgen never imports NumPy: an array's header is a Python literal, and its values, when
kgen needs them (labels, the range of pixels), unpack with `struct`.
"""

from __future__ import annotations

import ast
import contextlib
import math
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kgen.errors import InvalidAnswer

HEADER_BYTES = 4096
"""Bytes read from the start of an array: enough for any header `numpy.save` writes."""
VALUES_READ = 1 << 22
"""The most bytes of an array's values kgen reads for their range: 64 runs spread through it."""

_STRUCT_CODES = {"b1": "?", "i1": "b", "u1": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I", "i8": "q", "u8": "Q"}
_STRUCT_CODES |= {"f2": "e", "f4": "f", "f8": "d"}
_DTYPES = {"b": "bool", "i": "int", "u": "uint", "f": "float"}


def open_npz(path: Path, hint: str) -> zipfile.ZipFile:
    """The `.npz` archive at `path`; refused, with `hint`, when it is no zip file."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, IsADirectoryError, OSError) as error:
        raise InvalidAnswer(f"`{path}` is not an .npz file ({error})", hint=hint) from None


@contextlib.contextmanager
def reading_npz(path: Path) -> Iterator[None]:
    """Refuse an `.npz` whose arrays do not unpack (a bad checksum, damaged compressed data, a cut member)."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise InvalidAnswer(
            f"`{path}` is damaged ({error})", hint="write it again with `numpy.savez`, or copy it again"
        ) from None


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


def npy_shape(archive: zipfile.ZipFile, name: str) -> tuple[int, ...]:
    """The shape of the array `name` (`x.npy`) in an archive, from its header alone."""
    with archive.open(name) as handle:
        header, _ = npy_fields(handle.read(HEADER_BYTES))
    return tuple(header["shape"])


def npy_values(data: bytes) -> tuple[tuple[int, ...], list[float] | None]:
    """Shape of a whole `.npy` payload, and its values when it is a simple little-endian array."""
    header, start = npy_fields(data)
    shape = tuple(header["shape"])
    descr, payload = str(header["descr"]), data[start:]
    code = _STRUCT_CODES.get(descr[1:])
    if code is None or descr[0] == ">" or header["fortran_order"]:
        return shape, None
    if len(payload) != math.prod(shape) * struct.calcsize(code):
        raise InvalidAnswer(
            f"an array in the .npz file holds {len(payload)} bytes of values, where its shape {shape} needs"
            f" {math.prod(shape) * struct.calcsize(code)}",
            hint="write it again with `numpy.savez`: the file is cut short or damaged",
        )
    return shape, [value for (value,) in struct.iter_unpack("<" + code, payload)]


def value_range(archive: zipfile.ZipFile, name: str, key: str) -> tuple[str, float, float]:
    """An `.npy` array's dtype (`uint8`, `float32`, ...), and its lowest and highest value, of a sample if large.

    Values are read with `struct`; a large array stored uncompressed (`numpy.savez`) is read in
    runs spread through it, a compressed one (`numpy.savez_compressed`) from its start.
    """
    with archive.open(name) as handle:
        header, start = npy_fields(handle.read(HEADER_BYTES))
        descr, count = str(header["descr"]), math.prod(int(side) for side in header["shape"])
        code = _STRUCT_CODES.get(descr[1:])
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
