from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import png_bytes

from kgen import sources, spec
from kgen.errors import InvalidAnswer
from kgen.readers.images import image_size


def jpeg_bytes(height: int, width: int, components: int = 3, frame: int = 0xC0) -> bytes:
    """A JPEG's markers, without pixels: an APP0 segment, a DHT, fill bytes, the frame header, a scan, the end."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + bytes(9)
    table = b"\xff\xc4" + struct.pack(">H", 5) + bytes(3)
    sof = bytes([0xFF, frame]) + struct.pack(">HBHHB", 8 + 3 * components, 8, height, width, components)
    sof += bytes(3 * components)
    return b"\xff\xd8" + app0 + table + b"\xff\xff" + sof + b"\xff\xda" + struct.pack(">H", 2) + b"\x00\xff\xd9"


def bmp_bytes(height: int, width: int, bits: int = 24) -> bytes:
    """A whole BMP file of black pixels (BITMAPINFOHEADER); a negative height stores the rows top-down."""
    row = (bits * width + 31) // 32 * 4
    pixels = bytes(row * abs(height))
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, len(pixels), 0, 0, 0, 0)
    return b"BM" + struct.pack("<I4xI", 14 + len(header) + len(pixels), 14 + len(header)) + header + pixels


def gif_bytes(height: int, width: int) -> bytes:
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + b";"


def png_header(height: int, width: int, color_type: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refused(given: dict) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve(given)
    return caught.value


def probe_refused(source: str, path: Path, answers: dict | None = None) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        sources.inspect(source, path, answers)
    return caught.value


def super_resolution(path: Path, **answers) -> dict:
    return {"task": "super_resolution", "data_source": "paired_folders", "data_path": str(path), **answers}


# image_size


@pytest.mark.parametrize(
    ("color_type", "channels"), [(0, 1), (2, 3), (3, 3), (4, 1), (6, 3)], ids=["gray", "rgb", "palette", "ga", "rgba"]
)
def test_a_png_size_comes_from_its_header(tmp_path, color_type, channels):
    assert image_size(write(tmp_path / "a.png", png_header(5, 7, color_type))) == (5, 7, channels)


def test_a_jpeg_size_comes_from_its_frame_header_past_the_other_markers(tmp_path):
    assert image_size(write(tmp_path / "a.jpg", jpeg_bytes(30, 40))) == (30, 40, 3)
    assert image_size(write(tmp_path / "b.jpg", jpeg_bytes(9, 11, components=1, frame=0xC2))) == (9, 11, 1)
    assert image_size(write(tmp_path / "c.jpg", jpeg_bytes(9, 11, components=4))) == (9, 11, 3)  # CMYK -> RGB


@pytest.mark.parametrize(("bits", "channels"), [(8, 1), (24, 3), (32, 4)])
def test_a_bmp_size_comes_from_its_info_header(tmp_path, bits, channels):
    assert image_size(write(tmp_path / "a.bmp", bmp_bytes(6, 5, bits))) == (6, 5, channels)
    assert image_size(write(tmp_path / "b.bmp", bmp_bytes(-6, 5, bits))) == (6, 5, channels)  # rows top-down


def test_a_gif_size_comes_from_its_logical_screen(tmp_path):
    assert image_size(write(tmp_path / "a.gif", gif_bytes(12, 34))) == (12, 34, 3)


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image", b"\xff\xd8\xff\xda\x00\x02\xff\xd9", bmp_bytes(4, 4, bits=16), png_header(5, 7, 5)],
    ids=["empty", "text", "jpeg-without-frame", "bmp-16-bits", "png-bad-color-type"],
)
def test_a_file_without_a_size_that_decodes_has_none(tmp_path, data):
    assert image_size(write(tmp_path / "a.img", data)) is None


def test_a_missing_file_has_no_size(tmp_path):
    assert image_size(tmp_path / "missing.png") is None


# Facts


def test_an_image_folder_is_read_recursively_without_hidden_files(tmp_path):
    root = tmp_path / "images"
    write(root / "b.png", png_bytes(7, 5))
    write(root / "sub" / "a.JPG", jpeg_bytes(20, 30))
    write(root / "sub" / "c.bmp", bmp_bytes(4, 3))
    write(root / "d.gif", gif_bytes(8, 9))
    write(root / ".hidden" / "e.png", b"broken")
    write(root / ".f.png", b"broken")
    write(root / "notes.txt", b"not an image")
    facts = sources.inspect("image_folder", root)
    assert facts.target_sizes == {"b.png": (5, 7), "d.gif": (8, 9), "sub/a.JPG": (20, 30), "sub/c.bmp": (4, 3)}
    assert (facts.num_samples, facts.channels, facts.input_sizes) == (4, 3, {})


def test_paired_folders_pair_files_by_name_without_the_suffix(tmp_path):
    root = tmp_path / "pairs"
    write(root / "inputs" / "cat.jpg", jpeg_bytes(4, 5, components=1))
    write(root / "targets" / "cat.png", png_bytes(10, 8, channels=1))
    write(root / "inputs" / "dog.png", png_bytes(6, 4))
    write(root / "targets" / "dog.bmp", bmp_bytes(8, 12))
    write(root / "inputs" / "owl.png", png_bytes(6, 4))
    write(root / "targets" / "emu.png", png_bytes(6, 4))
    write(root / "inputs" / "nested" / "cow.png", png_bytes(6, 4))  # not read: the folders are not searched
    facts = sources.inspect("paired_folders", root)
    assert facts.target_sizes == {"cat": (8, 10), "dog": (8, 12)}
    assert facts.input_sizes == {"cat": (4, 5), "dog": (4, 6)}
    assert facts.pair_names == {"cat": ("cat.jpg", "cat.png"), "dog": ("dog.png", "dog.bmp")}
    assert (facts.unpaired_inputs, facts.unpaired_targets) == (["owl.png"], ["emu.png"])
    assert (facts.num_samples, facts.channels) == (2, 1)


def test_paired_folders_take_their_names_from_the_answers(paired_folders):
    root = paired_folders(count=3)
    (root / "inputs").rename(root / "low")
    (root / "targets").rename(root / "high")
    facts = sources.inspect("paired_folders", root, {"input_folder": "low", "target_folder": "high"})
    assert (facts.num_samples, facts.target_sizes["00"], facts.input_sizes["00"]) == (3, (16, 12), (8, 6))


# What the probe refuses


def test_the_data_path_must_be_a_folder(tmp_path):
    path = write(tmp_path / "a.png", png_bytes(4, 4))
    error = probe_refused("image_folder", path)
    assert (str(error), error.hint) == (
        f"data path `{path}` is not a folder",
        "the `image_folder` data source reads a folder of images",
    )


def test_a_folder_without_images(tmp_path):
    write(tmp_path / "images" / "notes.txt", b"")
    error = probe_refused("image_folder", tmp_path / "images")
    assert str(error) == f"`{tmp_path / 'images'}` has no images"


def test_a_missing_input_folder_is_named_with_the_sub_folders_there(paired_folders):
    root = paired_folders(count=2)
    (root / "inputs").rename(root / "low")
    error = probe_refused("paired_folders", root)
    assert (str(error), error.hint) == (
        f"`{root}` has no input folder `inputs`",
        "its sub-folders are `low`, `targets`: name the input one with `--input-folder`",
    )


def test_a_missing_target_folder_in_a_folder_without_sub_folders(tmp_path):
    write(tmp_path / "pairs" / "a.png", png_bytes(4, 4))
    error = probe_refused("paired_folders", tmp_path / "pairs", {"input_folder": "lr", "target_folder": "hr"})
    assert (str(error), error.hint) == (
        f"`{tmp_path / 'pairs'}` has no input folder `lr`",
        "it has no sub-folders: put the input images in `lr` inside it, or name their folder with `--input-folder`",
    )
    write(tmp_path / "pairs" / "lr" / "a.png", png_bytes(4, 4))
    error = probe_refused("paired_folders", tmp_path / "pairs", {"input_folder": "lr", "target_folder": "hr"})
    assert str(error) == f"`{tmp_path / 'pairs'}` has no target folder `hr`"
    assert error.hint == "its sub-folders are `lr`: name the target one with `--target-folder`"


def test_an_empty_target_folder(paired_folders):
    root = paired_folders(count=2)
    for image in (root / "targets").iterdir():
        image.unlink()
    error = probe_refused("paired_folders", root)
    assert str(error) == f"the target folder `{root / 'targets'}` has no images"


def test_two_images_with_the_same_name_in_one_folder(paired_folders):
    root = paired_folders(count=2)
    write(root / "inputs" / "00.jpg", jpeg_bytes(8, 6))
    error = probe_refused("paired_folders", root)
    assert str(error) == "`inputs` holds two images named `00`: `00.jpg` and `00.png`"


def test_broken_images_are_named_with_their_folder(paired_folders):
    root = paired_folders(count=2)
    write(root / "targets" / "01.png", b"\x89PNG\r\n\x1a\n")
    write(root / "inputs" / "02.gif", b"GIF89a")
    error = probe_refused("paired_folders", root)
    assert str(error) == f"2 image files in `{root}` do not decode: `inputs/02.gif`, `targets/01.png`"


def test_a_broken_image_in_an_image_folder(image_folder):
    root = image_folder([(8, 8)] * 3)
    write(root / "deep" / "x.jpg", jpeg_bytes(8, 8)[:-2])  # cut before its end marker
    error = probe_refused("image_folder", root)
    assert str(error) == f"1 image file in `{root}` does not decode: `deep/x.jpg`"


# Defaults read from the data


def test_image_folder_defaults_read_from_the_data(image_folder):
    result = spec.resolve({"task": "denoising", "data_path": str(image_folder([(40, 50)] * 12, channels=1))})
    assert (result["data_source"], result["channels"], result["patch_size"]) == ("image_folder", 1, 30)
    assert result.facts.num_samples == 12


@pytest.mark.parametrize(("scale", "smallest", "patch"), [(2, 200, 48), (3, 200, 48), (4, 30, 20), (2, 12, 8)])
def test_the_default_patch_is_three_quarters_of_the_smallest_side_at_most_48(image_folder, scale, smallest, patch):
    root = image_folder([(300, 300)] * 11 + [(smallest, 300)])
    result = spec.resolve({"task": "super_resolution", "data_path": str(root), "scale": scale})
    assert result["patch_size"] == patch


@pytest.mark.parametrize(
    ("sizes", "patch", "crops"),
    [
        ([(40, 50)] * 12, 30, 2),
        ([(64, 64)] * 12, 48, 1),
        ([(32, 32)] * 11 + [(128, 160)], 24, 4),
        ([(9, 9)] * 12, 8, 1),
    ],
)
def test_an_epoch_crops_each_image_as_many_times_as_its_area_holds_patches(image_folder, sizes, patch, crops):
    result = spec.resolve({"task": "denoising", "data_path": str(image_folder(sizes, channels=1)), "patch_size": patch})
    assert result["crops_per_image"] == crops


def test_crops_per_image_given_is_kept(image_folder):
    root = str(image_folder([(40, 50)] * 12, channels=1))
    assert spec.resolve({"task": "denoising", "data_path": root, "crops_per_image": 5})["crops_per_image"] == 5
    error = refused({"task": "denoising", "data_path": root, "crops_per_image": 0})
    assert "crops_per_image" in str(error)


def test_paired_defaults_and_notes(paired_folders):
    root = paired_folders(input_size=(24, 24), target_size=(48, 48))
    write(root / "inputs" / "big.png", png_bytes(40, 30))
    write(root / "targets" / "big.png", png_bytes(80, 60))
    result = spec.resolve(super_resolution(root))
    assert (result["channels"], result["scale"], result["patch_size"]) == (3, 2, 36)
    assert result.column_notes() == [
        "images: 13 pairs, 3 channels",
        "targets: 48x48 to 60x80 (height x width)",
        "inputs: 24x24 to 30x40 (height x width)",
    ]


def test_image_folder_notes(image_folder):
    result = spec.resolve({"task": "denoising", "data_path": str(image_folder([(20, 30)] * 10))})
    assert result.column_notes() == ["images: 10, 3 channels", "targets: all 20x30 (height x width)"]


# What the rules refuse


def test_inputs_without_a_target(paired_folders):
    root = paired_folders()
    for name in "abcdefg":
        write(root / "inputs" / f"{name}.png", png_bytes(6, 8))
    error = refused(super_resolution(root))
    assert str(error) == (
        "7 files in `inputs` have no target of the same name in `targets`: "
        "`a.png`, `b.png`, `c.png`, `d.png`, `e.png` and 2 more"
    )
    assert error.hint == "name each input like its target (the suffix may differ), or move it out"


def test_a_target_without_an_input(paired_folders):
    root = paired_folders()
    write(root / "targets" / "z.jpg", jpeg_bytes(16, 12))
    error = refused({"task": "denoising", "data_source": "paired_folders", "data_path": str(root)})
    assert str(error) == "1 file in `targets` has no input of the same name in `inputs`: `z.jpg`"
    assert error.hint == "name each target like its input (the suffix may differ), or move it out"


def test_a_target_that_is_not_scale_times_its_input(paired_folders):
    root = paired_folders()
    write(root / "targets" / "03.png", png_bytes(100, 100))
    write(root / "inputs" / "03.png", png_bytes(40, 40))
    error = refused(super_resolution(root, patch_size=8))
    assert str(error) == "target `03.png` is 100x100, but its input is 40x40: a scale of 2 wants 80x80"
    assert error.hint == (
        "resize the target or its input so that the target is exactly `scale` times larger in height and width"
    )


def test_pairs_of_another_scale_suggest_it(paired_folders):
    root = paired_folders(input_size=(8, 6), target_size=(24, 18))
    error = refused(super_resolution(root))
    assert str(error) == "target `00.png` is 24x18, but its input is 8x6: a scale of 2 wants 16x12"
    assert error.hint == "pass `--scale 3` if every target is 3 times its input, or resize this pair"
    assert spec.resolve(super_resolution(root, scale=3))["patch_size"] == 12


def test_a_denoising_pair_of_two_sizes(paired_folders):
    root = paired_folders(input_size=(16, 12))
    write(root / "inputs" / "05.png", png_bytes(10, 16))
    error = refused({"task": "denoising", "data_source": "paired_folders", "data_path": str(root)})
    assert str(error) == (
        "input `05.png` is 16x10, but its target `05.png` is 16x12: a denoised image keeps the size of its input"
    )
    assert error.hint == "crop or resize one of the two to the size of the other"


def test_a_patch_larger_than_the_smallest_target(image_folder):
    root = image_folder([(100, 100)] * 10 + [(64, 80), (70, 64)])
    error = refused({"task": "super_resolution", "data_path": str(root), "patch_size": 96})
    assert str(error) == "patch_size 96 is larger than the smallest target image, `10.png` (64x80)"
    assert error.hint == "use at most 64"


def test_a_paired_patch_names_the_target_file(paired_folders):
    root = paired_folders(input_size=(9, 9), target_size=(9, 9))
    error = refused({"task": "denoising", "data_source": "paired_folders", "data_path": str(root), "patch_size": 10})
    assert str(error) == "patch_size 10 is larger than the smallest target image, `00.png` (9x9)"
    assert error.hint == "use at most 9"


def test_targets_too_small_for_any_patch(image_folder):
    error = refused({"task": "super_resolution", "data_path": str(image_folder([(5, 5)] * 12)), "scale": 3})
    assert str(error) == "patch_size 48 is larger than the smallest target image, `0.png` (5x5)"
    assert error.hint == "leave that image out: training patches are at least 8 pixels high and wide"


def test_a_patch_that_is_not_a_multiple_of_the_scale(image_folder):
    root = image_folder([(100, 100)] * 12)
    error = refused({"task": "super_resolution", "data_path": str(root), "scale": 4, "patch_size": 50})
    assert str(error) == "patch_size 50 is not a multiple of the scale, 4"
    assert error.hint == "use 48, so that each input patch is 12 pixels high and wide"


def test_pixel_images_cannot_be_decoded_with_2_channels(image_folder, paired_folders):
    for source, path in (
        ("image_folder", image_folder([(20, 20)] * 12)),
        ("paired_folders", paired_folders(input_size=(16, 12))),
    ):
        error = refused({"task": "denoising", "data_source": source, "data_path": str(path), "channels": 2})
        assert str(error) == "image files cannot be decoded with 2 channels"


def test_too_few_images(image_folder):
    error = refused({"task": "denoising", "data_path": str(image_folder([(20, 20)] * 9))})
    assert str(error) == "the data has only 9 samples"


# An .npz of input and target images


def write_arrays(path: Path, **shapes: tuple[int, ...]) -> Path:
    import numpy as np

    np.savez(path, **{key: np.zeros(shape, "uint8") for key, shape in shapes.items()})
    return path


def test_arrays_defaults_and_refusals(tmp_path):
    path = write_arrays(tmp_path / "images.npz", x=(12, 16, 20, 3), y=(12, 32, 40, 3))
    result = spec.resolve({"task": "super_resolution", "data_source": "image_arrays", "data_path": str(path)})
    assert (result["channels"], result["patch_size"], result["input_key"], result["target_key"]) == (3, 24, "x", "y")
    assert result["crops_per_image"] == 2  # 32x40 targets hold two 24x24 patches
    error = refused({"task": "super_resolution", "data_source": "image_arrays", "data_path": str(path), "scale": 3})
    assert str(error) == "target `y` is 32x40, but its input is 16x20: a scale of 3 wants 48x60"


def test_arrays_that_are_missing_or_do_not_match(tmp_path):
    given = {"task": "denoising", "data_source": "image_arrays"}
    path = write_arrays(tmp_path / "a.npz", noisy=(12, 8, 8), clean=(12, 8, 8))
    error = refused({**given, "data_path": str(path)})
    assert str(error) == f"`{path}` has no array `x`"
    assert error.hint == "its arrays are `clean`, `noisy`: name one with `--input-key`"
    path = write_arrays(tmp_path / "b.npz", x=(12, 8, 8), y=(11, 8, 8))
    assert str(refused({**given, "data_path": str(path)})) == "array `x` holds 12 images, but `y` holds 11"
    path = write_arrays(tmp_path / "c.npz", x=(12, 64), y=(12, 64))
    assert str(refused({**given, "data_path": str(path)})) == "array `x` has shape (12, 64), not images"
