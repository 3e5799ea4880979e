"""Image files: which are whole, their sizes and channels from their headers, and masks' pixels.

A file is whole when TensorFlow's decoders (which the generated projects read images with)
would take it: its ends are checked, not its pixels. Sizes come from the headers (PNG,
JPEG, BMP, GIF), read with `struct`: for a folder of 1,000 PNGs that takes a third of the
time Pillow's lazy `Image.open` does, and spares its import. A mask's pixels are decoded by
Pillow, imported only inside `read_mask`.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kgen.errors import InvalidAnswer
from kgen.readers.folders import listed

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ENDS = 32
"""Bytes read at each end of an image file."""

Size = tuple[int, int, int]
"""(height, width, channels)."""

_PNG_CHANNELS = {0: 1, 2: 3, 3: 3, 4: 1, 6: 3}
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the `IEND` chunk: no data, and its checksum
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOF0..SOF15 but DHT, JPG and DAC
_JPEG_ALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # markers without a length: TEM, RST0..RST7
_BMP_CHANNELS = {8: 1, 24: 3, 32: 4}


def is_image(path: Path) -> bool:
    """Whether `path` is a file with an image suffix."""
    return path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()


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


def refuse_broken(path: Path, bad: list[str]) -> None:
    """Refuse the image files under `path` named in `bad`, which do not decode."""
    some, do, them = ("1 image file", "does", "it") if len(bad) == 1 else (f"{len(bad)} image files", "do", "them")
    raise InvalidAnswer(f"{some} in `{path}` {do} not decode: {listed(bad)}", hint=f"remove or re-save {them}")


def read_ends(image: Path) -> tuple[bytes, bool]:
    """The first bytes of `image`, and whether it is a whole PNG, JPEG, GIF or BMP file.

    Reads a few bytes at each end, and all of the file only when a PNG or JPEG does not end
    with its end marker (data may follow it, as in phones' motion photos). A file cut short,
    or one that is not such an image, fails; damage inside the pixels goes unseen.
    """
    try:
        with image.open("rb") as handle:
            head = handle.read(ENDS)
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(size - ENDS, 0))
            tail = handle.read()
        return head, _whole(head, tail, size, image.read_bytes)
    except OSError:
        return b"", False


def png_size(head: bytes) -> Size | None:
    """(height, width, channels) in the first bytes of a PNG file; `None` for any other file."""
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 26:
        width, height = struct.unpack(">II", head[16:24])
        channels = _PNG_CHANNELS.get(head[25])
        return (height, width, channels) if channels else None
    return None


def image_size(path: Path) -> Size | None:
    """(height, width, channels) from the header of a PNG, JPEG, BMP or GIF file; `None` if it does not read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(30)
            if head.startswith(b"\xff\xd8"):
                handle.seek(2)
                return _jpeg_size(handle)
            return png_size(head) or _other_size(head)
    except OSError:
        return None


def decoded_size(image: Path) -> Size | None:
    """The size of a whole image file that TensorFlow decodes; `None` for a broken one."""
    _, whole = read_ends(image)
    return image_size(image) if whole else None


@dataclass(frozen=True)
class MaskPixels:
    """The colors a mask's pixels hold, and for a palette PNG the palette index of each."""

    colors: set[tuple[int, int, int]]
    palette_indices: dict[tuple[int, int, int], int]
    gray: bool
    """Whether the mask holds gray values (class indices) rather than colors: no palette, each red = green = blue."""


def read_mask(path: Path) -> MaskPixels:
    """A mask's pixels, decoded by Pillow; raises `InvalidAnswer` for a file that is no 8-bit PNG it reads.

    A palette PNG reads as its palette indices and colors (the palette order is the class
    order); gray, with or without alpha, as its gray values; RGB and RGBA as their colors.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.format != "PNG":
                raise _MaskError(f"`{path}` is not a PNG file")
            if _png_depth(path) == 16:
                raise _MaskError(f"`{path}` is a 16-bit PNG: only PNGs of 8 bits (or fewer) per value are read")
            image.load()
            return _mask_pixels(image, path)
    except _MaskError as error:
        reason = str(error)
    except UnidentifiedImageError:
        reason = f"`{path}` is not a PNG file"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        reason = f"`{path}` is damaged or cut short ({error})"
    raise InvalidAnswer(
        f"mask `{path.name}` cannot be read: {reason}", hint="save masks as 8-bit PNG files (JPEG blurs class edges)"
    )


class _MaskError(Exception):
    """Why a mask is refused, before Pillow decodes it."""


def _png_depth(path: Path) -> int:
    """The bit depth in the header of a file Pillow opened as a PNG."""
    with path.open("rb") as handle:
        return handle.read(25)[24]


def _mask_pixels(image: Any, path: Path) -> MaskPixels:
    """The colors (and palette indices) of a decoded mask."""
    every = image.width * image.height
    if image.mode == "P":
        flat = image.getpalette() or []
        palette = [tuple(flat[at : at + 3]) for at in range(0, len(flat), 3)]
        indices = sorted(index for _, index in image.getcolors(every))
        if indices[-1] >= len(palette):
            raise _MaskError(f"`{path}` has palette index {indices[-1]}, past its palette of {len(palette)} colors")
        colors = {palette[index] for index in indices}
        first: dict[tuple[int, int, int], int] = {}
        for index in indices:
            first.setdefault(palette[index], index)
        return MaskPixels(colors, first, gray=False)
    if image.mode in ("1", "L", "LA"):
        values = {value for _, value in image.getchannel(0).convert("L").getcolors(every)}
        return MaskPixels({(value, value, value) for value in values}, {}, gray=True)
    colors = {color for _, color in image.convert("RGB").getcolors(every)}
    return MaskPixels(colors, {}, gray=all(red == green == blue for red, green, blue in colors))


def _whole(head: bytes, tail: bytes, size: int, read_all: Callable[[], bytes]) -> bool:
    """The ends that TensorFlow's decoders need (`tf.io.decode_image` reads the generated projects' images)."""
    if head.startswith(PNG_SIGNATURE):
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


def _other_size(head: bytes) -> Size | None:
    """The size in a BMP or GIF header (its first 30 bytes)."""
    if head.startswith(b"BM") and len(head) >= 30:
        width, height, bits = struct.unpack("<ii2xH", head[18:30])
        channels = _BMP_CHANNELS.get(bits)
        return (abs(height), width, channels) if channels and width > 0 and height else None
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return (height, width, 3) if width and height else None
    return None


def _jpeg_size(handle: BinaryIO) -> Size | None:
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
