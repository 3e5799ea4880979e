from __future__ import annotations

import random
import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from kgen.png import Png, PngError, decode_png, distinct_colors, distinct_values, read_png

COLOR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG color type, for 8-bit images


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_file(
    width: int,
    height: int,
    raw: bytes,
    *,
    depth: int = 8,
    color_type: int = 2,
    interlace: int = 0,
    extra: bytes = b"",
) -> bytes:
    """A PNG of already filtered scanlines `raw`; `extra` chunks go before the image data."""
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    to_left, to_up, to_corner = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else corner


def filtered(row: bytes, previous: bytes, kind: int, step: int) -> bytes:
    """`row` with PNG filter `kind` applied, written straight from the specification, one byte at a time."""
    out = bytearray()
    for index, value in enumerate(row):
        left = row[index - step] if index >= step else 0
        up = previous[index]
        corner = previous[index - step] if index >= step else 0
        predicted = [0, left, up, (left + up) // 2, paeth(left, up, corner)][kind]
        out.append((value - predicted) & 255)
    return bytes([kind]) + bytes(out)


def filtered_rows(rows: list[bytes], kinds: list[int], step: int) -> bytes:
    previous = bytes(len(rows[0]))
    out = []
    for row, kind in zip(rows, kinds, strict=True):
        out.append(filtered(row, previous, kind, step))
        previous = row
    return b"".join(out)


def random_pixels(height: int, width: int, channels: int, seed: int = 0, values: int = 256) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, values, (height, width, channels), dtype=np.uint8)


def pillow_pixels(path) -> bytes:
    with Image.open(path) as image:
        array = np.asarray(image)
    return (array.astype(np.uint8) * 255).tobytes() if array.dtype == bool else array.tobytes()


@pytest.mark.parametrize(
    ("mode", "channels"), [("L", 1), ("LA", 2), ("RGB", 3), ("RGBA", 4)], ids=["L", "LA", "RGB", "RGBA"]
)
def test_reads_pillow_pngs_of_each_8_bit_mode(tmp_path, mode, channels):
    # A smooth part (Pillow filters it with Sub, Up, Average or Paeth) and a noisy part.
    pixels = random_pixels(23, 37, channels)
    pixels[:12] = (np.add.outer(np.arange(12), np.arange(37)) * 7 % 256)[:, :, None].astype(np.uint8)
    path = tmp_path / "image.png"
    Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels, mode).save(path)

    png = read_png(path)

    assert (png.height, png.width, png.channels, png.palette) == (23, 37, channels, None)
    assert png.pixels == pillow_pixels(path) == pixels.tobytes()


def test_reads_a_1_bit_png_as_0_and_255(tmp_path):
    bits = random_pixels(9, 13, 1, values=2)[:, :, 0].astype(bool)  # 13 wide: the last byte of a row is part padding
    path = tmp_path / "mask.png"
    Image.fromarray(bits).convert("1").save(path)
    assert path.read_bytes()[24:26] == b"\x01\x00"  # bit depth 1, gray

    png = read_png(path)

    assert (png.height, png.width, png.channels) == (9, 13, 1)
    assert png.pixels == pillow_pixels(path) == (bits.astype(np.uint8) * 255).tobytes()
    assert distinct_values(png) == {0, 255}


@pytest.mark.parametrize("depth", [2, 4])
def test_reads_2_and_4_bit_gray_scaled_to_0_255(tmp_path, depth):
    samples = random_pixels(5, 11, 1, values=1 << depth)[:, :, 0]
    per_byte = 8 // depth
    rows = []
    for row in samples.tolist():
        row = row + [0] * (-len(row) % per_byte)
        rows.append(
            bytes(
                sum(value << (8 - depth * (index + 1)) for index, value in enumerate(row[start : start + per_byte]))
                for start in range(0, len(row), per_byte)
            )
        )
    path = tmp_path / "gray.png"
    path.write_bytes(png_file(11, 5, filtered_rows(rows, [0, 1, 2, 3, 4], 1), depth=depth, color_type=0))

    png = read_png(path)

    assert png.pixels == pillow_pixels(path) == (samples * (255 // ((1 << depth) - 1))).astype(np.uint8).tobytes()


@pytest.mark.parametrize(("colors", "depth"), [(2, 1), (4, 2), (16, 4), (200, 8)])
def test_reads_palette_pngs_as_their_indices(tmp_path, colors, depth):
    indices = random_pixels(10, 19, 1, seed=colors, values=colors)[:, :, 0]
    indices[0, 0] = colors - 1
    palette = [(index * 37 % 256, index * 91 % 256, 255 - index) for index in range(colors)]
    image = Image.fromarray(indices, "P")
    image.putpalette([value for color in palette for value in color])
    path = tmp_path / "palette.png"
    image.save(path)
    assert path.read_bytes()[24:26] == bytes([depth, 3])

    png = read_png(path)

    assert (png.height, png.width, png.channels, png.palette) == (10, 19, 1, palette)
    assert png.pixels == pillow_pixels(path) == indices.tobytes()
    assert distinct_values(png) == set(indices.flatten().tolist())
    assert distinct_colors(png) == {palette[index] for index in distinct_values(png)}


@pytest.mark.parametrize("kind", [0, 1, 2, 3, 4], ids=["none", "sub", "up", "average", "paeth"])
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_undoes_each_filter_type(tmp_path, kind, channels):
    pixels = random_pixels(7, 9, channels, seed=kind)
    rows = [row.tobytes() for row in pixels]
    path = tmp_path / "filtered.png"
    path.write_bytes(png_file(9, 7, filtered_rows(rows, [kind] * 7, channels), color_type=COLOR_TYPES[channels]))

    assert read_png(path).pixels == pillow_pixels(path) == pixels.tobytes()


def test_undoes_a_different_filter_on_each_row(tmp_path):
    kinds = [random.Random(3).randrange(5) for _ in range(40)]
    pixels = random_pixels(40, 17, 3, seed=5)
    rows = [row.tobytes() for row in pixels]
    path = tmp_path / "mixed.png"
    path.write_bytes(png_file(17, 40, filtered_rows(rows, kinds, 3)))

    assert read_png(path).pixels == pillow_pixels(path) == pixels.tobytes()


def test_undoes_filters_on_packed_palette_rows(tmp_path):
    # A 4-bit palette row: the filters work on bytes, one byte before, whatever the pixels.
    indices = random_pixels(6, 10, 1, seed=8, values=16)[:, :, 0]
    rows = [bytes((row[i] << 4) | row[i + 1] for i in range(0, 10, 2)) for row in indices.tolist()]
    palette = bytes(range(48))
    raw = filtered_rows(rows, [4, 3, 1, 2, 0, 4], 1)
    path = tmp_path / "packed.png"
    path.write_bytes(png_file(10, 6, raw, depth=4, color_type=3, extra=chunk(b"PLTE", palette)))

    assert read_png(path).pixels == pillow_pixels(path) == indices.tobytes()


def test_skips_ancillary_chunks_and_joins_split_image_data(tmp_path):
    pixels = random_pixels(8, 8, 3, seed=2)
    compressed = zlib.compress(filtered_rows([row.tobytes() for row in pixels], [4] * 8, 3))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"gAMA", struct.pack(">I", 45455))
        + chunk(b"tEXt", b"Comment\x00hello")
        + b"".join(chunk(b"IDAT", compressed[start : start + 10]) for start in range(0, len(compressed), 10))
        + chunk(b"IEND", b"")
    )
    assert decode_png(data).pixels == pixels.tobytes()


def test_distinct_values_and_colors(tmp_path):
    classes = np.array([[0, 1, 1, 2], [2, 2, 0, 1]], dtype=np.uint8)
    Image.fromarray(classes, "L").save(tmp_path / "gray.png")
    colors = np.array([[[255, 0, 0], [0, 255, 0]], [[255, 0, 0], [0, 0, 255]]], dtype=np.uint8)
    Image.fromarray(colors, "RGB").save(tmp_path / "rgb.png")
    alpha = np.concatenate([colors, np.full((2, 2, 1), 128, np.uint8)], axis=2)
    Image.fromarray(alpha, "RGBA").save(tmp_path / "rgba.png")
    gray_alpha = np.stack([classes, np.full_like(classes, 255)], axis=2)
    Image.fromarray(gray_alpha, "LA").save(tmp_path / "la.png")

    gray = read_png(tmp_path / "gray.png")
    assert distinct_values(gray) == {0, 1, 2}
    assert distinct_colors(gray) == {(0, 0, 0), (1, 1, 1), (2, 2, 2)}
    assert distinct_values(read_png(tmp_path / "la.png")) == {0, 1, 2}
    rgb = {(255, 0, 0), (0, 255, 0), (0, 0, 255)}
    assert distinct_colors(read_png(tmp_path / "rgb.png")) == rgb
    assert distinct_colors(read_png(tmp_path / "rgba.png")) == rgb
    with pytest.raises(ValueError, match="distinct_colors"):
        distinct_values(read_png(tmp_path / "rgb.png"))


def test_reads_a_256_by_256_rgb_image(tmp_path):
    pixels = random_pixels(256, 256, 3, seed=256)
    pixels[:128] //= 64  # a part with few values, which Pillow filters differently
    path = tmp_path / "large.png"
    Image.fromarray(pixels, "RGB").save(path)

    png = read_png(path)

    assert (png.height, png.width, png.channels) == (256, 256, 3)
    assert png.pixels == pixels.tobytes()
    assert len(distinct_colors(png)) == len(np.unique(pixels.reshape(-1, 3), axis=0))


def test_a_file_that_is_not_a_png(tmp_path):
    path = tmp_path / "mask.png"
    path.write_bytes(b"GIF89a not a png at all")
    with pytest.raises(PngError, match=r"`.*mask\.png` is not a PNG file"):
        read_png(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(PngError, match="cannot read"):
        read_png(tmp_path / "missing.png")


@pytest.mark.parametrize("keep", [8, 20, 40, -12, -1])
def test_a_truncated_png(tmp_path, keep):
    path = tmp_path / "cut.png"
    Image.fromarray(random_pixels(16, 16, 3), "RGB").save(path)
    path.write_bytes(path.read_bytes()[:keep])
    with pytest.raises(PngError, match=r"cut\.png` is truncated"):
        read_png(path)


def test_image_data_that_ends_early():
    data = png_file(4, 4, b"\x00" + bytes(12))  # one row of the four
    with pytest.raises(PngError, match="truncated: its image data holds 13 of the 52 bytes"):
        decode_png(data, "short.png")


def test_an_interlaced_png():
    data = png_file(4, 4, bytes(64), interlace=1)
    with pytest.raises(PngError, match=r"interlaced \(Adam7\) PNG: interlaced PNGs are not read"):
        decode_png(data, "interlaced.png")


def test_a_16_bit_png(tmp_path):
    path = tmp_path / "deep.png"
    Image.fromarray(np.zeros((3, 5), np.uint16)).save(path)
    assert path.read_bytes()[24] == 16
    with pytest.raises(PngError, match="16-bit PNG"):
        read_png(path)


def test_a_damaged_png():
    data = bytearray(png_file(2, 2, b"\x00" + bytes(6) + b"\x07" + bytes(6)))
    with pytest.raises(PngError, match="row 1 has filter type 7"):
        decode_png(bytes(data))
    data[20] ^= 1  # a byte of the width, in the IHDR chunk
    with pytest.raises(PngError, match="checksum of its IHDR chunk does not match"):
        decode_png(bytes(data))


def test_a_palette_index_past_the_palette():
    data = png_file(2, 1, b"\x00\x00\x05", color_type=3, extra=chunk(b"PLTE", bytes(6)))
    with pytest.raises(PngError, match="palette index 5, past its palette of 2 colors"):
        decode_png(data, "mask.png")


def test_a_palette_png_without_a_palette():
    with pytest.raises(PngError, match="without a PLTE chunk"):
        decode_png(png_file(2, 1, b"\x00\x00\x01", color_type=3))


def test_png_is_a_plain_record():
    png = Png(1, 2, 1, b"\x00\x01", None)
    assert distinct_values(png) == {0, 1}
    with pytest.raises(AttributeError):
        png.width = 3  # type: ignore[misc]


def test_importing_it_loads_only_the_standard_library():
    statement = "import sys, kgen.png; print(sorted({'numpy', 'PIL', 'tensorflow', 'keras'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", statement], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
