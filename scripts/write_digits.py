"""Write scikit-learn's bundled digits (1,797 8x8 grayscale images) as real data files.

    python scripts/write_digits.py images DIR   # DIR/<digit>/<n>.png, one folder per class
    python scripts/write_digits.py pairs DIR    # the same for 3 and 8 only: two classes that look alike
    python scripts/write_digits.py csv FILE     # 64 pixel columns + `digit`
    python scripts/write_digits.py npz FILE     # x: (1797, 8, 8) uint8, y: (1797,)

The digits ship inside the scikit-learn package, so nothing is downloaded.
"""

import csv
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits


def pixels() -> tuple[np.ndarray, np.ndarray]:
    """Digits as uint8 images scaled from 0-16 to 0-255, and their labels."""
    digits = load_digits()
    return (digits.images * (255 / 16)).round().astype("uint8"), digits.target


def write_images(folder: Path, digits: tuple[int, ...] = tuple(range(10))) -> None:
    images, labels = pixels()
    for index, (image, label) in enumerate(zip(images, labels, strict=True)):
        if label not in digits:
            continue
        target = folder / str(label)
        target.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image, mode="L").save(target / f"{index:04d}.png")


def write_csv(path: Path) -> None:
    images, labels = pixels()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"pixel {row}-{col}" for row in range(8) for col in range(8)] + ["digit"])
        for image, label in zip(images, labels, strict=True):
            writer.writerow([*image.reshape(-1).tolist(), int(label)])


def write_npz(path: Path) -> None:
    images, labels = pixels()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=images, y=labels)


if __name__ == "__main__":
    kind, destination = sys.argv[1], Path(sys.argv[2])
    writers = {"images": write_images, "pairs": lambda folder: write_images(folder, (3, 8))}
    (writers | {"csv": write_csv, "npz": write_npz})[kind](destination)
    print(f"wrote digits as {kind} to {destination}")
