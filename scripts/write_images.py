"""Write image folders cut from scikit-learn's two sample photographs, for image-to-image examples.

    python scripts/write_images.py tiles FOLDER         # 64x64 tiles of both photos: the targets
    python scripts/write_images.py noisy-pairs FOLDER   # the tiles (`clean/`) and noisy copies (`noisy/`)

Nothing is downloaded: `sklearn.datasets.load_sample_images` ships the photographs (a temple
in China and a flower, 427x640 RGB). Tiles from both cover smooth sky, foliage, petals and
roof edges, the mix that separates a restoration model from bicubic upscaling or from the
noisy input. The noise is Gaussian, standard deviation 25 of 255, from a fixed seed.
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
    elif kind == "noisy-pairs":
        clean = tiles()
        write(folder / "clean", clean)
        write(folder / "noisy", noisy(clean))
    else:
        raise SystemExit(f"unknown kind {kind!r}: tiles or noisy-pairs")


if __name__ == "__main__":
    main(sys.argv[1:])
