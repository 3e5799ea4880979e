"""The pixel values of `image_arrays` data: read from the `.npy` data in pure Python, scaled or refused."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kgen import sources, spec
from kgen.errors import InvalidAnswer
from kgen.readers import npy

rng = np.random.default_rng(0)


def arrays(path: Path, pixels: np.ndarray, *, compressed: bool = False, **more: np.ndarray) -> Path:
    """An `.npz` of inputs `x` (the pixels given) and targets `y` (the same, unless given)."""
    (np.savez_compressed if compressed else np.savez)(path, x=pixels, y=more.get("y", pixels))
    return path


def resolved(path: Path, **more) -> spec.Spec:
    return spec.resolve({"task": "denoising", "data_source": "image_arrays", "data_path": str(path), **more})


def refused(path: Path, **more) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        resolved(path, **more)
    return caught.value


EIGHT_BIT = rng.integers(0, 256, (12, 16, 16, 3))


@pytest.mark.parametrize("dtype", ["uint8", "int64", "int32", "uint16", ">i2", "float16", "float32", "float64"])
def test_whole_numbers_from_0_to_255_are_8_bit_pixels_whatever_the_dtype(tmp_path, dtype):
    result = resolved(arrays(tmp_path / "a.npz", EIGHT_BIT.astype(dtype)))
    assert result["pixel_max"] == 255
    name = np.dtype(dtype).name
    assert result.column_notes()[-1] == (
        f"values: `x` {name} 0 to 255, `y` {name} 0 to 255 -> pixels 0-255, divided by 255 (`--pixel-max` changes it)"
    )


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_floats_in_0_1_are_read_as_they_are(tmp_path, dtype):
    result = resolved(arrays(tmp_path / "a.npz", (EIGHT_BIT / 255).astype(dtype)))
    assert result["pixel_max"] == 1
    assert result.column_notes()[-1].endswith("-> pixels in [0, 1], read as they are (`--pixel-max` changes it)")


def test_floats_past_1_are_8_bit_values_and_the_summary_says_so(tmp_path):
    pixels = (EIGHT_BIT * 0.99 + 0.5).astype("float32")
    result = resolved(arrays(tmp_path / "a.npz", pixels))
    assert result["pixel_max"] == 255
    assert "`x` float32 0.5 to 253, `y` float32 0.5 to 253 -> pixels 0-255, divided by 255" in result.column_notes()[-1]


def test_a_large_array_is_read_from_a_sample_spread_through_it(tmp_path):
    pixels = np.concatenate([np.zeros((200, 128, 128, 3), "uint8"), np.full((1, 128, 128, 3), 200, "uint8")])
    facts = sources.inspect("image_arrays", arrays(tmp_path / "a.npz", pixels), {})
    assert facts.pixel_values == {"x": ("uint8", 0.0, 200.0), "y": ("uint8", 0.0, 200.0)}
    assert pixels.nbytes > npy.VALUES_READ


def test_a_compressed_archive_is_read_too(tmp_path):
    facts = sources.inspect("image_arrays", arrays(tmp_path / "a.npz", EIGHT_BIT.astype("int64"), compressed=True), {})
    assert facts.pixel_values["x"] == ("int64", float(EIGHT_BIT.min()), float(EIGHT_BIT.max()))


@pytest.mark.parametrize(
    ("pixels", "message", "hint"),
    [
        (
            rng.normal(0, 1, (12, 16, 16)).astype("float32"),
            "array `x` holds float32 values from -3",
            "save the images as whole numbers 0-255 or as floats in [0, 1]",
        ),
        (
            np.full((12, 16, 16), 4095, "uint16"),
            "array `x` holds uint16 values from 4095 to 4095, not pixels from 0 to 255",
            "pass `--pixel-max N`, the largest value a pixel can take, or rescale them to 0-255",
        ),
        (
            np.full((12, 16, 16), 300.5),
            "array `x` holds float64 values from 300.5 to 300.5, not pixels from 0 to 255",
            "pass `--pixel-max N`, the largest value a pixel can take, or rescale them to 0-255",
        ),
        (
            np.full((12, 16, 16), np.nan, "float32"),
            "array `x` holds NaN or infinite values, not pixels",
            "replace them before saving the arrays",
        ),
        (
            np.full((12, 16, 16), 1 + 2j),
            "array `x` holds values of type `<c16`, not pixels",
            "save images as whole numbers 0-255 (uint8) or as floats in [0, 1]",
        ),
    ],
    ids=["negative", "12-bit", "past-255", "nan", "complex"],
)
def test_values_that_are_not_pixels_are_refused(tmp_path, pixels, message, hint):
    error = refused(arrays(tmp_path / "a.npz", pixels))
    assert str(error).startswith(message)
    assert error.hint == hint


def test_a_pixel_max_that_does_not_fit_the_values_is_refused(tmp_path):
    path = arrays(tmp_path / "a.npz", EIGHT_BIT.astype("uint8"))
    error = refused(path, pixel_max=1)
    assert str(error) == "array `x` holds uint8 values from 0 to 255, past pixel_max 1"
    assert error.hint == "pass `--pixel-max 255` for 8-bit values"
    assert (
        resolved(arrays(tmp_path / "b.npz", np.full((12, 16, 16), 4095, "uint16")), pixel_max=4095)["pixel_max"] == 4095
    )


def test_floats_in_0_1_beside_8_bit_targets_are_refused(tmp_path):
    path = arrays(tmp_path / "a.npz", (EIGHT_BIT / 255).astype("float32"), y=EIGHT_BIT.astype("uint8"))
    error = refused(path)
    assert (
        str(error)
        == "array `x` holds float32 values from 0 to 1, but pixel_max is 255: they would read as almost black"
    )
    assert error.hint == "pass `--pixel-max 1` if every array holds floats in [0, 1], else save both in one range"


@pytest.mark.parametrize("scale", [1 / 255, 4])
def test_image_arrays_outside_0_255_are_refused_with_rescale(tmp_path, scale):
    path = tmp_path / "images.npz"
    np.savez(path, x=(EIGHT_BIT * scale).astype("float32"), y=np.arange(12) % 2)
    given = {"task": "image_binary", "data_source": "npz", "data_path": str(path), "image_height": 16}
    given |= {"image_width": 16, "channels": 3}
    assert spec.resolve(given)["preprocessing"] == "normalize"  # which learns any scale
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve({**given, "preprocessing": "rescale"})
    assert str(caught.value).endswith("but preprocessing `rescale` divides 0-255 pixels by 255")
    assert caught.value.hint == "pass `--preprocessing normalize`, which learns the scale from the data"
    np.savez(path, x=EIGHT_BIT.astype("int64"), y=np.arange(12) % 2)
    assert spec.resolve({**given, "preprocessing": "rescale"})["preprocessing"] == "rescale"


def _damaged(path: Path, *, compressed: bool) -> Path:
    """The archive with 20 bytes of its first array's data overwritten: a bad checksum, or a broken deflate stream."""
    data = bytearray(arrays(path, EIGHT_BIT.astype("uint8"), compressed=compressed).read_bytes())
    data[200:220] = b"\xff" * 20
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("compressed", [False, True], ids=["stored", "compressed"])
@pytest.mark.parametrize("source", ["image_arrays", "npz"])
def test_a_damaged_archive_is_refused_not_a_traceback(tmp_path, compressed, source):
    path = _damaged(tmp_path / "a.npz", compressed=compressed)
    task = {"image_arrays": "denoising", "npz": "image_binary"}[source]
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve({"task": task, "data_source": source, "data_path": str(path)})
    assert str(caught.value).startswith(f"`{path}` is damaged (")
    assert caught.value.hint == "write it again with `numpy.savez`, or copy it again"


def _npz(path: Path, x: bytes, y: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x.npy", x)
        archive.writestr("y.npy", y)
    return path


def _npy(header: str, payload: bytes = b"") -> bytes:
    text = header.encode("latin1")
    text += b" " * (-(len(text) + 11) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + payload


GOOD_Y = _npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,)}", bytes(16))


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (_npy("{'descr': '<f4'}"), GOOD_Y, "an array in the .npz file is not in NumPy's format"),
        (_npy("{'descr': '<f4', 'fortran_order': False, 'shape': 'ab'}"), GOOD_Y, "not in NumPy's format"),
        (_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3)}"), GOOD_Y, "not in NumPy's format"),
        (_npy("{'descr': '<f4', 'fortran"), GOOD_Y, "not in NumPy's format"),
        (b"\x93NUMPY\x01", GOOD_Y, "not in NumPy's format"),
        (
            _npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", bytes(24)),
            _npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,)}", bytes(7)),
            "an array in the .npz file holds 7 bytes of values, where its shape (2,) needs 16",
        ),
    ],
    ids=["no-shape", "text-shape", "negative-shape", "cut-header", "cut-magic", "cut-values"],
)
def test_a_npy_header_or_payload_that_does_not_parse_is_refused(tmp_path, x, y, message):
    path = _npz(tmp_path / "a.npz", x, y)
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve({"task": "tabular_binary", "data_source": "npz", "data_path": str(path)})
    assert message in str(caught.value)
