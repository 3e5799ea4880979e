"""Tiny data files in real formats, written without NumPy or an image library."""

from __future__ import annotations

import csv
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest


def png_bytes(width: int, height: int, channels: int = 3) -> bytes:
    """A valid PNG of black pixels: 8-bit grayscale (1 channel) or RGB (3)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    color_type = {1: 0, 3: 2}[channels]
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(width * channels) for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


_STRUCT_CODES = {"<f4": "f", "<f8": "d", "<i4": "i", "<i8": "q"}


def npy_bytes(shape: tuple[int, ...], values: Sequence[float] | None = None, descr: str = "<f4") -> bytes:
    """A `.npy` file (format 1.0) holding `values`, or zeros, in `shape`."""
    count = 1
    for size in shape:
        count *= size
    values = list(values) if values is not None else [0] * count
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode("latin1")
    header += b" " * (-(len(header) + 11) % 64) + b"\n"
    payload = struct.pack(f"<{len(values)}{_STRUCT_CODES[descr]}", *values)
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + payload


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write `rows` under a `header` as a CSV file in `tmp_path`."""

    def write(header: Sequence[str], rows: Sequence[Sequence[object]], name: str = "table.csv") -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def table_csv(write_csv: Callable[..., Path]) -> Path:
    """30 rows: numeric features `a`, `b`, a text column `city`, and `label` with 3 classes."""
    rows = [(i / 10, i % 7, ["paris", "oslo"][i % 2], i % 3) for i in range(30)]
    return write_csv(["a", "b", "city", "label"], rows)


@pytest.fixture
def image_folders(tmp_path: Path) -> Callable[..., Path]:
    """Write `classes` sub-folders of `per_class` PNG images each."""

    def write(classes: Sequence[str], per_class: int = 4, size: tuple[int, int] = (8, 6), channels: int = 3) -> Path:
        root = tmp_path / "images"
        for name in classes:
            (root / name).mkdir(parents=True)
            for index in range(per_class):
                (root / name / f"{index}.png").write_bytes(png_bytes(size[1], size[0], channels))
        return root

    return write


@pytest.fixture
def write_npz(tmp_path: Path) -> Callable[..., Path]:
    """Write an `.npz` with `x` of `x_shape` (zeros) and `y` holding `labels`."""

    def write(x_shape: tuple[int, ...], labels: Sequence[int], name: str = "arrays.npz") -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("x.npy", npy_bytes(x_shape))
            archive.writestr("y.npy", npy_bytes((len(labels),), labels, descr="<i8"))
        return path

    return write


@pytest.fixture
def image_folder(tmp_path: Path) -> Callable[..., Path]:
    """Write one PNG image per (height, width) in `sizes` into a folder, as `0.png`, `1.png`, ..."""

    def write(sizes: Sequence[tuple[int, int]], channels: int = 3, name: str = "images") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True)
        for index, (height, width) in enumerate(sizes):
            (root / f"{index}.png").write_bytes(png_bytes(width, height, channels))
        return root

    return write


@pytest.fixture
def paired_folders(tmp_path: Path) -> Callable[..., Path]:
    """Write `count` PNG pairs: `inputs/<i>.png` of `input_size`, `targets/<i>.png` of `target_size` (height, width)."""

    def write(
        count: int = 12,
        input_size: tuple[int, int] = (8, 6),
        target_size: tuple[int, int] = (16, 12),
        channels: int = 3,
    ) -> Path:
        root = tmp_path / "pairs"
        for folder, (height, width) in (("inputs", input_size), ("targets", target_size)):
            (root / folder).mkdir(parents=True)
            for index in range(count):
                (root / folder / f"{index:02d}.png").write_bytes(png_bytes(width, height, channels))
        return root

    return write
