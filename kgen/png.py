"""Read the pixels of a PNG file, in pure Python (`zlib` and `struct`), to check segmentation masks.

Before writing a segmentation project kgen looks at the class masks a user gives: which class
indices a one-channel mask holds (`distinct_values`), or which colors an RGB mask holds
(`distinct_colors`), so that it can refuse a mask with values outside the class count and name
the file. NumPy, TensorFlow and Pillow are not imported: kgen stays light to start.

`read_png` reads non-interlaced PNGs of every color type: gray (bit depth 1, 2, 4 or 8), RGB,
palette (bit depth 1, 2, 4 or 8), gray with alpha, and RGBA (bit depth 8). It refuses 16-bit
and interlaced (Adam7) PNGs with a `PngError`. Only the critical chunks (`IHDR`, `PLTE`,
`IDAT`, `IEND`) hold pixels; the others (`tRNS`, `gAMA`, `sBIT`, ...) change how a viewer shows
them, not the stored values, and are skipped.

Gray samples of bit depth 1, 2 or 4 are scaled to 0..255 (a 1-bit 1 reads 255, a 2-bit 3 reads 255),
as TensorFlow and Pillow read them. A palette PNG reads as its palette *indices* (one channel,
the palette kept), not as its colors. The generated projects read masks with TensorFlow, whose
`tf.io.decode_png(..., channels=1)` turns a palette PNG into the gray level of each index's color,
not the index: the caller decides which of the two it accepts.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from kgen.errors import PngError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
"""The first 8 bytes of every PNG file."""

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
"""The channels of each PNG color type, as `read_png` gives them (a palette PNG gives its indices)."""

_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_CRITICAL = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND"})


@dataclass(frozen=True)
class Png:
    """The decoded pixels of a PNG.

    Args:
        height: Rows of pixels.
        width: Pixels in a row.
        channels: Values per pixel: 1 (gray, or palette indices), 2 (gray and alpha), 3 (RGB) or 4 (RGBA).
        pixels: `height * width * channels` bytes, row after row, one byte per value.
        palette: The palette's RGB colors, for a palette PNG; `None` otherwise.
    """

    height: int
    width: int
    channels: int
    pixels: bytes
    palette: list[tuple[int, int, int]] | None = None


def read_png(path: Path | str) -> Png:
    """The pixels of the PNG at `path`; raise `PngError` if it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PngError(f"cannot read `{path}`: {error.strerror or error}") from error
    return decode_png(data, str(path))


def decode_png(data: bytes, name: str = "the PNG") -> Png:
    """The pixels of a PNG file's bytes; `name` is how errors call it."""
    if not data.startswith(SIGNATURE):
        raise PngError(f"`{name}` is not a PNG file")
    header, palette, compressed = _chunks(data, name)
    width, height, depth, color_type = _check_header(header, name)
    if color_type == 3 and palette is None:
        raise PngError(f"`{name}` is a palette PNG without a PLTE chunk")
    channels = CHANNELS[color_type]
    row_size = (width * channels * depth + 7) // 8
    raw = _decompress(compressed, height * (row_size + 1), name)
    rows = _unfilter(raw, height, row_size, max(1, channels * depth // 8), name)
    if depth < 8:
        table = _unpack_table(depth, 1 if color_type == 3 else 255 // ((1 << depth) - 1))
        rows = [b"".join(map(table.__getitem__, row))[:width] for row in rows]
    pixels = b"".join(rows)
    if palette is not None and color_type == 3 and max(pixels) >= len(palette):
        raise PngError(f"`{name}` has palette index {max(pixels)}, past its palette of {len(palette)} colors")
    return Png(height, width, channels, pixels, palette if color_type == 3 else None)


def distinct_values(png: Png) -> set[int]:
    """The values of a one-channel PNG: gray levels, or palette indices (the gray channel of gray and alpha)."""
    if png.channels == 1:
        return set(png.pixels)
    if png.channels == 2:
        return set(png.pixels[0::2])
    raise ValueError(f"a PNG of {png.channels} channels has colors, not values: use `distinct_colors`")


def distinct_colors(png: Png) -> set[tuple[int, ...]]:
    """The RGB colors of a PNG: its first 3 channels, a gray level `v` as `(v, v, v)`, a palette index as its color."""
    if png.palette is not None:
        return {png.palette[index] for index in set(png.pixels)}
    if png.channels <= 2:
        return {(value, value, value) for value in distinct_values(png)}
    step, pixels = png.channels, png.pixels
    return set(zip(pixels[0::step], pixels[1::step], pixels[2::step], strict=True))


def _chunks(data: bytes, name: str) -> tuple[bytes, list[tuple[int, int, int]] | None, bytes]:
    """The `IHDR` data, the `PLTE` colors (or `None`) and the joined `IDAT` data of a PNG file."""
    header, palette, parts = None, None, []
    position = len(SIGNATURE)
    while True:
        if position + 8 > len(data):
            raise PngError(f"`{name}` is truncated: it ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 8 + length
        if end + 4 > len(data):
            raise PngError(f"`{name}` is truncated: its {kind.decode('latin-1')} chunk is cut short")
        body = data[position + 8 : end]
        if header is None and kind != b"IHDR":
            raise PngError(f"`{name}` does not start with an IHDR chunk")
        if kind in _CRITICAL and zlib.crc32(kind + body) != int.from_bytes(data[end : end + 4], "big"):
            raise PngError(f"`{name}` is damaged: the checksum of its {kind.decode('latin-1')} chunk does not match")
        if kind == b"IHDR":
            header = body
        elif kind == b"PLTE":
            palette = _palette(body, name)
        elif kind == b"IDAT":
            parts.append(body)
        elif kind == b"IEND":
            break
        elif not kind[0] & 0x20:  # an upper-case first letter: a critical chunk, needed to read the pixels
            raise PngError(f"`{name}` has a critical chunk this reader does not know: {kind.decode('latin-1')!r}")
        position = end + 4
    if not parts:
        raise PngError(f"`{name}` has no image data (no IDAT chunk)")
    return header, palette, b"".join(parts)


def _palette(body: bytes, name: str) -> list[tuple[int, int, int]]:
    """The RGB colors of a `PLTE` chunk."""
    if not body or len(body) % 3 or len(body) > 768:
        raise PngError(f"`{name}` has a PLTE chunk of {len(body)} bytes, not 3 bytes for each of 1 to 256 colors")
    return list(zip(body[0::3], body[1::3], body[2::3], strict=True))


def _check_header(header: bytes, name: str) -> tuple[int, int, int, int]:
    """(width, height, bit depth, color type) of an `IHDR` chunk this module reads; raise `PngError` otherwise."""
    if len(header) != 13:
        raise PngError(f"`{name}` has an IHDR chunk of {len(header)} bytes, not 13")
    width, height, depth, color_type, compression, filtering, interlace = struct.unpack(">IIBBBBB", header)
    if not width or not height:
        raise PngError(f"`{name}` has no pixels: it is {width} wide and {height} high")
    if color_type not in _DEPTHS or compression or filtering or interlace > 1:
        raise PngError(f"`{name}` has an IHDR chunk with an unknown color type, compression, filter or interlace")
    if depth not in _DEPTHS[color_type]:
        raise PngError(f"`{name}` has bit depth {depth}, which color type {color_type} does not allow")
    if depth == 16:
        raise PngError(f"`{name}` is a 16-bit PNG: only PNGs of 8 bits (or fewer) per value are read")
    if interlace:
        raise PngError(f"`{name}` is an interlaced (Adam7) PNG: interlaced PNGs are not read; save it without")
    return width, height, depth, color_type


def _decompress(compressed: bytes, size: int, name: str) -> bytes:
    """The first `size` bytes the zlib stream `compressed` holds; raise `PngError` if it holds fewer."""
    stream = zlib.decompressobj()
    try:
        raw = stream.decompress(compressed, size)
    except zlib.error as error:
        raise PngError(f"`{name}` is damaged: its image data does not decompress ({error})") from error
    if len(raw) < size:
        raise PngError(f"`{name}` is truncated: its image data holds {len(raw)} of the {size} bytes its size needs")
    return raw


def _unfilter(raw: bytes, height: int, row_size: int, step: int, name: str) -> list[bytes]:
    """The rows of `raw` with their filters undone; `step` is the bytes per pixel (at least 1)."""
    rows, previous = [], bytes(row_size)
    for start in range(0, height * (row_size + 1), row_size + 1):
        kind, row = raw[start], raw[start + 1 : start + 1 + row_size]
        if kind == 0:
            pass
        elif kind == 1:
            row = _sub(row, step)
        elif kind == 2:
            row = bytes([(a + b) & 255 for a, b in zip(row, previous, strict=True)])
        elif kind == 3:
            row = _average(row, previous, step)
        elif kind == 4:
            row = _paeth(row, previous, step)
        else:
            raise PngError(f"`{name}` is damaged: row {len(rows)} has filter type {kind}, not 0 to 4")
        rows.append(row)
        previous = row
    return rows


def _sub(row: bytes, step: int) -> bytes:
    """Undo the Sub filter: each byte adds the byte `step` before it (a running sum per channel)."""
    out = bytearray(len(row))
    for channel in range(step):
        out[channel::step] = bytes([total & 255 for total in accumulate(row[channel::step])])
    return bytes(out)


def _average(row: bytes, previous: bytes, step: int) -> bytes:
    """Undo the Average filter: each byte adds the mean of the byte `step` before it and the byte above."""
    out = bytearray(len(row))
    for channel in range(step):
        left = 0
        out[channel::step] = bytes(
            [
                left := (x + ((left + up) >> 1)) & 255
                for x, up in zip(row[channel::step], previous[channel::step], strict=True)
            ]
        )
    return bytes(out)


def _paeth(row: bytes, previous: bytes, step: int) -> bytes:
    """Undo the Paeth filter: each byte adds whichever of left, above and above-left is nearest their estimate."""
    out = bytearray(len(row))
    for channel in range(step):
        values = []
        append = values.append
        left = corner = 0
        for x, up in zip(row[channel::step], previous[channel::step], strict=True):
            # The estimate is left + up - corner; these are its distances to left, up and corner.
            to_left, to_up, to_corner = abs(up - corner), abs(left - corner), abs(left + up - corner - corner)
            if to_left <= to_up and to_left <= to_corner:
                left = (x + left) & 255
            elif to_up <= to_corner:
                left = (x + up) & 255
            else:
                left = (x + corner) & 255
            append(left)
            corner = up
        out[channel::step] = bytes(values)
    return bytes(out)


@cache
def _unpack_table(depth: int, scale: int) -> tuple[bytes, ...]:
    """For each byte, the `8 // depth` values of `depth` bits it packs (first value in the high bits), times `scale`."""
    count, mask = 8 // depth, (1 << depth) - 1
    return tuple(
        bytes(((byte >> (8 - depth * (index + 1))) & mask) * scale for index in range(count)) for byte in range(256)
    )
