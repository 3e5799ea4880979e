"""Segmentation data: `images/` and `masks/` read before writing, and every refusal of the masks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kgen import spec
from kgen.errors import InvalidAnswer


def scenes(root: Path, masks: list[np.ndarray], *, image_size: tuple[int, int] | None = None) -> Path:
    """An image (RGB, noise) and its mask (as given: gray values, or RGB colors) for each mask."""
    for number, mask in enumerate(masks):
        height, width = image_size or mask.shape[:2]
        pixels = np.random.default_rng(number).integers(0, 255, (height, width, 3), dtype="uint8")
        for folder, picture in (("images", pixels), ("masks", mask)):
            (root / folder).mkdir(parents=True, exist_ok=True)
            Image.fromarray(picture).save(root / folder / f"scene {number:02d}.png")
    return root


def classes(values: list[int], count: int = 12) -> list[np.ndarray]:
    """Masks 16x20 holding the classes given (in stripes), `count` of them."""
    stripes = np.repeat(np.array(values, "uint8"), -(-20 // len(values)))[:20]
    return [np.tile(stripes, (16, 1)) for _ in range(count)]


def answers(root: Path, **more) -> dict:
    return {"task": "segmentation", "data_path": str(root), "patch_size": 8, **more}


def refused(given: dict) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        spec.resolve(given)
    return caught.value


def test_the_class_count_and_notes_come_from_the_masks(tmp_path):
    result = spec.resolve(answers(scenes(tmp_path, classes([0, 1, 3]))))
    assert (result["data_source"], result["mask_classes"], result["channels"], result["mask_colors"]) == (
        "mask_folders",
        4,
        3,
        [],
    )
    assert result.column_notes() == [
        "images: 12 with their masks, 3 channels",
        "sizes: all 16x20 (height x width)",
        "masks hold classes: 0, 1, 3",
    ]


def test_a_class_beyond_the_class_count_is_refused_naming_the_mask(tmp_path):
    error = refused(answers(scenes(tmp_path, classes([0, 1, 5])), mask_classes=3))
    assert str(error) == "mask `scene 00.png` holds class 5, but there are 3 classes (0 to 2)"
    assert error.hint == "pass `--mask-classes 6` if the masks hold that many, or repaint those pixels"


def test_color_masks_need_their_colors_listed(tmp_path):
    red = np.zeros((16, 20, 3), "uint8")
    red[:, 10:] = (255, 0, 0)
    error = refused(answers(scenes(tmp_path, [red] * 12)))
    assert str(error) == "mask `scene 00.png` holds colors, not class indices: #000000, #ff0000"
    assert (
        error.hint == "list the masks' colors in class order, background first, e.g. `--mask-colors '#000000,#ff0000'`"
    )
    result = spec.resolve(answers(tmp_path, mask_colors="#000000,#ff0000"))
    assert result["mask_classes"] == 2


def test_a_color_not_listed_is_refused(tmp_path):
    mask = np.zeros((16, 20, 3), "uint8")
    mask[:, 10:] = (0, 128, 0)
    error = refused(answers(scenes(tmp_path, [mask] * 12), mask_colors="#000000,#ff0000"))
    assert str(error) == "mask `scene 00.png` holds the color #008000, which is not one of --mask-colors"


def test_colors_must_be_hex_and_one_per_class(tmp_path):
    root = scenes(tmp_path, classes([0, 1]))
    assert str(refused(answers(root, mask_colors="black,#ffffff"))) == "mask color `black` is not a `#rrggbb` color"
    error = refused(answers(root, mask_colors="#000000,#ffffff", mask_classes=3))
    assert str(error) == "--mask-colors lists 2 colors, but mask_classes is 3"


def test_an_image_and_its_mask_of_two_sizes(tmp_path):
    error = refused(answers(scenes(tmp_path, classes([0, 1]), image_size=(16, 22))))
    assert str(error) == (
        "image `scene 00.png` is 16x22, but its mask `scene 00.png` is 16x20: "
        "a mask has a class for each pixel of its image"
    )


def test_an_image_without_a_mask(tmp_path):
    root = scenes(tmp_path, classes([0, 1]))
    (root / "masks" / "scene 03.png").unlink()
    error = refused(answers(root))
    assert str(error) == "1 file in `images` has no mask of the same name in `masks`: `scene 03.png`"


def test_a_mask_that_is_not_a_png_is_refused(tmp_path):
    root = scenes(tmp_path, classes([0, 1]))
    (root / "masks" / "scene 00.png").unlink()
    Image.fromarray(classes([0, 1])[0]).save(root / "masks" / "scene 00.jpg")
    error = refused(answers(root))
    assert str(error).startswith("mask `scene 00.jpg` cannot be read: ")
    assert error.hint == "save masks as 8-bit PNG files (JPEG blurs class edges)"


def test_palette_masks_list_their_colors_in_palette_order(tmp_path):
    palette = [(0, 0, 0), (255, 0, 0), (0, 255, 0), (0, 0, 255)]  # sorted: black, blue, green, red
    stripes = np.repeat(np.array([0, 1, 2, 3], "uint8"), 5)
    masks = []
    for number in range(12):
        mask = Image.fromarray(np.tile(stripes if number else stripes % 3, (16, 1)), mode="P")  # the first lacks blue
        mask.putpalette([value for color in palette for value in color])
        masks.append(mask)
    root = scenes(tmp_path, [np.zeros((16, 20), "uint8")] * 12)
    for number, mask in enumerate(masks):
        mask.save(root / "masks" / f"scene {number:02d}.png")
    error = refused(answers(root))
    assert str(error) == "mask `scene 00.png` holds colors, not class indices: #000000, #ff0000, #00ff00"
    assert error.hint.endswith("`--mask-colors '#000000,#ff0000,#00ff00,#0000ff'`")
    result = spec.resolve(answers(root, mask_colors="#000000,#ff0000,#00ff00,#0000ff"))
    assert result.column_notes()[-1] == "masks hold colors: #000000, #ff0000, #00ff00, #0000ff"


def test_rgb_mask_colors_are_all_listed_black_first(tmp_path):
    mask = np.zeros((16, 20, 3), "uint8")
    mask[:, 5:], mask[:, 10:], mask[:, 15:] = (255, 0, 0), (0, 0, 255), (0, 128, 0)
    error = refused(answers(scenes(tmp_path, [mask] * 12)))
    assert error.hint.endswith("`--mask-colors '#000000,#0000ff,#008000,#ff0000'`")
