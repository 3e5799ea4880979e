"""Write image folders cut from scikit-learn's two sample photographs, for image-to-image examples.

    python scripts/write_images.py tiles FOLDER         # 64x64 tiles of both photos: the targets
    python scripts/write_images.py noisy-pairs FOLDER   # the tiles (`clean/`) and noisy copies (`noisy/`)
    python scripts/write_images.py shapes FOLDER        # scenes of squares and discs (`images/`, `masks/`)

Nothing is downloaded: `sklearn.datasets.load_sample_images` ships the photographs (a temple
in China and a flower, 427x640 RGB). Tiles from both cover smooth sky, foliage, petals and
roof edges, the mix that separates a restoration model from bicubic upscaling or from the
noisy input. The noise is Gaussian, standard deviation 25 of 255, from a fixed seed.

`shapes` is drawn from a fixed seed: 64x64 scenes of squares (class 1) and discs (class 2)
on a noisy gradient, with their masks of class indices (0 is the background) as gray PNGs.
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.datasets import load_sample_images

TILE = 64
NOISE = 25.0


def tiles(size: int = TILE) -> dict[str, np.ndarray]:
    """Every whole `size` x `size` tile of each photo, named by photo, row and column."""
    photos = load_sample_images()
    result = {}
    for path, photo in zip(photos.filenames, photos.images, strict=True):
        name = Path(path).stem
        for row in range(photo.shape[0] // size):
            for column in range(photo.shape[1] // size):
                result[f"{name}_{row}_{column}"] = photo[
                    row * size : (row + 1) * size, column * size : (column + 1) * size
                ]
    return result


def shapes(count: int = 160, size: int = 64, seed: int = 0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Scenes of squares and discs on textured noise, and their masks: 0 background, 1 square, 2 disc.

    Squares and discs share their range of brightness (dark on a light background, light on a
    dark one), so only their shape tells them apart; the background is a gradient under noise,
    so no single brightness finds them either.
    """
    rng = np.random.default_rng(seed)
    rows, columns = np.mgrid[0:size, 0:size]
    scenes = {}
    for number in range(count):
        image = 90 + 50 * rng.uniform(-1, 1) * rows / size + 50 * rng.uniform(-1, 1) * columns / size
        mask = np.zeros((size, size), "uint8")
        for label in rng.permutation([1, 1, 2, 2]):
            radius = rng.integers(4, 10)
            top, left = rng.integers(radius, size - radius, 2)
            if label == 1:
                inside = (abs(rows - top) < radius) & (abs(columns - left) < radius)
            else:
                inside = (rows - top) ** 2 + (columns - left) ** 2 < (radius + 1) ** 2
            mask[inside] = label
            image[inside] = (225 if image[top, left] < 128 else 25) + rng.normal(0, 8)  # against the background
        pixels = np.clip(image[..., np.newaxis] + rng.normal(0, 20, (size, size, 3)), 0, 255).round().astype("uint8")
        scenes[f"scene_{number:03d}"] = (pixels, mask)
    return scenes


def write(folder: Path, images: dict[str, np.ndarray]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, image in images.items():
        Image.fromarray(image).save(folder / f"{name}.png")


def noisy(images: dict[str, np.ndarray], seed: int = 0) -> dict[str, np.ndarray]:
    """Each image with Gaussian noise added, rounded back to 8 bits."""
    rng = np.random.default_rng(seed)
    return {
        name: np.clip(image + rng.normal(0, NOISE, image.shape), 0, 255).round().astype("uint8")
        for name, image in images.items()
    }


def main(argv: list[str]) -> None:
    kind, folder = argv[0], Path(argv[1])
    if kind == "tiles":
        write(folder, tiles())
    elif kind == "shapes":
        scenes = shapes()
        write(folder / "images", {name: image for name, (image, _) in scenes.items()})
        write(folder / "masks", {name: mask for name, (_, mask) in scenes.items()})
    elif kind == "noisy-pairs":
        clean = tiles()
        write(folder / "clean", clean)
        write(folder / "noisy", noisy(clean))
    else:
        raise SystemExit(f"unknown kind {kind!r}: tiles, noisy-pairs or shapes")


if __name__ == "__main__":
    main(sys.argv[1:])
