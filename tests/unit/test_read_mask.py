"""Masks read by Pillow: the colors and classes each kind of PNG holds, and the PNGs refused with a reason."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from kgen.errors import InvalidAnswer
from kgen.readers.images import read_mask

HINT = "save masks as 8-bit PNG files (JPEG blurs class edges)"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_file(
    width: int, height: int, raw: bytes, *, color_type: int = 2, extra: bytes = b"", interlace: int = 0
) -> bytes:
    """An 8-bit PNG of unfiltered scanlines `raw`; `extra` chunks go before the image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def refusal(path) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        read_mask(path)
    assert caught.value.hint == HINT
    assert str(caught.value).startswith(f"mask `{path.name}` cannot be read: ")
    return caught.value


CLASSES = np.array([[0, 1, 1, 2], [2, 2, 0, 1]], dtype=np.uint8)
COLORS = np.array([[[255, 0, 0], [0, 255, 0]], [[255, 0, 0], [0, 0, 255]]], dtype=np.uint8)


def test_gray_masks_hold_their_gray_values(tmp_path):
    Image.fromarray(CLASSES, "L").save(tmp_path / "gray.png")
    Image.fromarray(np.stack([CLASSES, np.full_like(CLASSES, 255)], axis=2), "LA").save(tmp_path / "la.png")
    for name in ("gray.png", "la.png"):
        mask = read_mask(tmp_path / name)
        assert mask.gray and mask.colors == {(0, 0, 0), (1, 1, 1), (2, 2, 2)} and not mask.palette_indices


def test_a_1_bit_mask_reads_as_0_and_255(tmp_path):
    Image.fromarray(CLASSES.astype(bool)).convert("1").save(tmp_path / "bits.png")
    assert (tmp_path / "bits.png").read_bytes()[24:26] == b"\x01\x00"  # bit depth 1, gray
    assert read_mask(tmp_path / "bits.png").colors == {(0, 0, 0), (255, 255, 255)}


def test_rgb_and_rgba_masks_hold_their_colors(tmp_path):
    Image.fromarray(COLORS, "RGB").save(tmp_path / "rgb.png")
    Image.fromarray(np.concatenate([COLORS, np.full((2, 2, 1), 128, np.uint8)], axis=2), "RGBA").save(
        tmp_path / "a.png"
    )
    for name in ("rgb.png", "a.png"):
        mask = read_mask(tmp_path / name)
        assert not mask.gray and mask.colors == {(255, 0, 0), (0, 255, 0), (0, 0, 255)}


def test_an_rgb_mask_of_grays_holds_class_indices(tmp_path):
    Image.fromarray(np.repeat(CLASSES[:, :, None], 3, axis=2), "RGB").save(tmp_path / "rgb.png")
    assert read_mask(tmp_path / "rgb.png").gray


@pytest.mark.parametrize("colors", [2, 4, 16, 200])
def test_palette_masks_give_their_colors_and_the_first_index_of_each(tmp_path, colors):
    indices = (np.arange(20 * 19).reshape(20, 19) % colors).astype(np.uint8)
    palette = [(index * 37 % 256, index * 91 % 256, 255 - index) for index in range(colors)]
    palette[-1] = palette[0]  # a color twice: its first index counts
    image = Image.fromarray(indices, "P")
    image.putpalette([value for color in palette for value in color])
    image.save(tmp_path / "palette.png")

    mask = read_mask(tmp_path / "palette.png")

    assert not mask.gray and mask.colors == set(palette)
    assert mask.palette_indices == {color: palette.index(color) for color in palette}


def test_a_256_by_256_rgb_mask(tmp_path):
    pixels = np.random.default_rng(256).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    pixels[:128] //= 64
    Image.fromarray(pixels, "RGB").save(tmp_path / "large.png")
    assert len(read_mask(tmp_path / "large.png").colors) == len(np.unique(pixels.reshape(-1, 3), axis=0))


def test_a_file_that_is_not_a_png(tmp_path):
    (tmp_path / "mask.png").write_bytes(b"GIF89a not a png at all")
    assert str(refusal(tmp_path / "mask.png")).endswith("mask.png` is not a PNG file")
    Image.fromarray(CLASSES).save(tmp_path / "mask.jpg")
    assert str(refusal(tmp_path / "mask.jpg")).endswith("mask.jpg` is not a PNG file")


@pytest.mark.parametrize("keep", [8, 20, 40, 100])
def test_a_png_cut_before_its_pixels_end(tmp_path, keep):
    path = tmp_path / "cut.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (16, 16, 3), dtype=np.uint8), "RGB").save(path)
    path.write_bytes(path.read_bytes()[:keep])
    refusal(path)


@pytest.mark.parametrize("keep", [-12, -1])
def test_a_mask_cut_after_its_pixels_is_refused_before_it_is_read(tmp_path, keep):
    """Pillow reads the pixels of a PNG cut inside its IEND chunk; TensorFlow does not, and kgen refuses it first."""
    from kgen import sources

    for folder in ("images", "masks"):
        (tmp_path / folder).mkdir()
        for number in range(12):
            Image.fromarray(CLASSES).save(tmp_path / folder / f"{number}.png")
    cut = tmp_path / "masks" / "3.png"
    cut.write_bytes(cut.read_bytes()[:keep])
    assert read_mask(cut).colors == {(0, 0, 0), (1, 1, 1), (2, 2, 2)}
    with pytest.raises(InvalidAnswer, match=r"1 image file in `.*` does not decode: `masks/3.png`"):
        sources.inspect("mask_folders", tmp_path)


def test_an_interlaced_mask_is_read_as_tensorflow_reads_it(tmp_path):
    # 2x1 gray, Adam7: pass 1 holds the first pixel, pass 6 the second; the other passes are empty.
    (tmp_path / "interlaced.png").write_bytes(png_file(2, 1, b"\x00\x03\x00\x01", color_type=0, interlace=1))
    assert read_mask(tmp_path / "interlaced.png").colors == {(3, 3, 3), (1, 1, 1)}


def test_a_16_bit_png(tmp_path):
    path = tmp_path / "deep.png"
    Image.fromarray(np.zeros((3, 5), np.uint16)).save(path)
    assert path.read_bytes()[24] == 16
    assert "16-bit PNG" in str(refusal(path))


def test_a_damaged_png(tmp_path):
    data = bytearray(png_file(2, 2, b"\x00" + bytes(6) + b"\x07" + bytes(6)))
    (tmp_path / "filter.png").write_bytes(bytes(data))
    refusal(tmp_path / "filter.png")
    data[20] ^= 1  # a byte of the width, in the IHDR chunk
    (tmp_path / "checksum.png").write_bytes(bytes(data))
    refusal(tmp_path / "checksum.png")


def test_a_palette_index_past_the_palette(tmp_path):
    path = tmp_path / "mask.png"
    path.write_bytes(png_file(2, 1, b"\x00\x00\x05", color_type=3, extra=chunk(b"PLTE", bytes(6))))
    assert "palette index 5, past its palette of 2 colors" in str(refusal(path))


def test_importing_the_readers_loads_no_pillow():
    statement = (
        "import sys, kgen.readers.images; print(sorted({'numpy', 'PIL', 'tensorflow', 'keras'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", statement], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
